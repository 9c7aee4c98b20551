certdiag check --at @1796459494 --no-system-ca --ca root.pem -f nagios soon.pem chain.pem
