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
import shutil
import json
import os
import subprocess
import sys
import tempfile

OPENSSL_FLAGS = ["-x509_strict", "-partial_chain", "-auth_level", "2"]
OPENSSL_DEFAULT = ["-partial_chain"]
FAKETIME = shutil.which("faketime")
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


def web_pki(case):
    return case["id"].startswith("webpki::")


def materialize(case, d):
    """Writes the case's PEM material into d; returns the file names."""
    files = {"leaf": os.path.join(d, "leaf.pem"), "roots": [],
             "inter": None, "crl": None}
    write(files["leaf"], case["peer_certificate"])
    if case.get("untrusted_intermediates"):
        files["inter"] = os.path.join(d, "inter.pem")
        write(files["inter"], "".join(case["untrusted_intermediates"]))
    # The webpki family models the Web PKI, whose roots are the
    # platform's store: certdiag gets them as its system trust store, a
    # hashed directory (SSL_CERT_DIR), as /etc/ssl/certs is. Every other
    # family names its anchors, as a private CA is named: --ca.
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
    env = dict(os.environ)
    env.pop("SSL_CERT_FILE", None)
    if web_pki(case):
        env["SSL_CERT_DIR"] = files["store"]
    else:
        cmd += ["--no-system-ca"]
        for f in files["roots"]:
            cmd += ["--ca", f]
        env["SSL_CERT_DIR"] = os.path.join(files["store"], "none")
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


def run_openssl(binary, case, files, flags):
    cmd = [binary, "verify"] + flags + ["-no-CApath"]
    if files["roots"]:
        cmd += ["-CAfile", files["allroots"]]
    else:
        cmd += ["-no-CAfile"]
    if files["inter"]:
        cmd += ["-untrusted", files["inter"]]
    if files["crl"]:
        cmd += ["-crl_check_all" if case.get("crl_check_all") else
                "-crl_check", "-CRLfile", files["crl"]]
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


def run_certtool(binary, case, files):
    """certtool --verify: the leaf and intermediates as one file."""
    if not binary:
        return None, ""
    chain = os.path.join(os.path.dirname(files["leaf"]), "chain.pem")
    with open(chain, "w", encoding="ascii") as fp:
        fp.write(case["peer_certificate"])
        fp.write("".join(case.get("untrusted_intermediates") or []))
    cmd = [binary, "--verify", "--infile", chain,
           "--load-ca-certificate", files["allroots"]]
    if files["crl"]:
        cmd += ["--load-crl", files["crl"]]
    if case.get("validation_time"):
        # certtool 3.7 has no --attime: the clock is set with faketime.
        if not FAKETIME:
            return None, "no faketime"
        cmd = [FAKETIME, "-f", "@" + datetime.datetime.fromtimestamp(
            epoch(case["validation_time"]), datetime.timezone.utc
        ).strftime("%Y-%m-%d %H:%M:%S")] + cmd
    for p in peer_names(case):
        if p["kind"] in ("DNS", "IP"):
            cmd += ["--verify-hostname", p["value"]]
            break
    cmd += ["--verify-purpose", "1.3.6.1.5.5.7.3.2"
            if case["validation_kind"] == "CLIENT" else "1.3.6.1.5.5.7.3.1"]
    if not case.get("trusted_certs"):
        return "FAILURE", "no trust anchor"
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "FAILURE", "timeout"
    text = (out.stdout + out.stderr).decode("utf-8", "replace")
    return ("SUCCESS" if out.returncode == 0 else "FAILURE"), text[-200:]


TOOLS = ("certdiag", "openssl", "openssl-strict", "certtool")
TOOL_LABEL = {"certdiag": "certdiag",
              "openssl": "`openssl verify`",
              "openssl-strict": "`openssl verify -x509_strict`",
              "certtool": "`certtool --verify`"}


def table(results, group):
    """Markdown rows by (group, expected): agreement of every tool."""
    tools = [t for t in TOOLS if any(r.get(t) for r in results)]
    lines = ["| %s | expected | cases | %s |" % (
        group, " | ".join(TOOL_LABEL[t] for t in tools)),
        "|---|---|---:|" + "---:|" * len(tools)]
    keys = []
    for r in results:
        if (r["kind"], r["expected"]) not in keys:
            keys.append((r["kind"], r["expected"]))
    keys.sort(key=lambda k: (k[0], k[1] != "SUCCESS"))
    rows = [(k, [r for r in results if (r["kind"], r["expected"]) == k])
            for k in keys]
    rows += [(("all", e), [r for r in results if r["expected"] == e])
             for e in ("SUCCESS", "FAILURE")]
    for (kind, exp), rs in rows:
        if not rs or (kind != "all" and len(keys) <= 2):
            continue
        cells = ["%d (%s)" % (sum(r[t] == exp for r in rs),
                              pct(sum(r[t] == exp for r in rs), len(rs)))
                 for t in tools]
        lines.append("| %s | %s | %d | %s |" % (kind, exp, len(rs),
                                              " | ".join(cells)))
    cells = ["**%d (%s)**" % (sum(r[t] == r["expected"] for r in results),
                              pct(sum(r[t] == r["expected"] for r in results),
                                  len(results))) for t in tools]
    lines.append("| **all** | **both** | **%d** | %s |" % (
        len(results), " | ".join(cells)))
    return "\n".join(lines)


def pct(n, d):
    return "%.1f%%" % (100.0 * n / d) if d else "-"


def report(results, out, suite):
    text = table(results, "validation kind")
    if out is None:
        return text
    dis = [r for r in results if r["certdiag"] != r["expected"]]
    with open(out, "w", encoding="utf-8") as fp:
        fp.write("## x509-limbo\n\n")
        fp.write("From %s (%d path-validation cases: every "
                 "SERVER and CLIENT case, none skipped). Each case is given "
                 "to `certdiag check --format json`, to `openssl verify "
                 "%s` (default), to `openssl verify %s` (strict) and to "
                 "`certtool --verify` with the same leaf, intermediates, "
                 "trust anchors, CRLs, validation time, peer name and "
                 "purpose. certdiag gets the webpki family's anchors as its "
                 "system trust store (a hashed directory named by "
                 "SSL_CERT_DIR: the Web PKI is where CA/Browser Forum rules "
                 "apply) and every other family's as `--ca` with "
                 "`--no-system-ca`. A verdict agrees when it matches the "
                 "suite's expected result; certdiag says FAILURE when its "
                 "status is `fail` or `error`.\n\n" % (
                     suite, len(results), " ".join(OPENSSL_DEFAULT),
                     " ".join(OPENSSL_FLAGS)))
        fp.write(text + "\n\n")
        fp.write("### Where certdiag disagrees with the expected result "
                 "(%d)\n\n" % len(dis))
        for r in dis:
            fp.write("- `%s` (%s, expected %s; openssl verify: %s, "
                     "-x509_strict: %s, certtool: %s): %s\n" % (
                         r["id"], r["kind"], r["expected"], r["openssl"],
                         r["openssl-strict"], r.get("certtool") or "-",
                         r["why"]))
    return text


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
    ap.add_argument("--certtool", default=shutil.which("certtool") or "",
                    help="GnuTLS certtool (default: from PATH; empty: skip)")
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
            ov, oreason = run_openssl(a.openssl, case, files,
                                      OPENSSL_DEFAULT)
            sv, _ = run_openssl(a.openssl, case, files, OPENSSL_FLAGS)
            tv, _ = run_certtool(a.certtool, case, files)
        r = {"id": case["id"], "kind": case["validation_kind"],
             "expected": case["expected_result"], "certdiag": cv,
             "openssl": ov, "openssl-strict": sv, "certtool": tv,
             "reasons": reasons, "openssl_reason": oreason}
        r["why"] = explain(r, case, notes) if cv != r["expected"] else ""
        results.append(r)
        if a.verbose and cv != r["expected"]:
            print("DISAGREE %s expected %s certdiag %s openssl %s/%s certtool %s"
                  "\n  %s" % (r["id"], r["expected"], cv, ov, sv, tv,
                             r["why"]))
    print(report(results, a.report, suite_label(a.limbo)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
