certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf.pem leaf.enc-legacy.key chain.pem --pass pass:s3cret-demo
