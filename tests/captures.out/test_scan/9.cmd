certdiag scan --no-system-ca --at @1796459494 --fail-on warn /tmp/certdiag-test.jfvhlk/warnonly
