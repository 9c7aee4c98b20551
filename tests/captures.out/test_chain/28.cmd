certdiag check --at @1796460124 --no-system-ca --ca plroot.pem -f json plleaf.pem plint.pem
