certdiag scan --at @1796459494 -f nagios
