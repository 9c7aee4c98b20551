certdiag explain --help
