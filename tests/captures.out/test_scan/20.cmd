certdiag scan --at @1796459494 --cert /work/wt/house-tests/tests/fixtures.out/leaf.pem
