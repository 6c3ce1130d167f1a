"""Cold `codesmell metrics` with the local process pool vs a Dask cluster of the same size, same run.

    python bench/dask_executor.py                      # the standard library (bench/corpus.py), 2 workers
    python bench/dask_executor.py --rounds 3           # best of three for each figure
    python bench/dask_executor.py --corpus DIR         # another tree (e.g. /work/cache/monorepo)
    python bench/dask_executor.py --batch-sizes 1,4,16 # also files per Dask task, in-process (the engine API)

Each figure is the wall time of a fresh `codesmell metrics --format json --no-cache`
process over the corpus:

- `local`: `--jobs N`, the engine's own process pool;
- `dask`: `--executor dask --jobs N`, a LocalCluster of N worker processes that the
  command starts and stops itself (its start-up is in the figure);
- `tcp`: `--executor tcp://...`, a LocalCluster of N worker processes started by
  this script beforehand, as a cluster that is already running (the figure
  includes connecting and importing `distributed`, not starting workers).

CPU seconds are the command's whole process tree (pool workers, the `dask`
cluster) plus what this script and its cluster's workers spent meanwhile (the
`tcp` run's scheduler and workers):
on a loaded machine wall time depends on how many processes compete, CPU
time far less.

The three outputs are compared byte for byte. Rounds interleave the three so a
machine whose speed drifts (these are shared) moves them together; the ratios are
to `local` of the same round, and the best round of each is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.corpus import build_symlink_tree  # noqa: E402


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, client: Client) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (the command's process tree plus this script's cluster workers), stdout."""
    workers_before = sum(client.run(_cpu_self).values())
    children_before, self_before = _cpu_children(), _cpu_self()  # this process: the tcp run's scheduler
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False,
                          env=dict(os.environ, PYTHONPATH=str(BENCH_DIR.parent)))
    elapsed = time.perf_counter() - started
    cpu = (_cpu_children() - children_before + _cpu_self() - self_before
           + sum(client.run(_cpu_self).values()) - workers_before)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed, cpu, done.stdout


def batch_sizes(corpus: Path, address: str, sizes: list[int]) -> None:
    """Wall time of the engine over the corpus with a Dask executor of each batch size (in this process)."""
    from codesmell.config import load_config
    from codesmell.run.dask_executor import DaskExecutor
    from codesmell.run.discovery import discover
    from codesmell.run.engine import EngineOptions, analyze_files

    sources = discover([str(corpus)], load_config(None, start=corpus))
    for size in sizes:
        executor = DaskExecutor(address, batch_size=size)
        try:
            executor.client()  # connected before the clock starts
            started = time.perf_counter()
            results = analyze_files(sources, EngineOptions(with_graph=False), executor=executor)
            elapsed = time.perf_counter() - started
        finally:
            executor.shutdown()
        print(f"batch size {size:3d}: {elapsed:7.2f} s for {len(results)} files "
              f"({len(results) / size:.0f} tasks)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a directory to analyse (default: the standard library)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--batch-sizes", help="comma-separated files per task to compare (in-process)")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="codesmell-dask-bench-") as work:
        if args.corpus is None:
            corpus = Path(work, "stdlib")
            files = len(build_symlink_tree(corpus))
        else:
            corpus = args.corpus.resolve()
            files = sum(1 for _ in corpus.rglob("*.py"))
        print(f"corpus: {corpus} ({files} .py files); {args.workers} workers; CPython "
              f"{sys.version.split()[0]}; {os.cpu_count()} cores (shared machine: compare ratios)", flush=True)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=40) as cluster, Client(cluster, set_as_default=False) as client:
            base = [sys.executable, "-m", "codesmell", "metrics", "--format", "json", "--no-cache", str(corpus)]
            commands = {
                "local": [*base, "--jobs", str(args.workers)],
                "dask": [*base, "--executor", "dask", "--jobs", str(args.workers)],
                "tcp": [*base, "--executor", cluster.scheduler_address],
            }
            best: dict[str, tuple[float, float]] = {}
            ratios: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
            digests: set[str] = set()
            for number in range(1, args.rounds + 1):
                times: dict[str, tuple[float, float]] = {}
                for name, command in commands.items():
                    wall, cpu, out = timed(command, Path(work), client)
                    times[name] = (wall, cpu)
                    digests.add(hashlib.sha256(out).hexdigest())
                    best[name] = min(best.get(name, (wall, cpu)), (wall, cpu))
                for name in commands:
                    ratios[name].append((times[name][0] / times["local"][0], times[name][1] / times["local"][1]))
                print(f"round {number}: " + ", ".join(
                    f"{name} {wall:.1f} s wall ({wall / times['local'][0]:.2f}x), {cpu:.1f} s CPU "
                    f"({cpu / times['local'][1]:.2f}x)" for name, (wall, cpu) in times.items()), flush=True)
            print(f"outputs byte-identical: {len(digests) == 1}")
            for name in commands:
                print(f"{name:6s} best {best[name][0]:7.2f} s wall, {best[name][1]:7.2f} s CPU; ratio to local "
                      "(wall/CPU, per round) " + " ".join(f"{w:.2f}/{c:.2f}" for w, c in ratios[name]))
            if args.batch_sizes:
                batch_sizes(corpus, cluster.scheduler_address, [int(s) for s in args.batch_sizes.split(",")])
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":  # guarded: the cluster's worker processes import this module
    sys.exit(main())
