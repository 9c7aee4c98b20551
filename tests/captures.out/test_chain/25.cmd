certdiag check --at @1796460124 --no-system-ca --ca oldroot.pem -f json crossed2.pem
