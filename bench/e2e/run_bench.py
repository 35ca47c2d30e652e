#!/usr/bin/env python3
"""End-to-end benchmark: doppel and its peers on the shared near-duplicate corpus.

Run through bench/e2e/run.sh (see bench/README.md). For each corpus size it

  1. builds the corpus in bench/e2e/work/ (git-ignored) with ../shared/bench/news_prose.py
     and make_corpus.py --seed 1 (sizes above 100k: 100k copies with seeds 1, 2, ...,
     ids offset, see replicate_corpus.py) and converts docs.tsv to doppel's JSONL;
  2. runs `doppel scan --mode M --threads T --pairs ...` for every mode and thread count
     (and once with --no-clean), the Go ekzhu/minhash-lsh driver, and the npm `minhash`
     package (small sizes only: it is slow), each under measure.py (wall, user+sys CPU
     and peak RSS of the process tree, from wait4);
  3. scores every tool's pairs with ../shared/bench/eval_pairs.py (recall and precision
     at J >= 0.8) BEFORE any time is reported: a doppel run below --min-recall or
     --min-precision stops the benchmark with exit status 1 and no timing for it;
  4. writes results.csv (one row per run, raw numbers), results.md (the table, setup
     notes, the command) and per-run logs into bench/e2e/runs/<date>-<host>/, and prints
     the table.

Ratios, not absolute times, are the figures to quote: the machine is shared, so only
numbers taken in the same run compare. "x Go" is doppel's documents per CPU-second over
the Go peer's on the same corpus in the same run.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def find_shared():
    """../shared beside the repository; for a worktree nested deeper (wt/<name>), the first
    `shared` directory beside an ancestor; DOPPEL_SHARED overrides."""
    if os.environ.get("DOPPEL_SHARED"):
        return os.path.abspath(os.environ["DOPPEL_SHARED"])
    d = REPO
    while True:
        parent = os.path.dirname(d)
        cand = os.path.join(parent, "shared")
        if os.path.isdir(os.path.join(cand, "bench")):
            return cand
        if parent == d:
            return os.path.join(os.path.dirname(REPO), "shared")
        d = parent


SHARED = find_shared()
SHARED_BENCH = os.path.join(SHARED, "bench")
SHARED_DATA = os.path.join(SHARED, "data")
BASE_N = 100000  # corpora above this size are replicated 100k corpora


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def die(msg):
    print("\nBENCHMARK FAILED: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def parse_size(s):
    s = s.strip().lower()
    mult = 1
    if s.endswith("k"):
        mult, s = 1000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1000000, s[:-1]
    n = int(float(s) * mult)
    if n <= 0:
        raise ValueError(s)
    if n > BASE_N and n % BASE_N:
        raise ValueError("sizes above %d must be multiples of it" % BASE_N)
    return n


def size_label(n):
    if n % 1000000 == 0:
        return "%dm" % (n // 1000000)
    if n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def run(cmd, **kw):
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True, **kw)


def ensure_corpus(work, n):
    """Corpus directory for n documents (docs.tsv, truth.tsv, meta.json, docs.jsonl)."""
    prose = os.path.join(work, "prose.txt")
    if not os.path.exists(prose):
        if not os.path.isdir(os.path.join(SHARED_DATA, "reuters21578")):
            die("the corpus needs %s (reuters21578 and bbc), which is absent: "
                "cannot build the benchmark corpus on this machine" % SHARED_DATA)
        run([sys.executable, os.path.join(SHARED_BENCH, "news_prose.py"), prose + ".tmp"])
        os.replace(prose + ".tmp", prose)
    out = os.path.join(work, "nc" + size_label(n))
    meta_path = os.path.join(out, "meta.json")
    ok = False
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        ok = meta.get("n") == n and (n > BASE_N or meta.get("seed") == 1)
    if not ok:
        if n <= BASE_N:
            run([sys.executable, os.path.join(SHARED_BENCH, "make_corpus.py"), "--src", prose,
                 "--out", out, "--n", str(n), "--seed", "1", "--no-files"])
        else:
            # The seed-1 copy is the 100k corpus itself: reuse it when it is there.
            seed1 = os.path.join(work, "parts", "seed1")
            base = os.path.join(work, "nc" + size_label(BASE_N))
            if not os.path.exists(seed1) and os.path.exists(os.path.join(base, "meta.json")):
                os.makedirs(os.path.dirname(seed1), exist_ok=True)
                os.symlink(base, seed1)
            run([sys.executable, os.path.join(HERE, "replicate_corpus.py"), "--shared",
                 SHARED_BENCH, "--src", prose, "--n", str(BASE_N), "--copies", str(n // BASE_N),
                 "--out", out, "--parts", os.path.join(work, "parts")])
        stale = os.path.join(out, "docs.jsonl")
        if os.path.exists(stale):
            os.remove(stale)
    jsonl = os.path.join(out, "docs.jsonl")
    if not os.path.exists(jsonl) or os.path.getmtime(jsonl) < os.path.getmtime(
            os.path.join(out, "docs.tsv")):
        run([sys.executable, os.path.join(HERE, "tsv_to_jsonl.py"),
             os.path.join(out, "docs.tsv"), jsonl + ".tmp"])
        os.replace(jsonl + ".tmp", jsonl)
    with open(meta_path) as f:
        return out, json.load(f)


def probe_machine(work):
    """machine_probe.cc's readings (built into `work`), or None and why not."""
    src = os.path.join(HERE, "machine_probe.cc")
    exe = os.path.join(work, "machine_probe")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        r = subprocess.run(["g++", "-O2", "-std=c++17", "-pthread", src, "-o", exe], capture_output=True, text=True)
        if r.returncode != 0:
            return None, "could not build bench/e2e/machine_probe.cc: " + r.stderr.strip()[-300:]
    r = subprocess.run([exe], capture_output=True, text=True)
    try:
        return json.loads(r.stdout), None
    except ValueError:
        return None, "machine_probe failed: " + (r.stderr.strip()[-300:] or "no output")


def ensure_go(work):
    binary = os.path.join(work, "go-minhashlsh")
    if not os.path.exists(binary):
        if shutil.which("go") is None:
            return None, "go not installed (scripts/install-deps.sh --bench)"
        try:
            run([os.path.join(SHARED_BENCH, "peers", "build_go_minhashlsh.sh"), binary])
        except subprocess.CalledProcessError:
            return None, "build_go_minhashlsh.sh failed (golang-github-ekzhu-minhash-lsh-dev?)"
    return binary, None


def ensure_js(work):
    js = os.path.join(work, "js")
    script = os.path.join(js, "run_minhash_js.js")
    if not os.path.isdir(os.path.join(js, "node_modules", "minhash")):
        if shutil.which("node") is None or shutil.which("npm") is None:
            return None, "node/npm not installed"
        if os.path.exists(js):
            shutil.rmtree(js)
        shutil.copytree(os.path.join(SHARED_BENCH, "peers", "js"), js)
        for root, dirs, files in os.walk(js):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
        os.chmod(js, 0o755)
        try:
            run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=js)
        except subprocess.CalledProcessError:
            return None, "npm ci failed"
    return script, None


def measure(cmd, label, logs, rec_path):
    err = os.path.join(logs, label + ".stderr")
    log("$ " + " ".join(cmd))
    load_before = os.getloadavg()[0]
    code = subprocess.run([sys.executable, os.path.join(HERE, "measure.py"), rec_path,
                           "--stderr", err, "--"] + cmd).returncode
    with open(rec_path) as f:
        rec = json.load(f)
    rec["load_before"] = round(load_before, 2)
    rec["load_after"] = round(os.getloadavg()[0], 2)
    if code != 0:
        with open(err, errors="replace") as f:
            tail = f.read()[-2000:]
        die("%s exited with %d:\n%s" % (label, code, tail))
    with open(err, errors="replace") as f:
        rec["stderr"] = f.read()
    return rec


def evaluate(corpus, pairs_txt):
    out = subprocess.run([sys.executable, os.path.join(SHARED_BENCH, "eval_pairs.py"), corpus,
                          pairs_txt], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def doppel_summary(stderr):
    """Counts from doppel scan's summary on stderr (machine-readable stats when present)."""
    s = {}
    m = re.search(r"([\d,]+) candidate pairs verified -> ([\d,]+) pairs", stderr)
    if m:
        s["candidate_pairs"] = int(m.group(1).replace(",", ""))
        s["pairs"] = int(m.group(2).replace(",", ""))
    m = re.search(r"cleaning removed ([^\n]+)", stderr)
    if m:
        s["cleaning_removed"] = m.group(1).strip()
    m = re.search(r"\(read ([\d.]+), prepare ([\d.]+), match ([\d.]+), cluster ([\d.]+)\)", stderr)
    if m:
        for k, v in zip(("read", "prepare", "match", "cluster"), m.groups()):
            s["wall_" + k + "_s"] = float(v)
    return s


def stats_fields(st, n):
    """Row fields from doppel scan --stats JSON (src/report/stats_writer.cc) for n documents.
    Keys the JSON lacks are left out, so an older doppel still fills what it has."""
    row = {}
    per_doc = lambda v: round(v / n, 1) if isinstance(v, (int, float)) and n else None  # noqa: E731
    if st.get("index_bytes") is not None:
        row["index_bytes_per_doc"] = per_doc(st["index_bytes"])
    if st.get("candidate_pairs") is not None:
        row["candidate_pairs"] = st["candidate_pairs"]
    by_channel = st.get("candidate_pairs_by_channel") or {}
    row["candidate_pairs_band"] = by_channel.get("band")
    row["candidate_pairs_sampled"] = by_channel.get("sampled")
    parts = st.get("index_bytes_by_part") or {}
    row["band_key_bytes_per_doc"] = per_doc(parts.get("band_keys", parts.get("signatures")))
    row["posting_bytes_per_doc"] = per_doc(parts.get("postings"))
    row["shingle_set_bytes_per_doc"] = per_doc(st.get("shingle_set_bytes"))
    seconds = st.get("seconds") or {}
    for stage in ("read", "prepare", "match", "cluster", "write"):
        if seconds.get(stage) is not None:
            row["wall_%s_s" % stage] = seconds[stage]
    cpu = st.get("cpu_seconds") or {}
    row["stats_cpu_s"] = cpu.get("total")
    if st.get("peak_rss_bytes") is not None:
        row["stats_peak_rss_kib"] = st["peak_rss_bytes"] // 1024
    return row


def doppel_supports(doppel, flag):
    try:
        out = subprocess.run([doppel, "scan", "--help"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return flag in out


def fmt(v, digits=0):
    if v is None or v == "":
        return "n/a"
    if isinstance(v, float):
        return ("{:,.%df}" % digits).format(v)
    return "{:,}".format(v) if isinstance(v, int) else str(v)


def round_ratios(prefix, numerators, denominators):
    """Each round's numerator over its denominator (rounds paired in order): the median,
    min and max as the row fields <prefix>_median, _min, _max (None without a round)."""
    ratios = sorted(x / y for x, y in zip(numerators, denominators) if y > 0)
    return {prefix + "_median": round(statistics.median(ratios), 3) if ratios else None,
            prefix + "_min": round(ratios[0], 3) if ratios else None,
            prefix + "_max": round(ratios[-1], 3) if ratios else None}


def fmt_round_ratios(row, prefix):
    """A round_ratios triple as "median (min-max)", or n/a."""
    if not row.get(prefix + "_median"):
        return "n/a"
    return "%s (%s-%s)" % tuple(fmt(row[prefix + suffix], 2) for suffix in ("_median", "_min", "_max"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k,100k",
                    help="corpus sizes (10k, 100k; above 100k multiples of 100k, e.g. 1m: slow)")
    ap.add_argument("--threads", default="1,2", help="doppel thread counts")
    ap.add_argument("--modes", default="near", help="doppel --mode values (near, rewrite)")
    ap.add_argument("--peers", default="go,js", help="peers to run: go, js (or none)")
    ap.add_argument("--rewrite-max-docs", type=int, default=100000,
                    help="run --mode rewrite only on corpora up to this size (its cost per "
                         "document is several times near mode's; results.md names what was skipped)")
    ap.add_argument("--js-max-docs", type=int, default=10000,
                    help="run the npm peer only on corpora up to this size (default 10000)")
    ap.add_argument("--no-clean-variant", dest="no_clean", action="store_true", default=True,
                    help="also run doppel --no-clean (first mode, one thread) (default)")
    ap.add_argument("--skip-no-clean", dest="no_clean", action="store_false")
    ap.add_argument("--min-recall", type=float, default=0.99,
                    help="fail when a doppel run's recall@0.8 is below this (default 0.99)")
    ap.add_argument("--min-precision", type=float, default=0.98,
                    help="fail when a doppel run's precision@0.8 is below this (default 0.98)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds per size: every tool and configuration runs once a round, in turn "
                         "(doppel's configurations rotated: round r starts at the r-th), and each "
                         "keeps its round with the least CPU time (the host's speed drifts by ~15%% "
                         "over minutes; the answer is checked in every round)")
    ap.add_argument("--doppel", default=None, help="doppel binary (default: build it in ./build)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--out", default=None, help="results directory (default runs/<date>-<host>)")
    ap.add_argument("--command", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()

    sizes = [parse_size(s) for s in a.sizes.split(",") if s]
    threads = [int(t) for t in a.threads.split(",") if t]
    modes = [m for m in a.modes.split(",") if m]
    peers = [p for p in a.peers.split(",") if p and p != "none"]
    host = socket.gethostname().split(".")[0]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    out_dir = a.out or os.path.join(HERE, "runs", "%s-%s" % (stamp, host))
    if a.out is None and os.path.exists(out_dir):
        out_dir += datetime.datetime.now().strftime("-%H%M%S")
    logs = os.path.join(out_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    os.makedirs(a.work, exist_ok=True)
    if not os.path.exists(os.path.join(SHARED_BENCH, "eval_pairs.py")):
        die("no shared benchmark material at %s (set DOPPEL_SHARED)" % SHARED_BENCH)
    command = a.command or " ".join(["bench/e2e/run.sh"] + sys.argv[1:])

    doppel = a.doppel
    if doppel is None:
        build = os.path.join(REPO, "build")
        if not os.path.exists(os.path.join(build, "build.ninja")) and not os.path.exists(
                os.path.join(build, "Makefile")):
            run(["cmake", "-S", REPO, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"])
        run(["cmake", "--build", build, "-j2", "--target", "doppel"])
        doppel = os.path.join(build, "doppel")
    doppel = os.path.abspath(doppel)
    has_stats = doppel_supports(doppel, "--stats")
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    # Source changes only: results being rewritten under bench/e2e/runs do not count.
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no", "--",
                            ".", ":(exclude)bench/e2e/runs"],
                           capture_output=True, text=True).stdout.strip()
    build_type = ""
    cache = os.path.join(os.path.dirname(doppel), "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(\S*)", f.read(), re.M)
            build_type = m.group(1) if m else ""

    go_bin = js_script = None
    peer_notes = []
    if "go" in peers:
        go_bin, why = ensure_go(a.work)
        if why:
            peer_notes.append("Go peer skipped: " + why)
    if "js" in peers:
        js_script, why = ensure_js(a.work)
        if why:
            peer_notes.append("npm peer skipped: " + why)

    machine_before, why_no_probe = probe_machine(a.work)
    rows = []
    agreements = {}
    csv_path = os.path.join(out_dir, "results.csv")
    fields = ["size", "docs", "bytes", "tool", "config", "mode", "threads", "clean",
              "recall", "precision", "precision_T-0.1", "reported", "truth_pairs",
              "wall_s", "user_s", "sys_s", "cpu_s", "max_rss_kib", "docs_per_cpu_s",
              "docs_per_wall_s", "x_go_docs_per_cpu_s", "x_go_rounds_median", "x_go_rounds_min",
              "x_go_rounds_max", "speedup_vs_1_thread", "speedup_rounds_median",
              "speedup_rounds_min", "speedup_rounds_max", "speedup_best_wall", "wall_rounds",
              "thread_speedup_bound", "busiest_thread_cpu_s",
              "rss_kib_per_doc", "index_bytes_per_doc", "candidate_pairs",
              "wall_prepare_s", "wall_match_s", "load_before", "load_after",
              # From doppel scan --stats (empty without it).
              "candidate_pairs_band", "candidate_pairs_sampled", "band_key_bytes_per_doc",
              "posting_bytes_per_doc", "shingle_set_bytes_per_doc", "wall_read_s",
              "wall_cluster_s", "wall_write_s", "stats_cpu_s", "stats_peak_rss_kib", "cmd"]

    def write_csv():
        with open(csv_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow(r)

    started = time.time()
    for n in sizes:
        corpus, meta = ensure_corpus(a.work, n)
        label_n = size_label(n)
        docs_tsv = os.path.join(corpus, "docs.tsv")
        docs_jsonl = os.path.join(corpus, "docs.jsonl")
        bytes_tsv = os.path.getsize(docs_tsv)
        base = {"size": label_n, "docs": n, "bytes": bytes_tsv,
                "truth_pairs": meta["truth_pairs_jaccard_ge"]["0.8"]}
        size_rows = []

        def finish(row, rec, ev):
            row.update({
                "recall": ev["recall@T"], "precision": ev["precision@T"],
                "precision_T-0.1": ev["precision@T-0.1"], "reported": ev["reported"],
                "wall_s": rec["wall_s"], "user_s": rec["user_s"], "sys_s": rec["sys_s"],
                "cpu_s": rec["cpu_s"], "max_rss_kib": rec["max_rss_kib"],
                "docs_per_cpu_s": round(n / rec["cpu_s"], 1) if rec["cpu_s"] else None,
                "docs_per_wall_s": round(n / rec["wall_s"], 1) if rec["wall_s"] else None,
                "rss_kib_per_doc": round(rec["max_rss_kib"] / n, 3),
                "load_before": rec["load_before"], "load_after": rec["load_after"],
                "busiest_thread_cpu_s": (rec["thread_cpu_s"][0] if rec.get("thread_cpu_s")
                                         else None),
                "thread_speedup_bound": (
                    round(sum(rec["thread_cpu_s"]) / rec["thread_cpu_s"][0], 2)
                    if row.get("threads", 1) > 1 and rec.get("thread_cpu_s")
                    and rec["thread_cpu_s"][0] > 0 else None),
                "cmd": rec["cmd"],
            })
            size_rows.append(row)
            rows.append(row)
            write_csv()

        best = {}
        round_cpu = {}  # key -> CPU seconds of each round, in round order
        round_wall = {}  # key -> wall seconds of each round, in round order

        def keep_best(key, rec):
            # The round with the least CPU time (its own stats file is the last round's).
            round_cpu.setdefault(key, []).append(rec["cpu_s"])
            round_wall.setdefault(key, []).append(rec["wall_s"])
            if key not in best or rec["cpu_s"] < best[key]["cpu_s"]:
                best[key] = rec
            return best[key]

        for rnd in range(a.repeat):
            last = rnd == a.repeat - 1
            # Peers first, so doppel's ratio has its denominator.
            if go_bin:
                pairs = os.path.join(a.work, "go-%s.pairs.txt" % label_n)
                rec = keep_best("go", measure([go_bin, docs_tsv, pairs, "0.8", "128"], "go-%s" % label_n, logs,
                                              os.path.join(logs, "go-%s.json" % label_n)))
                ev = evaluate(corpus, pairs)
                if last:
                    finish(dict(base, tool="go ekzhu/minhash-lsh", config="128 perm, t=0.8",
                                mode="", threads=1, clean=""), rec, ev)
            if js_script and n <= a.js_max_docs:
                pairs = os.path.join(a.work, "js-%s.pairs.txt" % label_n)
                rec = keep_best("js", measure(["node", js_script, docs_tsv, pairs], "js-%s" % label_n, logs,
                                              os.path.join(logs, "js-%s.json" % label_n)))
                ev = evaluate(corpus, pairs)
                if last:
                    finish(dict(base, tool="npm minhash", config="128 perm, band 13",
                                mode="", threads=1, clean=""), rec, ev)

            configs = [(m, t, True) for m in modes for t in threads
                       if m == "near" or n <= a.rewrite_max_docs]
            if any(m != "near" for m in modes) and n > a.rewrite_max_docs:
                peer_notes.append("%s: --mode rewrite not run (above --rewrite-max-docs %d)" % (
                    label_n, a.rewrite_max_docs))
            if a.no_clean:
                configs.append((modes[0], threads[0], False))
            # Round r starts at the r-th configuration, so that none always runs right after
            # the peers: on a VM whose host reclaims a guest's free memory, the first process
            # after a pause pays for fresh pages (seen at ~0.5 GB/s first touch: ~1 s of
            # system time for a near scan at 100k), the next one reuses them.
            shift = rnd % len(configs)
            for mode, t, clean in configs[shift:] + configs[:shift]:
                label = "doppel-%s-%s-t%d%s" % (label_n, mode, t, "" if clean else "-noclean")
                pairs_jsonl = os.path.join(a.work, label + ".pairs.jsonl")
                pairs_txt = os.path.join(a.work, label + ".pairs.txt")
                cmd = [doppel, "scan", docs_jsonl, "--mode", mode, "--threads", str(t),
                       "--pairs", pairs_jsonl, "--progress", "never"]
                if not clean:
                    cmd.append("--no-clean")
                stats_path = os.path.join(logs, label + ".stats.json")
                if has_stats:
                    cmd += ["--stats", stats_path]
                this_round = measure(cmd, label, logs, os.path.join(logs, label + ".json"))
                rec = keep_best(label, this_round)
                if rec is this_round and has_stats and os.path.exists(stats_path):
                    shutil.copyfile(stats_path, stats_path + ".best")  # the kept round's stages
                run([sys.executable, os.path.join(HERE, "pairs_to_txt.py"), pairs_jsonl, pairs_txt])
                ev = evaluate(corpus, pairs_txt)
                # The answer is checked before any time is reported.
                if ev["recall@T"] < a.min_recall or ev["precision@T"] < a.min_precision:
                    write_csv()
                    die("%s: recall@0.8 = %.4f (target >= %g), precision@0.8 = %.4f (target >= %g)"
                        " on %s; no time is reported for a wrong answer.\n  eval: %s"
                        % (label, ev["recall@T"], a.min_recall, ev["precision@T"], a.min_precision,
                           corpus, json.dumps(ev)))
                if not last:
                    continue
                summary = doppel_summary(rec["stderr"])
                # Each round's doppel run against that round's Go run (the same corpus, minutes
                # apart): the host's drift between rounds cancels in these.
                row = dict(base, tool="doppel", config=mode + ("" if clean else " --no-clean"),
                           mode=mode, threads=t, clean="yes" if clean else "no",
                           **round_ratios("x_go_rounds", round_cpu.get("go", []), round_cpu[label]),
                           wall_rounds=" ".join("%.3f" % w for w in round_wall[label]),
                           candidate_pairs=summary.get("candidate_pairs"),
                           wall_prepare_s=summary.get("wall_prepare_s"),
                           wall_match_s=summary.get("wall_match_s"))
                if has_stats and os.path.exists(stats_path + ".best"):
                    with open(stats_path + ".best") as f:
                        st = json.load(f)
                    row.update(stats_fields(st, n))
                if clean and t == threads[0] and mode == modes[0]:
                    out = subprocess.run([sys.executable, os.path.join(HERE, "agreement.py"),
                                          SHARED_BENCH, corpus, pairs_jsonl], check=True,
                                         capture_output=True, text=True).stdout
                    agreements[label_n] = json.loads(out)
                if not clean:
                    out = subprocess.run([sys.executable, os.path.join(HERE, "agreement.py"),
                                          SHARED_BENCH, corpus, pairs_jsonl], check=True,
                                         capture_output=True, text=True).stdout
                    agreements[label_n + " --no-clean"] = json.loads(out)
                finish(row, rec, ev)

        # Output must be byte-identical for any thread count.
        for mode in modes:
            if mode != "near" and n > a.rewrite_max_docs:
                continue  # not run at this size
            first = os.path.join(a.work, "doppel-%s-%s-t%d.pairs.jsonl" % (label_n, mode, threads[0]))
            for t in threads[1:]:
                other = os.path.join(a.work, "doppel-%s-%s-t%d.pairs.jsonl" % (label_n, mode, t))
                with open(first, "rb") as f1, open(other, "rb") as f2:
                    if f1.read() != f2.read():
                        write_csv()
                        die("doppel --threads %d and --threads %d wrote different pairs on %s"
                            " (%s, %s)" % (threads[0], t, label_n, first, other))

        # Ratios within this size.
        # The rows in configuration order (the last round ran them rotated); peers first.
        order = {(m, t, c): i for i, (m, t, c) in enumerate(configs)}
        size_rows.sort(key=lambda r: -1 if r["tool"] != "doppel"
                       else order[(r["mode"], r["threads"], r["clean"] == "yes")])
        rows[len(rows) - len(size_rows):] = size_rows
        go = next((r for r in size_rows if r["tool"].startswith("go")), None)
        for r in size_rows:
            if go and r["docs_per_cpu_s"]:
                r["x_go_docs_per_cpu_s"] = round(r["docs_per_cpu_s"] / go["docs_per_cpu_s"], 3)
            if r["tool"] == "doppel":
                one = next((x for x in size_rows if x["tool"] == "doppel" and x["threads"] == 1
                            and x["mode"] == r["mode"] and x["clean"] == r["clean"]), None)
                if one and r["wall_s"]:
                    r["speedup_vs_1_thread"] = round(one["wall_s"] / r["wall_s"], 3)
                if one and r["threads"] > 1:
                    # Each round's one-thread run against the same round's T-thread run
                    # (as x Go per round): drift between rounds cancels.
                    key = lambda t: "doppel-%s-%s-t%d%s" % (  # noqa: E731
                        label_n, r["mode"], t, "" if r["clean"] == "yes" else "-noclean")
                    r.update(round_ratios("speedup_rounds", round_wall.get(key(1), []),
                                          round_wall.get(key(r["threads"]), [])))
                    # Best of the rounds for each: the host only ever adds time to a run.
                    ones, these = round_wall.get(key(1), []), round_wall.get(key(r["threads"]), [])
                    if ones and these and min(these) > 0:
                        r["speedup_best_wall"] = round(min(ones) / min(these), 3)
        write_csv()

    # Growth between sizes, per configuration: marginal RSS and CPU per document.
    growth = []
    keyf = lambda r: (r["tool"], r["config"], r["threads"])  # noqa: E731
    by_key = {}
    for r in rows:
        by_key.setdefault(keyf(r), []).append(r)
    for k, rs in by_key.items():
        rs = sorted(rs, key=lambda r: r["docs"])
        for x, y in zip(rs, rs[1:]):
            dn = y["docs"] - x["docs"]
            growth.append({
                "tool": k[0], "config": k[1], "threads": k[2],
                "from": x["size"], "to": y["size"],
                "cpu_ratio": round(y["cpu_s"] / x["cpu_s"], 2) if x["cpu_s"] else None,
                "docs_ratio": round(y["docs"] / x["docs"], 2),
                "marginal_rss_kib_per_doc": round((y["max_rss_kib"] - x["max_rss_kib"]) / dn, 2),
                "cand_ratio": (round(y["candidate_pairs"] / x["candidate_pairs"], 2)
                               if x.get("candidate_pairs") and y.get("candidate_pairs") else None),
            })

    # The report.
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    lines = []
    lines.append("# doppel end-to-end benchmark, %s on %s" % (stamp, host))
    lines.append("")
    lines.append("Command: `%s`" % command)
    lines.append("")
    lines.append("Setup: %s, %d cores, %s; doppel %s%s (%s build); load average at start %.1f;"
                 " total benchmark time %.0f s. Corpus: ../shared/bench/make_corpus.py --seed 1"
                 " (sizes above 100k: 100k copies with seeds 1, 2, ...)."
                 % (cpu or platform.processor(), os.cpu_count(), platform.platform(), commit,
                    " (dirty tree)" if dirty else "", build_type or "?", rows[0]["load_before"]
                    if rows else 0.0, time.time() - started))
    machine_after = probe_machine(a.work)[0] if machine_before else None
    if machine_before and machine_after:
        b, e = machine_before, machine_after
        lines.append("")
        lines.append("Machine (bench/e2e/machine_probe.cc, before / after the runs): fresh pages first written"
                     " at %.2f / %.2f GB/s; a dependent random read takes %.0f / %.0f ns over 64 MiB and"
                     " %.0f / %.0f ns over 1 GiB; a system call %.0f / %.0f ns. doppel's default scan reads"
                     " hundreds of megabytes at random and the peers mostly hash, so these move the ratios"
                     " between machines."
                     % (b["first_touch_gb_per_s"], e["first_touch_gb_per_s"], b["random_read_ns_64mib"],
                        e["random_read_ns_64mib"], b["random_read_ns_1gib"], e["random_read_ns_1gib"],
                        b["syscall_ns"], e["syscall_ns"]))
        if "two_thread_random_read" in b and "two_thread_random_read" in e:
            lines.append("")
            lines.append("Two threads on this machine (the same probe, median of 5): %.2f / %.2f times the work of"
                         " one for independent multiplies, %.2f / %.2f for dependent random reads over 256 MiB"
                         " each: the ceiling of a two-thread speedup for work of each kind here."
                         % (b["two_thread_compute"], e["two_thread_compute"], b["two_thread_random_read"],
                            e["two_thread_random_read"]))
    elif why_no_probe:
        lines.append("")
        lines.append("Machine: not probed (%s)." % why_no_probe)
    lines.append("")
    lines.append("Answers are checked first (eval_pairs.py, J >= 0.8 on word 5-gram sets of "
                 "lowercase [a-z0-9]+ tokens); doppel runs must reach recall >= %.2f and "
                 "precision >= %.2f or the benchmark fails without timing them. Peers report "
                 "every LSH candidate (no verification), scored as they come."
                 % (a.min_recall, a.min_precision))
    lines.append("")
    hdr = ["size", "tool", "config", "threads", "recall@0.8", "precision@0.8", "prec@0.7",
           "wall s", "CPU s", "peak RSS MiB", "docs/CPU-s", "x Go (docs/CPU-s)",
           "x Go per round: median (min-max)", "wall speedup vs 1 thread",
           "wall speedup per round: median (min-max)", "wall speedup, best rounds", "thread speedup bound",
           "candidates", "index B/doc"]
    lines.append("| " + " | ".join(hdr) + " |")
    lines.append("|" + "|".join(["---"] * len(hdr)) + "|")
    for r in rows:
        lines.append("| " + " | ".join([
            r["size"], r["tool"], r["config"], str(r["threads"]), "%.4f" % r["recall"],
            "%.4f" % r["precision"], "%.4f" % r["precision_T-0.1"], fmt(r["wall_s"], 1),
            fmt(r["cpu_s"], 1), fmt(r["max_rss_kib"] / 1024.0, 0), fmt(r["docs_per_cpu_s"], 0),
            fmt(r.get("x_go_docs_per_cpu_s"), 2),
            fmt_round_ratios(r, "x_go_rounds"),
            fmt(r.get("speedup_vs_1_thread"), 2),
            fmt_round_ratios(r, "speedup_rounds"),
            fmt(r.get("speedup_best_wall"), 2),
            fmt(r.get("thread_speedup_bound"), 2),
            fmt(r.get("candidate_pairs")), fmt(r.get("index_bytes_per_doc"), 0)]) + " |")
    lines.append("")
    if growth:
        lines.append("Growth between sizes (linear cost: CPU ratio = docs ratio; marginal RSS per "
                     "document constant):")
        lines.append("")
        lines.append("| tool | config | threads | from -> to | docs x | CPU x | candidates x |"
                     " marginal RSS KiB/doc |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for g in growth:
            lines.append("| %s | %s | %s | %s -> %s | %s | %s | %s | %s |" % (
                g["tool"], g["config"], g["threads"], g["from"], g["to"], g["docs_ratio"],
                fmt(g["cpu_ratio"], 2), fmt(g["cand_ratio"], 2),
                fmt(g["marginal_rss_kib_per_doc"], 2)))
        lines.append("")
    if agreements:
        lines.append("doppel's Jaccard (Unicode words of cleaned, normalised text) against the "
                     "benchmark's convention (agreement.py), for every pair doppel reports:")
        lines.append("")
        lines.append("| corpus | pairs | mean abs diff | max abs diff | share diff > 0.01 |"
                     " doppel >= 0.8 > conv | conv >= 0.8 > doppel | truth >= 0.8 unreported |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for k, g in agreements.items():
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                k, fmt(g["pairs_compared"]), g["mean_abs_diff"], g["max_abs_diff"],
                g["share_diff_gt_0.01"], g["doppel_ge_T_conv_lt_T"], g["doppel_lt_T_conv_ge_T"],
                g["truth_ge_T_unreported"]))
        lines.append("")
    stat_rows = [r for r in rows if r["tool"] == "doppel" and r.get("wall_read_s") is not None]
    if stat_rows:
        lines.append("doppel's own account (`doppel scan --stats`): candidate pairs per channel "
                     "(before their union), index and shingle-set bytes per document, wall "
                     "seconds per stage:")
        lines.append("")
        lines.append("| size | config | threads | band cands | sampled cands | band keys B/doc |"
                     " postings B/doc | shingle sets B/doc | read s | prepare s | match s |"
                     " cluster s | write s |")
        lines.append("|" + "|".join(["---"] * 13) + "|")
        for r in stat_rows:
            lines.append("| " + " | ".join([
                r["size"], r["config"], str(r["threads"]), fmt(r.get("candidate_pairs_band")),
                fmt(r.get("candidate_pairs_sampled")), fmt(r.get("band_key_bytes_per_doc"), 0),
                fmt(r.get("posting_bytes_per_doc"), 0), fmt(r.get("shingle_set_bytes_per_doc"), 0),
                fmt(r.get("wall_read_s"), 2), fmt(r.get("wall_prepare_s"), 2),
                fmt(r.get("wall_match_s"), 2), fmt(r.get("wall_cluster_s"), 2),
                fmt(r.get("wall_write_s"), 2)]) + " |")
        lines.append("")
        if not any(r.get("candidate_pairs_band") for r in stat_rows):
            lines.append("Band/sampled candidates and bytes by part are 0: this doppel's engine "
                         "does not fill those ScanStats fields yet.")
    if not has_stats:
        lines.append("index B/doc: n/a, doppel scan has no machine-readable stats output yet "
                     "(--stats FILE); see bench/README.md.")
    for note in peer_notes:
        lines.append(note + ".")
    if len(threads) > 1:
        lines.append("doppel's pairs were byte-identical for --threads %s." % a.threads)
    lines.append("Wall speedup = wall(1 thread) / wall(T threads): on a loaded machine both runs "
                 "get one scheduler share (sched_autogroup), so it says little. Thread speedup "
                 "bound = total CPU / CPU of the busiest thread (sampled from /proc): the "
                 "speedup the threads would give on idle cores.")
    if a.repeat > 1:
        lines.append("Each row is the round with the least CPU time of %d rounds; every tool ran once a "
                     "round, in turn (doppel's configurations rotated, round r starting at the r-th), "
                     "and every round's answer was checked. x Go per round: each round's doppel "
                     "run against that round's Go run (CPU seconds), so that the host's drift "
                     "between rounds cancels; the median and range over the rounds. Wall "
                     "speedup per round: likewise, each round's one-thread wall time over the "
                     "same round's T-thread wall time (the wall speedup column compares the "
                     "least-CPU rounds of each, which may be rounds apart, and the least CPU "
                     "is no sign of the least wall: a round where the host held one thread back "
                     "has less contention, so less CPU, and a longer wall). Wall speedup, best "
                     "rounds: the least one-thread wall time over the least T-thread wall time "
                     "(the host only ever adds time to a run); every round's wall time is in "
                     "results.csv (wall_rounds)." % a.repeat)
    lines.append("Raw numbers: results.csv; tool stderr and rusage: logs/.")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "agreement.json"), "w") as f:
        json.dump(agreements, f, indent=1)
    print(text)
    log("results in %s" % out_dir)


if __name__ == "__main__":
    main()
