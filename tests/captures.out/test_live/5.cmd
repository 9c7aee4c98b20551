certdiag connect --at @1796459955 localhost:43321 --no-system-ca --ca root.pem -H a.test -f json
