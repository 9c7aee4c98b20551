#!/usr/bin/env python3
"""Run one command and measure what it cost: CPU time (user + system) and
peak resident memory of the child, from getrusage(RUSAGE_CHILDREN), never
wall-clock time (the machine is shared; a busy neighbour must not fail a
test, a slow algorithm must).

    budget.py [--cpu SECONDS] [--rss-mb MB] [--limit SECONDS]
              [--out FILE] [--err FILE] -- COMMAND...

Prints "cpu=S rss=MB status=N" once the command has finished; exits 0
when the
command stayed within --cpu and --rss-mb (when given), 1 when it did not.
The command's own exit status is in the printed line. --limit sets
RLIMIT_CPU for the child (default 20 s), so a regression fails instead
of hanging the suite; a child killed by it is reported as status 137."""
import argparse
import resource
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpu", type=float)
    ap.add_argument("--rss-mb", type=float)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--out", default="/dev/null")
    ap.add_argument("--err", default="/dev/null")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (a.limit, a.limit + 1))

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(a.out, "wb") as out, open(a.err, "wb") as err:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out,
                           stderr=err, preexec_fn=limit)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + \
        (after.ru_stime - before.ru_stime)
    rss_mb = after.ru_maxrss / 1024.0   # Linux: kilobytes
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    print("cpu=%.2fs rss=%.1fMB status=%d" % (cpu, rss_mb, status))
    over = (a.cpu is not None and cpu > a.cpu) or \
        (a.rss_mb is not None and rss_mb > a.rss_mb)
    sys.exit(1 if over else 0)


main()
