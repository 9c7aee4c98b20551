certdiag check --at @1796460124 --no-system-ca --ca int.pem -f json leaf.pem
