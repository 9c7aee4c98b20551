certdiag connect --at @1796459995 127.0.0.1:59225 --starttls imap --servername mail.test --no-system-ca --ca root.pem -f json
