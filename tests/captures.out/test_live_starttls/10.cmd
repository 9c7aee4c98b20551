certdiag connect --at @1796459995 127.0.0.1:46651 --starttls smtp --timeout 1 --no-system-ca --ca root.pem -f json
