certdiag check --no-system-ca --ca root.pem --at @1796459494 -f nagios leaf.pem leaf.key chain.pem
