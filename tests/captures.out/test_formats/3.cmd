certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf.pem leaf.sec1.der chain.pem
