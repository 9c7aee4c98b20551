#!/usr/bin/env python3
"""Conformance runner: x509-limbo path-validation cases through
`certdiag check --format json`, side by side with
`openssl verify -x509_strict -partial_chain -auth_level 2`.

usage: limbo.py --limbo DIR|FILE --certdiag BIN [--openssl BIN]
                [--report FILE] [--only SUBSTRING] [--verbose]

Each case is written out as files (leaf, intermediates, one file per
trusted root, CRLs) and given to both tools the way a person would:

  SSL_CERT_DIR=store/ certdiag check -f json --cert leaf.pem
      --chain inter.pem [--crl crl.pem] [--at TIME] [--host NAME]
      [--purpose client]
  (store/ holds the trusted certificates, hashed with `openssl rehash`:
  the suite models the Web PKI, whose roots are the platform's store)
  openssl verify -x509_strict -partial_chain -auth_level 2 -no-CApath
      -CAfile roots.pem -untrusted inter.pem [-crl_check -CRLfile crl.pem]
      [-attime EPOCH] [-verify_hostname|-verify_ip NAME] -purpose ... leaf.pem

certdiag's verdict is FAILURE when its status is "fail" (any failure
finding) or "error" (it could not load the input); SUCCESS otherwise.
Only the Python standard library is used.
"""

import argparse
import collections
import datetime
import gzip
import json
import os
import subprocess
import sys
import tempfile

OPENSSL_FLAGS = ["-x509_strict", "-partial_chain", "-auth_level", "2"]
OPENSSL = "openssl"


def load_suite(path):
    if os.path.isdir(path):
        for name in ("limbo.json.gz", "limbo.json"):
            if os.path.exists(os.path.join(path, name)):
                path = os.path.join(path, name)
                break
        else:
            raise SystemExit("limbo.py: no limbo.json(.gz) in %s" % path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fp:
        return json.load(fp)["testcases"]


def suite_label(path):
    """"x509-limbo at commit 8a2e6f4", from the copy's README."""
    d = path if os.path.isdir(path) else os.path.dirname(path)
    try:
        with open(os.path.join(d, "README.md"), encoding="utf-8") as fp:
            for line in fp:
                if "Commit fetched" in line and "`" in line:
                    return "x509-limbo at commit " + line.split("`")[1][:12]
    except OSError:
        pass
    return "x509-limbo"


def write(path, text):
    with open(path, "w", encoding="ascii") as fp:
        fp.write(text)


def epoch(rfc3339):
    t = datetime.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    return int(t.timestamp())


def peer_names(case):
    if case["validation_kind"] == "SERVER":
        p = case.get("expected_peer_name")
        return [p] if p else []
    return list(case.get("expected_peer_names") or [])


def materialize(case, d):
    """Writes the case's PEM material into d; returns the file names."""
    files = {"leaf": os.path.join(d, "leaf.pem"), "roots": [],
             "inter": None, "crl": None}
    write(files["leaf"], case["peer_certificate"])
    if case.get("untrusted_intermediates"):
        files["inter"] = os.path.join(d, "inter.pem")
        write(files["inter"], "".join(case["untrusted_intermediates"]))
    # The suite models the Web PKI: its trust anchors are the platform's
    # roots. certdiag gets them as its system trust store, a hashed
    # directory (SSL_CERT_DIR), as /etc/ssl/certs is.
    files["store"] = os.path.join(d, "store")
    os.mkdir(files["store"])
    for i, pem in enumerate(case.get("trusted_certs") or []):
        f = os.path.join(files["store"], "root%d.pem" % i)
        write(f, pem)
        files["roots"].append(f)
    subprocess.run([OPENSSL, "rehash", files["store"]], capture_output=True)
    files["allroots"] = os.path.join(d, "roots.pem")
    write(files["allroots"], "".join(case.get("trusted_certs") or []))
    if case.get("crls"):
        files["crl"] = os.path.join(d, "crl.pem")
        write(files["crl"], "".join(case["crls"]))
    return files


def run_certdiag(binary, case, files):
    cmd = [binary, "check", "--format", "json", "--cert", files["leaf"]]
    if files["inter"]:
        cmd += ["--chain", files["inter"]]
    if files["crl"]:
        cmd += ["--crl", files["crl"]]
    if case.get("validation_time"):
        cmd += ["--at", case["validation_time"]]
    for p in peer_names(case):
        # certdiag matches DNS names and IP addresses; it has no
        # e-mail (RFC 822) matching.
        if p["kind"] in ("DNS", "IP"):
            cmd += ["--host", p["value"]]
    if case["validation_kind"] == "CLIENT":
        cmd += ["--purpose", "client"]
    if case.get("max_chain_depth") is not None:
        cmd += ["--verify-depth", str(case["max_chain_depth"])]
    env = dict(os.environ, SSL_CERT_DIR=files["store"])
    env.pop("SSL_CERT_FILE", None)
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return "FAILURE", ["timeout"], cmd
    try:
        doc = json.loads(out.stdout.decode("utf-8", "replace"))
    except ValueError:
        return "FAILURE", ["no JSON (exit %d): %s" % (
            out.returncode, out.stderr.decode("utf-8", "replace")[:200])], cmd
    bad = [f for f in doc.get("findings", [])
           if f.get("severity") in ("fail", "error")]
    reasons = ["%s: %s" % (f["id"], f.get("message", "")) for f in bad]
    status = doc.get("status")
    verdict = "FAILURE" if status in ("fail", "error") else "SUCCESS"
    return verdict, reasons, cmd


def run_openssl(binary, case, files):
    cmd = [binary, "verify"] + OPENSSL_FLAGS + ["-no-CApath"]
    if files["roots"]:
        cmd += ["-CAfile", files["allroots"]]
    else:
        cmd += ["-no-CAfile"]
    if files["inter"]:
        cmd += ["-untrusted", files["inter"]]
    if files["crl"]:
        cmd += ["-crl_check", "-CRLfile", files["crl"]]
    if case.get("validation_time"):
        cmd += ["-attime", str(epoch(case["validation_time"]))]
    for p in peer_names(case):
        opt = {"DNS": "-verify_hostname", "IP": "-verify_ip",
               "RFC822": "-verify_email"}.get(p["kind"])
        if opt:
            cmd += [opt, p["value"]]
            break   # openssl verify takes one name of each kind
    cmd += ["-purpose", "sslclient" if case["validation_kind"] == "CLIENT"
            else "sslserver"]
    if case.get("max_chain_depth") is not None:
        cmd += ["-verify_depth", str(case["max_chain_depth"])]
    cmd += [files["leaf"]]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "FAILURE", "timeout"
    text = (out.stdout + out.stderr).decode("utf-8", "replace")
    ok = out.returncode == 0 and text.rstrip().endswith(": OK")
    reason = ""
    for line in text.splitlines():
        if line.startswith("error "):
            reason = line
            break
    return ("SUCCESS" if ok else "FAILURE"), reason


def summarize(results):
    """Rows: (kind, expected) -> [total, certdiag agrees, openssl agrees]."""
    rows = collections.OrderedDict()
    for kind in ("SERVER", "CLIENT"):
        for exp in ("SUCCESS", "FAILURE"):
            rows[(kind, exp)] = [0, 0, 0]
    for r in results:
        row = rows[(r["kind"], r["expected"])]
        row[0] += 1
        row[1] += r["certdiag"] == r["expected"]
        row[2] += r["openssl"] == r["expected"]
    return rows


def pct(n, d):
    return "%.1f%%" % (100.0 * n / d) if d else "-"


def report(results, out, suite):
    rows = summarize(results)
    lines = []
    lines.append("| validation kind | expected | cases | certdiag agrees "
                 "| openssl verify agrees |")
    lines.append("|---|---|---:|---:|---:|")
    tot = [0, 0, 0]
    per_exp = {"SUCCESS": [0, 0, 0], "FAILURE": [0, 0, 0]}
    for (kind, exp), (n, c, o) in rows.items():
        if n == 0:
            continue
        lines.append("| %s | %s | %d | %d (%s) | %d (%s) |" % (
            kind, exp, n, c, pct(c, n), o, pct(o, n)))
        for acc in (tot, per_exp[exp]):
            acc[0] += n
            acc[1] += c
            acc[2] += o
    for exp in ("SUCCESS", "FAILURE"):
        n, c, o = per_exp[exp]
        lines.append("| all | %s | %d | %d (%s) | %d (%s) |" % (
            exp, n, c, pct(c, n), o, pct(o, n)))
    lines.append("| **all** | **both** | **%d** | **%d (%s)** | "
                 "**%d (%s)** |" % (tot[0], tot[1], pct(tot[1], tot[0]),
                                    tot[2], pct(tot[2], tot[0])))
    table = "\n".join(lines)
    if out is None:
        return table
    dis = [r for r in results if r["certdiag"] != r["expected"]]
    with open(out, "w", encoding="utf-8") as fp:
        fp.write("# Conformance: x509-limbo\n\n")
        fp.write("Generated by `make conformance` (tools/limbo.py) from "
                 "%s (%d path-validation cases: every "
                 "SERVER and CLIENT case, none skipped). Each case is given "
                 "to `certdiag check --format json` and to `openssl verify "
                 "%s` with the same leaf, intermediates, trust anchors, "
                 "CRLs, validation time, peer name and purpose (certdiag "
                 "gets the trust anchors as its system trust store, a "
                 "hashed directory named by SSL_CERT_DIR, since the suite "
                 "models the Web PKI); a verdict "
                 "agrees when it matches the suite's expected result. "
                 "certdiag says FAILURE when its status is `fail` or "
                 "`error`.\n\n" % (suite, len(results),
                                   " ".join(OPENSSL_FLAGS)))
        fp.write(table + "\n\n")
        fp.write("## Where certdiag disagrees with the expected result "
                 "(%d)\n\n" % len(dis))
        for r in dis:
            fp.write("- `%s` (%s, expected %s; openssl verify: %s): %s\n" % (
                r["id"], r["kind"], r["expected"], r["openssl"],
                r["why"]))
    return table


def load_notes(path):
    """id or id prefix -> reason, from tools/limbo-notes.txt."""
    notes = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as fp:
            for line in fp:
                line = line.rstrip("\n")
                if not line or line.startswith("#") or "\t" not in line:
                    continue
                key, why = line.split("\t", 1)
                notes[key] = why
    return notes


def explain(r, case, notes):
    """Why certdiag disagrees, in one line."""
    best = max((k for k in notes if case["id"].startswith(k)), key=len,
               default=None)
    if best is not None:
        return notes[best]
    if r["certdiag"] == "FAILURE":
        return "certdiag fails it: " + "; ".join(r["reasons"])
    desc = " ".join((case.get("description") or "").split())
    first = desc.split(". ")[0].rstrip(".")
    return "certdiag finds nothing wrong; the case: " + first + "."


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limbo", required=True)
    ap.add_argument("--certdiag", required=True)
    ap.add_argument("--openssl", default="openssl")
    ap.add_argument("--report")
    ap.add_argument("--only")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--notes", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "limbo-notes.txt"))
    a = ap.parse_args()
    notes = load_notes(a.notes)

    global OPENSSL
    OPENSSL = a.openssl
    cases = load_suite(a.limbo)
    results = []
    for case in cases:
        if case["validation_kind"] not in ("SERVER", "CLIENT"):
            continue
        if a.only and a.only not in case["id"]:
            continue
        with tempfile.TemporaryDirectory(prefix="limbo-") as d:
            files = materialize(case, d)
            cv, reasons, cmd = run_certdiag(a.certdiag, case, files)
            ov, oreason = run_openssl(a.openssl, case, files)
        r = {"id": case["id"], "kind": case["validation_kind"],
             "expected": case["expected_result"], "certdiag": cv,
             "openssl": ov, "reasons": reasons, "openssl_reason": oreason}
        r["why"] = explain(r, case, notes) if cv != r["expected"] else ""
        results.append(r)
        if a.verbose and cv != r["expected"]:
            print("DISAGREE %s expected %s certdiag %s openssl %s\n  %s" % (
                r["id"], r["expected"], cv, ov, r["why"]))
    print(report(results, a.report, suite_label(a.limbo)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
