certdiag check --at @1796459494 keystore.jks
