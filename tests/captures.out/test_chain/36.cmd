certdiag check --no-system-ca --ca root.pem -f json fullchain.pem --crl clean.crl --at @1798188124
