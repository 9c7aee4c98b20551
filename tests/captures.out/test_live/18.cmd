certdiag connect --at @1796459955 127.0.0.1:34591 --no-system-ca --ca root.pem --client-cert oldalice.pem --client-key oldalice.key -f json
