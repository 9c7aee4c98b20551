certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf-ed25519.pem leaf-ed25519.key chain.pem
