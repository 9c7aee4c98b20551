certdiag scan --no-system-ca --at @1796459494 -f json --pass pass:s3cret-demo /tmp/certdiag-test.jfvhlk/enc
