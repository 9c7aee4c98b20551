#!/bin/sh
# Stands in for the unit tests when configure did not find Check: the
# tool built, but `make check` cannot be complete without them.
echo "The unit tests need Check (the C unit test framework), which" \
    "configure did not find." >&2
echo "On Debian/Ubuntu: apt-get install check; then run ./configure" \
    "again and make check." >&2
exit 1
