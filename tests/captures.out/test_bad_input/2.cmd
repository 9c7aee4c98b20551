certdiag check --at @1796459494 /tmp/certdiag-test.8cWnlN/nope.pem
