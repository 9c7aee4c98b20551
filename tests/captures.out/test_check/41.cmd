certdiag check --at @1796459494 --no-system-ca --ca root.pem -f nagios leaf.pem leaf.key chain.pem
