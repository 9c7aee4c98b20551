#!/usr/bin/env python3
"""Conformance runner for path-validation suites with known outcomes
kept under tests/conformance/: NIST PKITS (pkits/) and Chromium's
verify_certificate_chain_unittest data (chromium/), both as BoringSSL
carries them. Each case becomes the same description x509-limbo uses and
goes through the same tools as tools/limbo.py: certdiag (the anchor as
--ca with --no-system-ca), openssl verify (default and -x509_strict) and
certtool --verify.

usage: pathsuites.py --dir tests/conformance --certdiag BIN
                     [--report FILE] [--only SUBSTRING] [--verbose]

Cases certdiag cannot express are left out and counted: certificate
policies (PKITS 4.8-4.12 and any case with a policy setting), key
purposes other than server and client authentication, and trust
settings other than a plain trust anchor. Only the Python standard
library is used.
"""

import argparse
import base64
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limbo  # noqa: E402

PKITS_TIME = "2012-01-01T00:00:00Z"   # inside every PKITS validity
CHROMIUM_DEFAULT_TIME = "211005120000Z"
POLICY_SECTIONS = ("4.8.", "4.9.", "4.10.", "4.11.", "4.12.")


def pem(der, kind="CERTIFICATE"):
    b = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (
        kind, "\n".join(lines), kind)


def pkits_cases(d):
    """(case, skip reason) from pkits_testcases-inl.h."""
    with open(os.path.join(d, "pkits_testcases-inl.h"),
              encoding="utf-8") as fp:
        text = fp.read()
    for m in re.finditer(r"// (4\.[0-9.]+) ([^\n]*)\n(.*?)\n}\n", text,
                         re.S):
        num, title, body = m.group(1), m.group(2), m.group(3)
        certs = re.findall(r'"([A-Za-z0-9]+)"', re.search(
            r"certs\[\] = \{(.*?)\};", body, re.S).group(1))
        crls = re.findall(r'"([A-Za-z0-9]+)"', re.search(
            r"crls\[\] = \{(.*?)\};", body, re.S).group(1))
        valid = "should_validate = true" in body
        case = {"id": "pkits::%s %s" % (num, title),
                "validation_kind": "SERVER",
                "expected_result": "SUCCESS" if valid else "FAILURE",
                "validation_time": PKITS_TIME, "crl_check_all": True}
        if num.startswith(POLICY_SECTIONS) or "Set" in body.replace(
                "SetUp", ""):
            yield case, "certificate policies"
            continue

        def cert(name):
            with open(os.path.join(d, "certs", name + ".crt"), "rb") as fp:
                return pem(fp.read())

        def crl(name):
            with open(os.path.join(d, "crls", name + ".crl"), "rb") as fp:
                return pem(fp.read(), "X509 CRL")
        case["trusted_certs"] = [cert(certs[0])]
        case["untrusted_intermediates"] = [cert(c) for c in certs[1:-1]]
        case["peer_certificate"] = cert(certs[-1])
        case["crls"] = [crl(c) for c in crls]
        yield case, None


def utc_to_rfc3339(v):
    yy = int(v[0:2])
    year = (1900 if yy >= 50 else 2000) + yy
    return "%04d-%s-%sT%s:%s:%sZ" % (year, v[2:4], v[4:6], v[6:8], v[8:10],
                                     v[10:12])


def split_pem(text):
    return re.findall(r"-----BEGIN CERTIFICATE-----.*?"
                      r"-----END CERTIFICATE-----\n?", text, re.S)


def chromium_cases(d):
    for name in sorted(os.listdir(d)):
        sub = os.path.join(d, name)
        if not os.path.isdir(sub):
            continue
        for t in sorted(f for f in os.listdir(sub) if f.endswith(".test")):
            with open(os.path.join(sub, t), encoding="utf-8") as fp:
                text = fp.read()
            fields = dict(re.findall(r"^([a-z_]+): ?(.*)$", text, re.M))
            errors = text.split("expected_errors:", 1)[1]
            case = {"id": "chromium::%s/%s" % (name, t[:-5]),
                    "expected_result": "FAILURE" if "ERROR:" in errors
                    else "SUCCESS"}
            purpose = fields.get("key_purpose")
            trust = fields.get("last_cert_trust")
            if purpose not in ("SERVER_AUTH", "CLIENT_AUTH"):
                yield case, "key purpose " + str(purpose)
                continue
            if trust != "TRUSTED_ANCHOR":
                yield case, "trust setting " + str(trust)
                continue
            if "expected_user_constrained_policy_set" in fields or \
                    "digest_policy" in fields:
                yield case, "certificate policies"
                continue
            with open(os.path.join(sub, fields["chain"]),
                      encoding="ascii") as fp:
                chain = split_pem(fp.read())
            t = fields.get("utc_time", "DEFAULT")
            case.update({
                "validation_kind": "SERVER" if purpose == "SERVER_AUTH"
                else "CLIENT",
                "validation_time": utc_to_rfc3339(
                    CHROMIUM_DEFAULT_TIME if t == "DEFAULT" else t),
                "peer_certificate": chain[0],
                "untrusted_intermediates": chain[1:-1],
                "trusted_certs": chain[-1:]})
            yield case, None


def run(cases, a):
    results, skipped = [], {}
    for case, skip in cases:
        if a.only and a.only not in case["id"]:
            continue
        if skip:
            skipped[skip] = skipped.get(skip, 0) + 1
            continue
        with tempfile.TemporaryDirectory(prefix="suite-") as d:
            files = limbo.materialize(case, d)
            cv, reasons, _ = limbo.run_certdiag(a.certdiag, case, files)
            ov, _ = limbo.run_openssl(a.openssl, case, files,
                                      limbo.OPENSSL_DEFAULT)
            sv, _ = limbo.run_openssl(a.openssl, case, files,
                                      limbo.OPENSSL_FLAGS)
            tv, _ = limbo.run_certtool(a.certtool, case, files)
        r = {"id": case["id"], "kind": case["validation_kind"],
             "expected": case["expected_result"], "certdiag": cv,
             "openssl": ov, "openssl-strict": sv, "certtool": tv,
             "reasons": reasons}
        best = max((k for k in NOTES if case["id"].startswith(k)), key=len,
                   default=None)
        r["why"] = NOTES.get(best) or (
            "certdiag fails it: " + "; ".join(reasons) if cv == "FAILURE"
            else "certdiag finds nothing wrong")
        results.append(r)
        if a.verbose and cv != r["expected"]:
            print("DISAGREE %s expected %s certdiag %s openssl %s/%s "
                  "certtool %s\n  %s" % (r["id"], r["expected"], cv, ov, sv,
                                         tv, r["why"]))
    return results, skipped


NOTES = {}


def load_notes(path):
    if os.path.exists(path):
        NOTES.update(limbo.load_notes(path))


def write_section(fp, title, intro, results, skipped):
    fp.write("## %s\n\n%s\n\n" % (title, intro))
    if skipped:
        fp.write("Left out (certdiag cannot express them): %s.\n\n" % (
            ", ".join("%d for %s" % (n, k)
                      for k, n in sorted(skipped.items()))))
    fp.write(limbo.table(results, "validation kind") + "\n\n")
    dis = [r for r in results if r["certdiag"] != r["expected"]]
    fp.write("### Where certdiag disagrees with the expected result "
             "(%d)\n\n" % len(dis))
    for r in dis:
        fp.write("- `%s` (expected %s; openssl verify: %s, -x509_strict: "
                 "%s, certtool: %s): %s\n" % (
                     r["id"], r["expected"], r["openssl"],
                     r["openssl-strict"], r.get("certtool") or "-",
                     r["why"]))
    fp.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--certdiag", required=True)
    ap.add_argument("--openssl", default="openssl")
    ap.add_argument("--certtool", default=limbo.shutil.which("certtool")
                    or "")
    ap.add_argument("--report")
    ap.add_argument("--only")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--notes", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "pathsuites-notes.txt"))
    a = ap.parse_args()
    limbo.OPENSSL = a.openssl
    load_notes(a.notes)
    suites = [
        ("NIST PKITS", "pkits", pkits_cases,
         "NIST PKITS 1.0.1 as BoringSSL carries it (pki/testdata/"
         "nist-pkits: certificates, CRLs, and the expected results from "
         "PKITS.pdf). Each case: the trust anchor as `--ca` with "
         "`--no-system-ca`, the path's CA certificates as `--chain`, "
         "every CRL of the case as `--crl` (openssl: `-crl_check_all`), "
         "purpose server, validation time %s." % PKITS_TIME),
        ("Chromium verify_certificate_chain_unittest", "chromium",
         chromium_cases,
         "Chromium's path-validation cases as BoringSSL carries them "
         "(pki/testdata/verify_certificate_chain_unittest): each `.test` "
         "names a chain (target first, the trust anchor last), a time "
         "(DEFAULT: 2021-10-05 12:00 UTC), a key purpose and the expected "
         "errors; no error expected means valid. The anchor goes as "
         "`--ca` with `--no-system-ca`, the rest as `--chain`.")]
    out = open(a.report, "w", encoding="utf-8") if a.report else None
    for title, sub, gen, intro in suites:
        d = os.path.join(a.dir, sub)
        if not os.path.isdir(d):
            continue
        results, skipped = run(gen(d), a)
        print("%s: %d cases, %s left out" % (title, len(results),
                                               sum(skipped.values())))
        print(limbo.table(results, "validation kind"))
        if out:
            write_section(out, title, intro, results, skipped)
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
