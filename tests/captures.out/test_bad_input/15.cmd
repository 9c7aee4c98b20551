certdiag check --at @1796459494 -f json /work/wt/house-tests/tests/fixtures.out/leaf.p12 --pass pass:wrong
