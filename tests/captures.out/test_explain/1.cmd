certdiag explain curl: (60) SSL certificate problem: unable to get local issuer certificate
