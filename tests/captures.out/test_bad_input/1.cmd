certdiag check --at @1796459494 -f json /tmp/certdiag-test.8cWnlN/nope.pem
