certdiag explain the weather is fine
