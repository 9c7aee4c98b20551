certdiag check --at @1796459494 id_ed25519
