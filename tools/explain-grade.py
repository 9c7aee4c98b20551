#!/usr/bin/env python3
"""Grades `certdiag explain` on the corpus of real error messages.

Usage: explain-grade.py [--min-right PCT] [--max-unrecognised N]
                        CERTDIAG [CORPUS...]

CORPUS (default tests/explain/corpus.tsv next to this script's parent) is
tab-separated with a header line: family, expected_id, cause_keyword,
source_url, message. In a message, \\n is a newline, \\t a tab and \\\\ a
backslash. An expected_id starting with '+' names an entry the knowledge
base does not have yet; such rows count as unrecognised or wrong until it
exists. A row is right when the first explanation's id equals expected_id
(without the '+') and, if cause_keyword is not '-', the first cause of
that explanation contains it (case-insensitively); unrecognised when
certdiag exits 3 or explains nothing; wrong otherwise.

Several corpora are graded together, and each one's figure is printed
too (the rows added after the knowledge base was written are kept in a
file of their own, so that their figure can be read apart).

Exits 0 when the corpus could be graded and meets the thresholds given
(--min-right: the share of rows right, in percent; --max-unrecognised:
rows not recognised at all), 1 when it does not, 2 on bad usage or a
malformed corpus."""
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


def usage():
    sys.stderr.write(__doc__)
    sys.exit(2)


def main(argv):
    args = argv[1:]
    min_right, max_unrec = None, None
    while args and args[0].startswith("--"):
        if len(args) < 2:
            usage()
        try:
            if args[0] == "--min-right":
                min_right = float(args[1])
            elif args[0] == "--max-unrecognised":
                max_unrec = int(args[1])
            else:
                usage()
        except ValueError:
            usage()
        args = args[2:]
    if not args:
        usage()
    certdiag = args[0]
    corpora = args[1:] or [os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tests",
        "explain", "corpus.tsv")]
    rows = []
    for corpus in corpora:
        for row in load(corpus):
            row["corpus"] = os.path.basename(corpus)
            rows.append(row)
    per = collections.OrderedDict()
    per_corpus = collections.OrderedDict()
    misses = []
    for row in rows:
        verdict, got = grade(certdiag, row)
        pc = per_corpus.setdefault(row["corpus"], collections.Counter())
        pc[verdict] += 1
        pc["total"] += 1
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
    if len(per_corpus) > 1:
        for name, c in per_corpus.items():
            print("  %s: %d right (%.0f%%), %d wrong, %d unrecognised of "
                  "%d" % (name, c["right"], 100.0 * c["right"] / c["total"],
                          c["wrong"], c["unrecognised"], c["total"]))
    proposed = collections.Counter(r["expected_id"] for r in rows
                                   if r["expected_id"].startswith("+"))
    if proposed:
        print("rows expecting an entry the knowledge base lacks: %d (%s)" %
              (sum(proposed.values()),
               ", ".join("%s %d" % kv for kv in proposed.most_common())))
    print()
    print("misses (corpus line, family, verdict, expected -> got):")
    for row, verdict, got in misses:
        kw = "" if row["cause_keyword"] == "-" else \
            " [%s]" % row["cause_keyword"]
        print("  %s:%d %s %s: %s%s -> %s" % (row["corpus"], row["line"],
                                              row["family"], verdict,
                                              row["expected_id"], kw, got))
    status = 0
    if min_right is not None and pct < min_right:
        print("FAIL: %.1f%% right, below %.1f%%" % (pct, min_right))
        status = 1
    if max_unrec is not None and total["unrecognised"] > max_unrec:
        print("FAIL: %d unrecognised, more than %d" %
              (total["unrecognised"], max_unrec))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
