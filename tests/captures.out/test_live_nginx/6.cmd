certdiag connect --at @1796459961 127.0.0.1:56713 --servername www.c.test --no-system-ca --ca root.pem -f json
