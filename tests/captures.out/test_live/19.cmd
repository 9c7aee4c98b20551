certdiag connect --at @1796459955 127.0.0.1:44679 --no-system-ca --ca root.pem -f json
