certdiag check --no-system-ca --ca root.pem --at @1796459494 leaf.pem leaf.key --color always
