certdiag connect --at @1796459995 127.0.0.1:52653 --starttls smtp --no-system-ca --ca root.pem -f json
