certdiag check --at @1796460124 --no-system-ca --ca root.pem --color never fullchain.pem leaf.key
