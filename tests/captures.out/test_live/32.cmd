certdiag connect --at @1796459955
