#!/bin/sh
# Inputs that once crashed, leaked or hung certdiag (tests/regress/load/,
# found by fuzzing): each now loads or gets a specific error, in every
# output format, and the JSON stays valid.
. "${top_srcdir:-.}/tests/lib.sh"

n=0
for f in "$top_srcdir"/tests/regress/load/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	name=${f##*/}
	run show -f json "$f"
	if [ "$RC" -eq 0 ] || [ "$RC" -eq 3 ]; then
		ok "$name: show exits $RC"
	else
		fail "$name: show exits $RC"
	fi
	expect_json '.status and (.objects | type == "array")' "$name: JSON document"
	if [ "$RC" -eq 3 ]; then
		expect_json '[.findings[] | select(.severity == "error") |
		    .id != "" and (.message | length > 0)] | any' \
		    "$name: a specific error"
	fi
	for fmt in text nagios; do
		run check -f "$fmt" --no-system-ca "$f"
		if [ "$RC" -le 3 ]; then
			ok "$name: check -f $fmt exits $RC"
		else
			fail "$name: check -f $fmt exits $RC"
		fi
	done
done
[ "$n" -gt 0 ] || ok "no regression inputs yet"

done_testing
