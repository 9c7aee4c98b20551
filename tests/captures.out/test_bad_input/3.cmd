certdiag check --at @1796459494 -f json empty.pem
