certdiag check --at @1796460124 --no-system-ca --ca root.pem -f json leaf.pem leaf.key
