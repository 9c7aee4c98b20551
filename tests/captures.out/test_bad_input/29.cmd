certdiag check --at @1796459494 /work/wt/house-tests/tests/fixtures.out/leaf.pem --warn-days -3
