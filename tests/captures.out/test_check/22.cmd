certdiag check --no-system-ca --ca root.pem -f json leaf.pem chain.pem --at @1826699494
