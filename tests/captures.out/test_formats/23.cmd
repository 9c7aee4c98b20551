certdiag show --at @1796459494 -f json leaf.p12 --pass pass:s3cret-demo
