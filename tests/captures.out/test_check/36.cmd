certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json leaf.pem /tmp/certdiag-test.9Mxrjl/loose.key chain.pem
