certdiag explain -f nagios no shared cipher
