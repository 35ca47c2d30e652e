#!/usr/bin/env python3
"""Run one command and record its cost: wall time, user and system CPU, peak RSS.

Usage: measure.py OUT_JSON [--stderr FILE] [--stdout FILE] -- COMMAND [ARG ...]

Resource use comes from wait4() on the child, so it covers the command and every
descendant it waited for (Go's and Node's helper threads included). Peak RSS is the
largest resident set of any one process in that tree (Linux ru_maxrss, KiB), not a sum.
Writes {"cmd", "exit", "wall_s", "user_s", "sys_s", "cpu_s", "max_rss_kib"} to OUT_JSON
and exits with the command's exit status, so a failing tool fails the benchmark.
"""
import json
import os
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    if "--" not in args or args.index("--") < 1:
        sys.exit(__doc__)
    split = args.index("--")
    opts, cmd = args[:split], args[split + 1:]
    out_json = opts[0]
    files = {"--stderr": None, "--stdout": None}
    i = 1
    while i < len(opts):
        if opts[i] in files and i + 1 < len(opts):
            files[opts[i]] = opts[i + 1]
            i += 2
        else:
            sys.exit("measure.py: unknown option %s" % opts[i])
    err = open(files["--stderr"], "wb") if files["--stderr"] else None
    out = open(files["--stdout"], "wb") if files["--stdout"] else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    rec = {
        "cmd": " ".join(cmd),
        "exit": code,
        "wall_s": round(wall, 3),
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "max_rss_kib": usage.ru_maxrss,
    }
    with open(out_json, "w") as f:
        json.dump(rec, f)
        f.write("\n")
    if code != 0:
        print("measure.py: command failed (exit %d): %s" % (code, rec["cmd"]), file=sys.stderr)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
