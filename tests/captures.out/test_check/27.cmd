certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json wild.pem chain.pem --host a.b.example.test
