certdiag check --at @1796459494 --no-system-ca --ca /work/wt/house-tests/tests/fixtures.out/otherca.pem -f json moved.pem moved.key --previous old.pem
