certdiag connect --at @1796459955 [::1]:34293 --no-system-ca --ca root.pem -f json
