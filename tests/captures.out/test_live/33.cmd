certdiag check --at @1796459955 leaf.pem --servername a.test
