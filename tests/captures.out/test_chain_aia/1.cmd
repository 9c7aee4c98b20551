certdiag check --at @1796459900 --no-system-ca --ca root.pem -f json leaf.pem leaf.key
