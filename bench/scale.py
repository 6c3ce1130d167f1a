"""Issue 18: codesmell on the 3-million-line corpus against the standard library, in one run.

    python bench/monorepo.py                 # once: builds /work/cache/monorepo (READY lists it)
    python bench/scale.py                    # radon cc, metrics/check/graph cold+warm, both corpora
    python bench/scale.py --commands metrics --corpora monorepo

Both corpora come from the tree `bench/monorepo.py` builds: `stdlib` is its
`stdlib/` directory (the 734 files of `bench/corpus.py`), `monorepo` the whole
tree. Each command runs under a fresh wrapper process that records wall and CPU
time (user + sys of the whole tree), and samples, every 50 ms, the peak RSS
(`VmHWM`) of the main process and of each of its descendants (the pool workers)
from /proc, plus the sum of the tree's RSS at each sample: `RUSAGE_CHILDREN`
alone gives only the largest process of the tree, which hides whether the main
process or a worker holds the memory.

Reported: time per line of each command on each corpus and the ratio monorepo /
stdlib (linear cost: at most 1.2x); the same per syntax node (`ast.walk` nodes of
every file), because the two corpora are not equally dense: the monorepo's lines
hold ~1.4x the stdlib's nodes, which radon's own time per line shows too, so a
per-line ratio mixes how dense the code is with how the cost grows with its
amount; the ratios to radon cc on the same files
(cold metrics at most 3x, warm at most 0.15x, graph at most 4x), and the main
process's peak (below 2 GB). Warm output is compared byte for byte with cold.
Written to bench/results/scale.md and scale.json.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from monorepo import read_ready
from run import _tool  # the same executables as the issue-6 benchmark

BENCH_DIR = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

# Runs one command; samples /proc for the main process and its descendants; writes a JSON summary.
_WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time
out, stdout_path, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
peaks = {}  # pid -> VmHWM kB
total = [0]
stop = threading.Event()

def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    key, value = line.split(":", 1)
                    fields[key] = int(value.split()[0])
    except OSError:
        pass
    return fields

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []

def sample(root):
    while True:
        rss = 0
        todo = [root]
        while todo:
            pid = todo.pop()
            fields = status(pid)
            if "VmHWM" in fields:
                peaks[pid] = max(peaks.get(pid, 0), fields["VmHWM"])
                rss += fields.get("VmRSS", 0)
            todo.extend(children(pid))
        total[0] = max(total[0], rss)
        if stop.wait(0.05):
            return

with open(stdout_path, "wb") as sink:
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
    sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
main = peaks.pop(process.pid, 0)
with open(out, "w") as handle:
    json.dump({"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "tree_maxrss_kb": usage.ru_maxrss,
               "main_kb": main, "worker_kb": max(peaks.values(), default=0), "workers": len(peaks),
               "tree_total_kb": total[0], "rc": process.returncode,
               "stderr": err.decode("utf-8", "replace")[-2000:]}, handle)
"""


@dataclass
class Measurement:
    corpus: str
    name: str
    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    main_mb: float = 0.0  # peak RSS of the main process (sampled VmHWM)
    worker_mb: float = 0.0  # peak RSS of the largest descendant
    tree_total_mb: float = 0.0  # largest sum of the tree's RSS at one sample
    tree_max_mb: float = 0.0  # ru_maxrss of RUSAGE_CHILDREN: the largest process, whichever it is
    rc: int = 0
    load_before: float = 0.0
    load_after: float = 0.0  # the 1-minute load average as it ended: other jobs on the machine meanwhile
    output_bytes: int = 0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def measure(corpus: str, name: str, command: list[str], workdir: Path) -> tuple[Measurement, Path]:
    stats = workdir / ".stats.json"
    stdout = workdir / f"{corpus}-{name.replace(' ', '-')}.out"
    load = os.getloadavg()[0]
    print(f"  {corpus:<9} {name:<14}", end="", flush=True)
    subprocess.run([sys.executable, "-c", _WRAPPER, str(stats), str(stdout), *command], cwd=workdir, check=True)
    data = json.loads(stats.read_text())
    stats.unlink()
    result = Measurement(
        corpus=corpus,
        name=name,
        command=[Path(c).name if i == 0 else c for i, c in enumerate(command)],
        wall=data["wall"],
        cpu=data["user"] + data["sys"],
        main_mb=data["main_kb"] / 1024,
        worker_mb=data["worker_kb"] / 1024,
        tree_total_mb=data["tree_total_kb"] / 1024,
        tree_max_mb=data["tree_maxrss_kb"] / 1024,
        rc=data["rc"],
        load_before=load,
        load_after=os.getloadavg()[0],
        output_bytes=stdout.stat().st_size,
    )
    if result.rc not in (0, 1):
        result.note = f"failed (exit {result.rc}): {data['stderr'][-300:]}"
    print(
        f" {result.wall:8.2f} s wall {result.cpu:8.2f} s cpu  main {result.main_mb:6.0f} MB"
        f"  worker {result.worker_mb:6.0f} MB  rc={result.rc}  load {load:.1f} -> {result.load_after:.1f}"
    )
    return result, stdout


def codesmell(corpus: str, command_name: str, workdir: Path, jobs: int) -> list[Measurement]:
    """Cold (cache deleted) then warm; the warm output compared with the cold one."""
    command = [_tool("codesmell"), command_name, "--format", "json", "--jobs", str(jobs), corpus]
    shutil.rmtree(workdir / ".codesmell_cache", ignore_errors=True)
    cold, cold_out = measure(corpus, f"{command_name} cold", command, workdir)
    warm, warm_out = measure(corpus, f"{command_name} warm", command, workdir)
    same = cold_out.read_bytes() == warm_out.read_bytes()
    warm.extra["identical_to_cold"] = same
    if not warm.note:
        warm.note = "identical to cold" if same else "OUTPUT DIFFERS FROM COLD"
    shutil.rmtree(workdir / ".codesmell_cache", ignore_errors=True)
    return [cold, warm]


def radon(corpus: str, workdir: Path) -> Measurement:
    result, out = measure(corpus, "radon cc", [_tool("radon"), "cc", "-j", corpus], workdir)
    try:
        result.extra["files"] = len(json.loads(out.read_text()))
    except ValueError:
        result.note = result.note or "radon output is not JSON"
    return result


def per_line(m: Measurement, lines: int) -> float:
    return m.wall / lines * 1e6  # microseconds per line


def syntax_nodes(root: Path) -> int:
    """`ast.walk` nodes of every `.py` file under `root` (what a parse-based tool's work grows with)."""
    total = 0
    for folder, _, names in os.walk(root, followlinks=True):
        for name in names:
            if name.endswith(".py"):
                try:
                    total += sum(1 for _ in ast.walk(ast.parse((Path(folder) / name).read_bytes())))
                except (SyntaxError, ValueError, OSError):
                    continue  # not counted: what the tools report as a per-file error
    return total


def _ratio_rows(results: list[Measurement], size: dict[str, int], scale: float) -> list[str]:
    """One row per command measured on both corpora: its time per unit of `size` (times `scale`) on each,
    and monorepo / stdlib."""
    by = {(m.corpus, m.name): m for m in results}
    rows = []
    for name in sorted({m.name for m in results}, key=[m.name for m in results].index):
        small, big = by.get(("stdlib", name)), by.get(("monorepo", name))
        if small is None or big is None or not small.wall or not small.cpu:
            continue
        small_per, big_per = small.wall / size["stdlib"] * scale, big.wall / size["monorepo"] * scale
        cpu_ratio = (big.cpu / size["monorepo"]) / (small.cpu / size["stdlib"])
        rows.append(f"| {name} | {small_per:.2f} | {big_per:.2f} | {big_per / small_per:.2f} | {cpu_ratio:.2f} |")
    return rows


def tables(results: list[Measurement], lines: dict[str, int], nodes: dict[str, int] | None = None) -> str:
    """The markdown tables: per command and corpus, then the linearity and radon ratios."""
    by = {(m.corpus, m.name): m for m in results}
    out = [
        "| corpus | command | wall s | cpu s | µs/line (wall) | / radon (wall) | / radon (cpu) | main MB | worker MB "
        "| tree sum MB | load | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for m in results:
        radon_m = by.get((m.corpus, "radon cc"))
        vs_radon = f"{m.wall / radon_m.wall:.2f}" if radon_m and radon_m.wall else ""
        vs_radon_cpu = f"{m.cpu / radon_m.cpu:.2f}" if radon_m and radon_m.cpu else ""
        out.append(
            f"| {m.corpus} | {m.name} | {m.wall:.2f} | {m.cpu:.2f} | {per_line(m, lines[m.corpus]):.2f} | {vs_radon} | {vs_radon_cpu} "
            f"| {m.main_mb:.0f} | {m.worker_mb:.0f} | {m.tree_total_mb:.0f} | {m.load_before:.1f} → {m.load_after:.1f} "
            f"| {m.note} |"
        )
    if {"stdlib", "monorepo"} <= set(lines):
        out += [
            "",
            "Time per line, monorepo / stdlib (target ≤ 1.2):",
            "",
            "| command | stdlib µs/line | monorepo µs/line | ratio (wall) | ratio (cpu) |",
            "|---|---:|---:|---:|---:|",
            *_ratio_rows(results, lines, 1e6),
        ]
    if nodes and {"stdlib", "monorepo"} <= set(nodes):
        density = {corpus: nodes[corpus] / lines[corpus] for corpus in ("stdlib", "monorepo")}
        out += [
            "",
            f"Time per syntax node, monorepo / stdlib (`ast` nodes per line: stdlib {density['stdlib']:.2f}, "
            f"monorepo {density['monorepo']:.2f}, {density['monorepo'] / density['stdlib']:.2f}x as dense):",
            "",
            "| command | stdlib µs/node | monorepo µs/node | ratio (wall) | ratio (cpu) |",
            "|---|---:|---:|---:|---:|",
            *_ratio_rows(results, nodes, 1e6),
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--monorepo", type=Path, default=Path("/work/cache/monorepo"))
    parser.add_argument("--corpora", default="stdlib,monorepo")
    parser.add_argument("--commands", default="metrics,check,graph")
    parser.add_argument("--no-radon", action="store_true")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the work directory with every output")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "scale.md")
    args = parser.parse_args(argv)

    if not (args.monorepo / "READY").exists():
        raise SystemExit(f"{args.monorepo}/READY missing: run `python bench/monorepo.py --dest {args.monorepo}`")
    ready = read_ready(args.monorepo)
    projects = ready["projects"]
    total = ready["total"]
    assert isinstance(projects, dict) and isinstance(total, dict)
    lines = {"stdlib": int(projects["stdlib"]["lines"]), "monorepo": int(total["lines"])}
    corpora = [c for c in args.corpora.split(",") if c]
    workdir = Path(tempfile.mkdtemp(prefix="codesmell-scale-"))
    (workdir / "stdlib").symlink_to(args.monorepo / "stdlib")
    (workdir / "monorepo").symlink_to(args.monorepo)
    print(f"work directory {workdir}; lines: " + ", ".join(f"{c} {lines[c]:,}" for c in corpora))
    nodes = {corpus: syntax_nodes(workdir / corpus) for corpus in corpora}
    print("syntax nodes: " + ", ".join(f"{c} {nodes[c]:,}" for c in corpora))
    results: list[Measurement] = []
    from importlib.metadata import version

    header = (
        f"# Scale benchmark — {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC\n\n"
        f"`python bench/scale.py {' '.join(argv if argv is not None else sys.argv[1:])}`, "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"codesmell {version('codesmell')}, radon {version('radon')}, --jobs {args.jobs}. "
        f"Corpus: {total['files']:,} files, {total['lines']:,} lines "
        + ", ".join(f"{name} {p['lines']:,}" for name, p in projects.items())
        + ". A shared machine: compare ratios within this run only; \"load\" is the 1-minute load average "
        "before and after each command (above the core count, other jobs took CPU from it).\n\n"
    )

    def save() -> str:
        """Written after every command, so an interrupted run keeps what it measured."""
        text = tables(results, {c: lines[c] for c in corpora}, nodes)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(header + text)
        args.out.with_suffix(".json").write_text(
            json.dumps({"lines": lines, "syntax_nodes": nodes, "ready": ready, "results": [asdict(m) for m in results]}, indent=1) + "\n"
        )
        return text

    try:
        for corpus in corpora:
            if not args.no_radon:
                results.append(radon(corpus, workdir))
                save()
            for command_name in args.commands.split(","):
                results += codesmell(corpus, command_name, workdir, args.jobs)
                save()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(save())
    print(f"written {args.out} and {args.out.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
