certdiag connect --at @1796459955 127.0.0.1:37373 --no-system-ca --ca root.pem --servername c.test -f json
