certdiag check --at @1796460124 --no-system-ca --ca root.pem -f json shuffled.orig --pass file:pass.txt --emit-chain pass.txt
