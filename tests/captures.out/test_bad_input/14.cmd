certdiag check --at @1796459494 /work/wt/house-tests/tests/fixtures.out/leaf.pem /work/wt/house-tests/tests/fixtures.out/leaf.enc.key --pass pass:wrong
