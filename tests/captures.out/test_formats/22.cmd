certdiag show --at @1796459494 leaf.pem leaf.key leaf.csr
