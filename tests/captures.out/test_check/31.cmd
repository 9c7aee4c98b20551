certdiag check --at @1796459494 --no-system-ca --ca self.pem -f json self.pem
