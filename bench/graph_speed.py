"""Cold and warm `codesmell graph` on the standard library against radon cc, in one run.

    python bench/graph_speed.py [--repeat N] [--jobs J]

The corpus is `bench/run.py`'s (the standard library without tests, as symlinks).
Each round times `radon cc -j`, then `codesmell graph --format json` cold (empty cache)
and warm (cache filled by the cold run), each in a fresh wrapper process (wall, CPU of
the process tree, peak RSS), and prints each codesmell time over radon cc's of the same
round: on a shared machine only ratios taken close together mean anything.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_symlink_tree
from run import CORPUS, _reset_cache, _tool, measure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="codesmell-graph-speed-"))
    build_symlink_tree(workdir / CORPUS)
    graph = [_tool("codesmell"), "graph", "--format", "json", "--jobs", str(args.jobs), CORPUS]
    rows = []
    for _ in range(args.repeat):
        radon, _out = measure("radon cc", [_tool("radon"), "cc", "-j", CORPUS], workdir)
        _reset_cache(workdir)
        cold, cold_out = measure("codesmell graph cold", graph, workdir)
        cold_bytes = cold_out.read_bytes()
        warm, warm_out = measure("codesmell graph warm", graph, workdir)
        same = warm_out.read_bytes() == cold_bytes
        rows.append((radon, cold, warm, same, os.getloadavg()[0]))
    print(f"{'radon s':>8} {'cold s':>8} {'cold cpu':>8} {'cold/radon':>10} {'warm s':>7} {'warm/radon':>10} "
          f"{'peak MB':>8} {'same':>5} {'load':>5}")
    for radon, cold, warm, same, load in rows:
        print(f"{radon.wall:8.2f} {cold.wall:8.2f} {cold.cpu:8.2f} {cold.wall / radon.wall:10.2f} "
              f"{warm.wall:7.2f} {warm.wall / radon.wall:10.2f} {max(cold.maxrss_mb, warm.maxrss_mb):8.0f} "
              f"{same!s:>5} {load:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
