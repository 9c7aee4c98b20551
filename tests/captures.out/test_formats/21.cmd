certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf.pem leaf.enc.key chain.pem --pass file:/tmp/certdiag-test.GtvEFj/pw
