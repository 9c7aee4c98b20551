certdiag check --at @1796459955 leaf.pem leaf.key int.pem --connect 127.0.0.1:36427 -f json
