certdiag connect --at @1796459955 127.0.0.1:50715 --no-system-ca --ca root.pem --timeout 1 -f json
