certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json fullchain.pem leaf.key --host www.example.test --host 127.0.0.1 --host ::1
