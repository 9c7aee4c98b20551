certdiag show --at @1796459494 -f json /tmp/certdiag-test.LjFmWp/dsa.pub.pem /work/wt/house-tests/tests/fixtures.out/leaf-dsa.pem
