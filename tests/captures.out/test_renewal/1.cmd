certdiag check --at @1796459494 --no-system-ca --ca /work/wt/house-tests/tests/fixtures.out/root.pem --chain /work/wt/house-tests/tests/fixtures.out/int.pem -f json new.pem new.key --previous old.pem
