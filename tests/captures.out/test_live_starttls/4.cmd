certdiag connect --at @1796459995 127.0.0.1:34539 --starttls imap --no-system-ca --ca root.pem -f json
