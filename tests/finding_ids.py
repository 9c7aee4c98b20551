#!/usr/bin/env python3
"""Lists the public ids the sources can emit, and those the man page
documents, so that a test can compare them.

usage: finding_ids.py code SRCDIR      finding ids, "id file:line" a line
       finding_ids.py explain SRCDIR   explain's message ids, the same
       finding_ids.py man MANPAGE      ids documented under FINDINGS
       finding_ids.py man-explain MANPAGE  under EXPLAINED MESSAGES

Finding ids are found where findings are made: the id argument of
finding_add, finding_add_file, finding_vadd and of every function that
passes its own `id` parameter on to one of them (load_error, ...), and
the id field of the tables such a call reads an id from, and ids set on
a finding afterwards (f->id = "..."). Every string literal in that
argument counts (a ternary names two ids)."""

import os
import re
import sys

ID = re.compile(r'^[a-z][a-z0-9]*(-[a-z0-9]+)*$')
BASE_EMITTERS = {"finding_add": 1, "finding_add_file": 1, "finding_vadd": 1}
KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof"}


def strip_comments(text):
    """Blanks comments, keeping strings, characters and line numbers."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """The comma-separated arguments of the call whose '(' is at start;
    each as (offset, text). None when unbalanced."""
    depth, i, args, begin = 0, start, [], start + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append((begin, text[begin:i]))
                return args
        elif c == "," and depth == 1:
            args.append((begin, text[begin:i]))
            begin = i + 1
        i += 1
    return None


def literals(arg):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', arg)


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def sources(srcdir):
    for root, _, files in sorted(os.walk(srcdir)):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                path = os.path.join(root, f)
                with open(path, encoding="utf-8", errors="replace") as fp:
                    yield path, strip_comments(fp.read())


def functions(text):
    """(name, parameter names, body) of each definition."""
    for m in re.finditer(r"^(\w+)\(([^;{}]*?)\)\s*\{", text, re.M):
        params = [re.sub(r"\[.*", "", p).strip().split()[-1].lstrip("*")
                  if p.strip() and p.strip() not in ("void", "...") else ""
                  for p in m.group(2).split(",")]
        depth, i = 0, m.end() - 1
        while i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        yield m.group(1), params, text[m.end():i]


def calls(text, names):
    for m in re.finditer(r"\b(\w+)\s*\(", text):
        if m.group(1) in names and m.group(1) not in KEYWORDS:
            args = split_args(text, m.end() - 1)
            if args is not None:
                yield m.group(1), args


def emitters(files):
    """Functions that make a finding with the id given as a parameter."""
    found = dict(BASE_EMITTERS)
    changed = True
    while changed:
        changed = False
        for _, text in files:
            for name, params, body in functions(text):
                if name in found or "id" not in params:
                    continue
                for callee, args in calls(body, found):
                    k = found[callee]
                    if k < len(args) and args[k][1].strip() == "id":
                        found[name] = params.index("id")
                        changed = True
                        break
    return found


def table_ids(text):
    """The id field of each static table of structs in text, with the
    offset of each entry: positional ({ X, "id" }) or designated."""
    out = []
    for m in re.finditer(r"\bstruct\s*(\w*)\s*\{([^{}]*)\}\s*(\w+)\s*\[\s*\w*\s*\]"
                         r"\s*=\s*\{", text):
        fields = [f.strip() for f in m.group(2).split(";") if f.strip()]
        names = [re.split(r"[\s*]+", f)[-1] for f in fields]
        if "id" not in names:
            continue
        k = names.index("id")
        body = split_args(text, m.end() - 1) or []
        for off, entry in body:
            e = entry.strip()
            if not e.startswith("{"):
                continue
            inner = split_args(text, text.index("{", off)) or []
            d = [a for a in inner if re.match(r"\s*\.id\s*=", a[1])]
            pick = d[0] if d else inner[k] if k < len(inner) else None
            if pick is not None:
                for lit in literals(pick[1]):
                    out.append((lit, pick[0]))
    return out


def code_ids(srcdir, explain):
    # The family folder, relative to src/: a checkout's own path may
    # contain "/explain/" too.
    files = [(p, t) for p, t in sources(srcdir)
             if os.path.relpath(p, srcdir).startswith("explain" + os.sep)
             == explain]
    ids = {}
    if explain:
        for path, text in files:
            for m in re.finditer(r'\.id\s*=\s*"([^"]+)"', text):
                ids.setdefault(m.group(1), f"{path}:{line_of(text, m.start())}")
        return ids
    emit = emitters(files)
    for path, text in files:
        for callee, args in calls(text, emit):
            k = emit[callee]
            if k >= len(args):
                continue
            off, arg = args[k]
            for lit in literals(arg):
                ids.setdefault(lit, f"{path}:{line_of(text, off)}")
        # Tables read where the id argument is not a literal.
        for lit, off in table_ids(text):
            ids.setdefault(lit, f"{path}:{line_of(text, off)}")
        # An id set on a finding made already (f->id = "...").
        for m in re.finditer(r"(?:->|\.)id\s*=\s*([^;,}]*)", text):
            for lit in literals(m.group(1)):
                ids.setdefault(lit, f"{path}:{line_of(text, m.start())}")
    return {i: w for i, w in ids.items() if ID.match(i)}


def man_ids(path, section):
    ids, inside, sub = set(), False, False
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            if line.startswith(".Sh "):
                inside = line[4:].strip() == section
                sub = False
            elif inside and line.startswith(".Ss "):
                sub = True
            elif inside and sub and line.startswith(".It Sy "):
                ids.add(line.split()[2])
    return ids


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    what, where = sys.argv[1], sys.argv[2]
    if what in ("code", "explain"):
        for i, w in sorted(code_ids(where, what == "explain").items()):
            print(i, w)
    elif what in ("man", "man-explain"):
        section = "FINDINGS" if what == "man" else "EXPLAINED MESSAGES"
        for i in sorted(man_ids(where, section)):
            print(i)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
