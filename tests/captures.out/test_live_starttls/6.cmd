certdiag connect --at @1796459995 127.0.0.1:39475 --starttls pop3 --no-system-ca --ca root.pem -f json
