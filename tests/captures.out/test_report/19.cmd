certdiag show --at @1796459494 -f json leaf.pem leaf.key leaf.p12 leaf.enc.key --pass pass:s3cret-demo
