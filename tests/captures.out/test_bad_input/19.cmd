certdiag check --at @1796459494 -f json id_ed25519
