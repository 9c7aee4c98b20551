#!/usr/bin/env python3
"""hostile_check.py KIND FILE [VALUE...]: asserts what certdiag printed is
safe. KIND text (color: certdiag's own SGR colour allowed): no raw control byte (C0 but newline, DEL, C1), no BiDi
override or isolate, valid UTF-8. KIND json: strict UTF-8, parses; every
fix command passes sh -n and, split into words, holds each VALUE that
occurs in it inside exactly one word. Exit 1 with a reason."""
import json
import shlex
import subprocess
import sys

BIDI = [chr(c) for c in list(range(0x202a, 0x202f)) + list(range(0x2066, 0x206a))
        + [0x200e, 0x200f, 0x061c]]


def bad(msg):
    print(msg)
    sys.exit(1)


kind, path, values = sys.argv[1], sys.argv[2], sys.argv[3:]
data = open(path, "rb").read()
try:
    text = data.decode("utf-8", "strict")
except UnicodeDecodeError as e:
    bad("%s: not UTF-8: %s" % (path, e))
if kind == "color":
    # certdiag's own colour (SGR) sequences; a subject's ESC would be
    # caught before it could form one: it is escaped as text.
    import re
    text = re.sub("\x1b\\[[0-9;]*m", "", text)
    kind = "text"
if kind == "text":
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch != "\n") or o == 0x7f or 0x80 <= o <= 0x9f or ch in BIDI:
            bad("%s: raw control U+%04X at %d: %r" % (path, o, i, text[max(0, i - 30):i + 30]))
    sys.exit(0)
doc = json.loads(text)
ncmd = 0
for f in doc.get("findings", []):
    for c in f.get("fix", {}).get("commands", []):
        ncmd += 1
        if subprocess.run(["sh", "-n", "-c", c]).returncode != 0:
            bad("sh -n rejects: %r" % c)
        words = shlex.split(c, posix=True)
        for v in values:
            if v in c or any(v in w for w in words):
                if not any(v in w for w in words):
                    bad("value %r split across words in %r" % (v, c))
print("ok %d commands" % ncmd)
