certdiag check --no-system-ca --ca root.pem --at @1796459494 nothere.pem
