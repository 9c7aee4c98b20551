certdiag connect --at @1796459955 127.0.0.1:34591 --no-system-ca --ca root.pem --client-cert mallory.pem --client-key mallory.key -f json
