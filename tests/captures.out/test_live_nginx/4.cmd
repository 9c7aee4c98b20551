certdiag check --at @1796459961 new.pem site.key int.pem --connect 127.0.0.1:41977 --servername www.a.test --no-system-ca --ca root.pem -f json
