certdiag scan --no-system-ca --at @1796459494 --jobs 1
