certdiag check --at @1796459494 nocerts
