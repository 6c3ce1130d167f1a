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

The three outputs are compared byte for byte. Rounds interleave the three so a
machine whose speed drifts (these are shared) moves them together; the ratios are
to `local` of the same round, and the best round of each is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.corpus import build_symlink_tree  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False,
                          env=dict(os.environ, PYTHONPATH=str(BENCH_DIR.parent)))
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed, done.stdout


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

    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="codesmell-dask-bench-") as work:
        if args.corpus is None:
            corpus = Path(work, "stdlib")
            files = len(build_symlink_tree(corpus))
        else:
            corpus = args.corpus.resolve()
            files = sum(1 for _ in corpus.rglob("*.py"))
        print(f"corpus: {corpus} ({files} .py files); {args.workers} workers; CPython "
              f"{sys.version.split()[0]}; {os.cpu_count()} cores (shared machine: compare ratios)", flush=True)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=40) as cluster:
            base = [sys.executable, "-m", "codesmell", "metrics", "--format", "json", "--no-cache", str(corpus)]
            commands = {
                "local": [*base, "--jobs", str(args.workers)],
                "dask": [*base, "--executor", "dask", "--jobs", str(args.workers)],
                "tcp": [*base, "--executor", cluster.scheduler_address],
            }
            best: dict[str, float] = {}
            ratios: dict[str, list[float]] = {name: [] for name in commands}
            digests: set[str] = set()
            for number in range(1, args.rounds + 1):
                times = {}
                for name, command in commands.items():
                    times[name], out = timed(command, Path(work))
                    digests.add(hashlib.sha256(out).hexdigest())
                    best[name] = min(best.get(name, times[name]), times[name])
                for name in commands:
                    ratios[name].append(times[name] / times["local"])
                print(f"round {number}: " + ", ".join(f"{name} {t:.1f} s ({times[name] / times['local']:.2f}x)"
                                                     for name, t in times.items()), flush=True)
            print(f"outputs byte-identical: {len(digests) == 1}")
            for name in commands:
                print(f"{name:6s} best {best[name]:7.2f} s   ratio to local (per round) "
                      + " ".join(f"{r:.2f}" for r in ratios[name]))
            if args.batch_sizes:
                batch_sizes(corpus, cluster.scheduler_address, [int(s) for s in args.batch_sizes.split(",")])
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":  # guarded: the cluster's worker processes import this module
    sys.exit(main())
