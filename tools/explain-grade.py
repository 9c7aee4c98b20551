#!/usr/bin/env python3
"""Grades `certdiag explain` on the corpus of real error messages.

Usage: explain-grade.py CERTDIAG [CORPUS]

CORPUS (default tests/explain/corpus.tsv next to this script's parent) is
tab-separated with a header line: family, expected_id, cause_keyword,
source_url, message. In a message, \\n is a newline, \\t a tab and \\\\ a
backslash. An expected_id starting with '+' names an entry the knowledge
base does not have yet; such rows count as unrecognised or wrong until it
exists. A row is right when the first explanation's id equals expected_id
(without the '+') and, if cause_keyword is not '-', the first cause of
that explanation contains it (case-insensitively); unrecognised when
certdiag exits 3 or explains nothing; wrong otherwise.

Always exits 0 when the corpus could be graded (the figures are the
result), 2 on bad usage or a malformed corpus."""
import collections
import json
import os
import subprocess
import sys

COLUMNS = ["family", "expected_id", "cause_keyword", "source_url", "message"]


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            sys.exit("%s:1: header must be %s" % (path, "\t".join(COLUMNS)))
        for n, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line:
                continue
            fields = line.split("\t")
            if len(fields) != len(COLUMNS):
                sys.exit("%s:%d: %d fields, want %d" %
                         (path, n, len(fields), len(COLUMNS)))
            row = dict(zip(COLUMNS, fields))
            row["line"] = n
            rows.append(row)
    return rows


def grade(certdiag, row):
    """Returns (verdict, what certdiag said first)."""
    proc = subprocess.run([certdiag, "explain", "--format", "json"],
                          input=unescape(row["message"]).encode("utf-8"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=60)
    try:
        doc = json.loads(proc.stdout.decode("utf-8") or "{}")
    except ValueError:
        doc = {}
    xs = doc.get("explanations") or []
    if proc.returncode == 3 or not xs:
        return "unrecognised", "exit %d" % proc.returncode
    first = xs[0]
    got = first.get("id", "")
    want = row["expected_id"].lstrip("+")
    if got != want:
        return "wrong", got
    kw = row["cause_keyword"]
    if kw != "-":
        causes = first.get("causes") or [""]
        if kw.lower() not in causes[0].lower():
            return "wrong", "%s (first cause lacks '%s')" % (got, kw)
    return "right", got


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    certdiag = argv[1]
    corpus = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tests",
        "explain", "corpus.tsv")
    rows = load(corpus)
    per = collections.OrderedDict()
    misses = []
    for row in rows:
        verdict, got = grade(certdiag, row)
        fam = per.setdefault(row["family"], collections.Counter())
        fam[verdict] += 1
        fam["total"] += 1
        if verdict != "right":
            misses.append((row, verdict, got))
    total = collections.Counter()
    print("%-22s %6s %6s %6s %6s" % ("family", "right", "wrong", "unrec",
                                     "total"))
    for fam in sorted(per):
        c = per[fam]
        total.update(c)
        print("%-22s %6d %6d %6d %6d" % (fam, c["right"], c["wrong"],
                                         c["unrecognised"], c["total"]))
    pct = 100.0 * total["right"] / total["total"] if total["total"] else 0
    print("overall: %d right (%.0f%%), %d wrong, %d unrecognised of %d "
          "messages in %d families" % (total["right"], pct, total["wrong"],
                                       total["unrecognised"], total["total"],
                                       len(per)))
    proposed = collections.Counter(r["expected_id"] for r in rows
                                   if r["expected_id"].startswith("+"))
    print("rows expecting an entry the knowledge base lacks: %d (%s)" %
          (sum(proposed.values()),
           ", ".join("%s %d" % kv for kv in proposed.most_common())))
    print()
    print("misses (corpus line, family, verdict, expected -> got):")
    for row, verdict, got in misses:
        kw = "" if row["cause_keyword"] == "-" else \
            " [%s]" % row["cause_keyword"]
        print("  %d %s %s: %s%s -> %s" % (row["line"], row["family"],
                                           verdict, row["expected_id"], kw,
                                           got))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
