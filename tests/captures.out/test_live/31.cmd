certdiag connect --at @1796459955 127.0.0.1:99999 -f json
