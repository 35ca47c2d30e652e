#!/usr/bin/env python3
"""Run one command and record its cost: wall time, user and system CPU, peak RSS.

Usage: measure.py OUT_JSON [--stderr FILE] [--stdout FILE] -- COMMAND [ARG ...]

Resource use comes from wait4() on the child, so it covers the command and every
descendant it waited for (Go's and Node's helper threads included). Peak RSS is the
largest resident set of any one process in that tree (Linux ru_maxrss, KiB), not a sum.

Per-thread CPU: while the command runs, /proc/PID/task/*/stat is read every 50 ms and the
last user+system time of each thread of the direct child is kept ("thread_cpu_s", the
busiest first; the final <50 ms of each thread is missed). On a shared machine wall-clock
speedup from threads says little (with sched_autogroup, a session gets one share of the
CPU however many threads it runs), but total CPU / busiest thread's CPU bounds the
speedup the threads would give on idle cores: the busiest thread carries the serial
parts plus its share of the parallel ones.

Writes {"cmd", "exit", "wall_s", "user_s", "sys_s", "cpu_s", "max_rss_kib",
"thread_cpu_s"} to OUT_JSON and exits with the command's exit status, so a failing tool
fails the benchmark.
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
    tick = os.sysconf("SC_CLK_TCK")
    thread_cpu = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        task_dir = "/proc/%d/task" % proc.pid
        try:
            tids = os.listdir(task_dir)
        except OSError:
            tids = []
        for tid in tids:
            try:
                with open("%s/%s/stat" % (task_dir, tid)) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                # utime and stime are fields 14 and 15 of stat (after "pid (comm)": 12, 13).
                thread_cpu[tid] = (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        time.sleep(0.05)
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
        "thread_cpu_s": sorted((round(v, 2) for v in thread_cpu.values()), reverse=True),
    }
    with open(out_json, "w") as f:
        json.dump(rec, f)
        f.write("\n")
    if code != 0:
        print("measure.py: command failed (exit %d): %s" % (code, rec["cmd"]), file=sys.stderr)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
