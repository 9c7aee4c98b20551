certdiag scan --at @1796459494 /tmp/certdiag-test.jfvhlk/nonexistent
