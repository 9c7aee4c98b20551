certdiag scan --at @1796459494 --fail-on info
