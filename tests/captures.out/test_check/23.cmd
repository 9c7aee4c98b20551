certdiag check --no-system-ca --ca root.pem -f json expired.pem chain.pem --at @1795163494 --warn-days 3
