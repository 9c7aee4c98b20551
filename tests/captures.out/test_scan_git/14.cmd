certdiag scan --staged --no-system-ca --at @1796459494 -f json
