certdiag explain -f json verify error:num=62:hostname mismatch
