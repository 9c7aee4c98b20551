certdiag check --at @1796460124 --no-system-ca -f json leaf.pem int.pem root.pem
