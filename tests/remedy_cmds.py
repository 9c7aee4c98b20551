#!/usr/bin/env python3
"""remedy_cmds.py ID JSON DIR: reads certdiag's JSON (strict UTF-8) and
writes the fix commands of finding ID to DIR/cmd.1, cmd.2, ... (exactly
as printed), their number on stdout; exit 1 when ID is not a warning,
failure or error. remedy_cmds.py --fails JSON: the ids of failures and
errors, one a line."""
import json
import sys

doc = json.loads(open(sys.argv[2], "rb").read().decode("utf-8", "strict"))
if sys.argv[1] == "--fails":
    for f in doc["findings"]:
        if f["severity"] in ("fail", "error"):
            print(f["id"])
    sys.exit(0)
found = [f for f in doc["findings"] if f["id"] == sys.argv[1]
         and f["severity"] in ("warn", "fail", "error")]
if not found:
    sys.exit(1)
n = 0
if len(sys.argv) > 3:
    # The first of them that carries commands.
    withcmds = [f for f in found if f.get("fix", {}).get("commands")]
    for c in (withcmds or found)[0].get("fix", {}).get("commands", []):
        n += 1
        with open("%s/cmd.%d" % (sys.argv[3], n), "w") as out:
            out.write(c)
print(n)
