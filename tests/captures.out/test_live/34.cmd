certdiag show --at @1796459955 leaf.pem --connect 127.0.0.1:1
