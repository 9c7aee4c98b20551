certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf-rsapss.pem leaf-rsapss.key chain.pem
