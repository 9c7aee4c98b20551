certdiag connect --at @1796459995 127.0.0.1 --starttls gopher
