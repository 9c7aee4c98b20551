certdiag check --at @1796460124 --no-system-ca --ca root.pem --ca oldroot.pem -f json crossed.pem
