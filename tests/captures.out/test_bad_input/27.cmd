certdiag check /work/wt/house-tests/tests/fixtures.out/leaf.pem --at yesterday
