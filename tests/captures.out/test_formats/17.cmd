certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf.der.gz leaf.key chain.pem
