certdiag check --no-system-ca --ca root.pem --at @1796459494 leaf-legacy.p12 --pass pass:s3cret-demo
