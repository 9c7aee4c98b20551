certdiag show --at @1796459494 -f json leaf.enc.key --pass pass:s3cret-demo
