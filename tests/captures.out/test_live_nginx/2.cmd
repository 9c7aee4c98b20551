certdiag connect --at @1796459961 127.0.0.1:41977 --servername a.test --no-system-ca --ca root.pem -f json
