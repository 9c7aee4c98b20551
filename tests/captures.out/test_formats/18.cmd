certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf-legacy.p12 --pass pass:s3cret-demo
