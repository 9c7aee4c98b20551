certdiag scan --no-system-ca --at @1796459494 -f json --exclude byname/ --exclude live
