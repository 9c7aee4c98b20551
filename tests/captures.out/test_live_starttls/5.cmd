certdiag connect --at @1796459995 127.0.0.1:43423 --starttls pop3 --servername mail.test --no-system-ca --ca root.pem -f json
