certdiag connect --at @1796459961 127.0.0.1:50131 --no-system-ca --ca root.pem -f json
