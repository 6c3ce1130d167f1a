"""A/B per-file CPU time of two codesmell trees, files sent to both alternately (h-linear, issue 18).

    python bench/perfile_ab.py run A_ROOT B_ROOT SAMPLE.json OUT.json [--rounds 3] [--mode metrics|graph]
    python bench/perfile_ab.py report OUT.json

A_ROOT and B_ROOT each hold a `codesmell` package (`git archive REV codesmell | tar -x -C DIR`).
SAMPLE.json is a list of {"corpus": "stdlib" | "monorepo", "path", "lines", "ast_nodes"}.
Two long-lived worker processes (one per tree) time each file in CPU seconds
(`time.process_time`, every thread of the worker): `analyze_source` as a pool worker calls
it (the GC paused inside, and the collection of what the file left behind once it is enabled
again), `pickle.dumps` of the result (what goes back to the main process) and its cache
entry (written by the main process). Per round the order alternates (A then B, B then A), so
a busy machine slows both alike; `report` takes each file's median over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

_WORKER = r"""
import json, pickle, sys, time
sys.path.insert(0, sys.argv[1])
mode = sys.argv[2]
from codesmell.run.analyze import analyze_source
from codesmell.run.cache import encode_entry
from codesmell.output.serialize import functions_json_heads, with_functions_json

def run(path):
    data = open(path, 'rb').read()
    start = time.process_time()
    metrics = mode == 'metrics'
    result = analyze_source(data, path, 'pkg.mod', False, not metrics, False, metrics)
    pickle.dumps(result)
    if metrics:
        result = with_functions_json(result, tuple(functions_json_heads(result)))
    encode_entry('0' * 64, result)
    del result
    return time.process_time() - start

print('ready', flush=True)
for line in sys.stdin:
    print(json.dumps(run(line.rstrip('\n'))), flush=True)
"""

_BUCKETS = [(0, 200), (200, 500), (500, 1000), (1000, 2000), (2000, 4000), (4000, 10**9)]
# The whole monorepo without its stdlib: files above 2,000 lines and at most 2,000 lines.
_MONOREPO_BIG, _MONOREPO_SMALL = 338, 7267


def run(a: str, b: str, sample_path: str, out: str, rounds: int, mode: str) -> None:
    sample = json.loads(Path(sample_path).read_text())
    workers = {}
    for name, root in (("A", a), ("B", b)):
        env = dict(os.environ, PYTHONHASHSEED="1")
        worker = subprocess.Popen([sys.executable, "-c", _WORKER, root, mode], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=env)
        assert worker.stdin is not None and worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        workers[name] = worker
    times: dict[str, list[list[float]]] = {"A": [[] for _ in sample], "B": [[] for _ in sample]}
    for done in range(rounds):
        for i, item in enumerate(sample):
            for name in ("A", "B") if (i + done) % 2 == 0 else ("B", "A"):
                worker = workers[name]
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(item["path"] + "\n")
                worker.stdin.flush()
                times[name][i].append(json.loads(worker.stdout.readline()))
        print(f"round {done + 1} of {rounds} done", file=sys.stderr, flush=True)
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    rows = [{**item, "A": times["A"][i], "B": times["B"][i]} for i, item in enumerate(sample)]
    Path(out).write_text(json.dumps(rows))


def _bucket(lines: int) -> str:
    lo, hi = next((lo, hi) for lo, hi in _BUCKETS if lo <= lines < hi)
    return f"{lo}-{hi if hi < 10**9 else 'inf'}"


def report(path: str) -> None:
    rows: list[dict[str, Any]] = json.loads(Path(path).read_text())
    small = sum(1 for r in rows if r["corpus"] == "monorepo" and r["lines"] <= 2000)
    big = sum(1 for r in rows if r["corpus"] == "monorepo" and r["lines"] > 2000)
    for r in rows:
        r["a"], r["b"] = statistics.median(r["A"]), statistics.median(r["B"])
        r["w"] = 1.0
        if r["corpus"] == "monorepo":
            r["w"] = _MONOREPO_SMALL / small if r["lines"] <= 2000 else _MONOREPO_BIG / big
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["corpus"], _bucket(r["lines"]))].append(r)
        groups[(r["corpus"], "all")].append(r)
    print("| corpus | lines/file | files | lines | ast nodes/line | A µs/node | B µs/node | A µs/line | B µs/line | B/A |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for corpus in ("stdlib", "monorepo"):
        for label in [_bucket(lo) for lo, _ in _BUCKETS] + ["all"]:
            group = groups.get((corpus, label))
            if not group:
                continue
            lines = sum(r["lines"] for r in group)
            nodes = sum(r["ast_nodes"] for r in group)
            a, b = (sum(r[k] for r in group) * 1e6 for k in ("a", "b"))
            print(f"| {corpus} | {label} | {len(group)} | {lines:,} | {nodes / lines:.2f} | {a / nodes:.2f} "
                  f"| {b / nodes:.2f} | {a / lines:.2f} | {b / lines:.2f} | {b / a:.3f} |")
    for weighted in (False, True):
        print("\nmonorepo weighted to its whole:" if weighted else "\nsample as drawn:")
        per: dict[str, tuple[float, float]] = {}
        for corpus in ("stdlib", "monorepo"):
            group = groups[(corpus, "all")]
            for k in ("a", "b"):
                w = [r["w"] if weighted else 1.0 for r in group]
                cpu = sum(r[k] * x for r, x in zip(group, w, strict=True)) * 1e6
                lines = sum(r["lines"] * x for r, x in zip(group, w, strict=True))
                nodes = sum(r["ast_nodes"] * x for r, x in zip(group, w, strict=True))
                per[corpus + k] = (cpu / lines, cpu / nodes)
        for k in ("a", "b"):
            s, m = per["stdlib" + k], per["monorepo" + k]
            print(f"  {k.upper()}: monorepo/stdlib per line {m[0] / s[0]:.3f}, per node {m[1] / s[1]:.3f} "
                  f"(stdlib {s[0]:.2f} µs/line, {s[1]:.2f} µs/node; monorepo {m[0]:.2f} µs/line, {m[1]:.2f} µs/node)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ab = commands.add_parser("run")
    for name in ("a", "b", "sample", "out"):
        ab.add_argument(name)
    ab.add_argument("--rounds", type=int, default=3)
    ab.add_argument("--mode", choices=("metrics", "graph"), default="metrics")
    summary = commands.add_parser("report")
    summary.add_argument("out")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.a, args.b, args.sample, args.out, args.rounds, args.mode)
    else:
        report(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
