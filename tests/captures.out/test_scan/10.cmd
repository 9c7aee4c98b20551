certdiag scan --no-system-ca --at @1796459494 -q /tmp/certdiag-test.jfvhlk/warnonly/root.pem
