certdiag check --at @1796459494 --no-system-ca --ca root.pem -f json --cert leaf.pem --key other.key --chain chain.pem
