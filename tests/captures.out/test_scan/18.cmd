certdiag check --at @1796459494 --staged /work/wt/house-tests/tests/fixtures.out/leaf.pem
