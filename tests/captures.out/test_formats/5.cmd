certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf-rsa.pem leaf-rsa.pkcs1.der chain.pem
