certdiag explain curl -k said: wrong version number
