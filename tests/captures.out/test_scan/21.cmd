certdiag scan --at @1796459494 --jobs 0
