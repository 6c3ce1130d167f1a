"""What solving the 3M-line corpus's projects together costs over solving each alone.

    python bench/solve_coupling.py [ROOT] [--workdir DIR]

ROOT defaults to /work/cache/monorepo (`bench/monorepo.py`), whose top-level directories
are the projects (`django/`, `stdlib/`, ...). The graph facts come from the per-file cache as
in `bench/solve_ab.py` (same --workdir, same pickle). Each project's modules are solved alone
(`PointsTo(facts, Resolver(facts)).solve()`, CPU seconds, garbage collection paused), then all
of them together, then all but the standard library together. Printed per run: modules,
solve CPU, values held (the sum of the points-to set sizes), propagation steps, capped nodes;
for the whole corpus also the call edges between two different projects.

Why: the solve is the part of `graph` that grows faster than the lines (time per line 1.36x
the standard library's on this corpus). A whole-program analysis of projects that share
code is more than the sum of the projects: every project's values meet in the shared code's
parameters, attributes and base classes, and flow on from there.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from solve_ab import load_facts  # noqa: E402

from codesmell.config import load_config  # noqa: E402
from codesmell.graph.pointsto import PointsTo  # noqa: E402
from codesmell.graph.resolve import Resolver  # noqa: E402
from codesmell.run.discovery import discover  # noqa: E402


def projects_of(root: Path) -> dict[str, str]:
    """Module name -> the top-level directory of `root` its file is under (the first one)."""
    owner: dict[str, str] = {}
    config = load_config(None, start=root)
    for source in discover([str(root)], config):
        project = Path(os.path.abspath(source.path)).relative_to(root).parts[0]
        owner.setdefault(source.module, project)
    return owner


def solve(facts: dict[str, Any]) -> tuple[PointsTo, float]:
    start = time.process_time()
    points_to = PointsTo(facts, Resolver(facts))
    points_to.solve()
    return points_to, time.process_time() - start


def describe(label: str, facts: dict[str, Any], points_to: PointsTo, seconds: float) -> str:
    stats = points_to.stats()
    return f"| {label} | {len(facts):,} | {seconds:.2f} | {stats.values:,} | {stats.steps:,} | {stats.capped_nodes:,} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("/work/cache/monorepo"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/solve_ab"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    root = args.root.absolute()
    owner = projects_of(root)  # first: `load_facts` may change the working directory
    facts = load_facts([root.resolve()], args.workdir)
    groups: dict[str, dict[str, Any]] = {}
    for module, module_facts in facts.items():
        groups.setdefault(owner.get(module, "?"), {})[module] = module_facts
    gc.disable()
    print("| solved | modules | solve CPU s | values | steps | capped nodes |")
    print("|---|---:|---:|---:|---:|---:|")
    alone = 0.0
    alone_values = 0
    for project in sorted(groups):
        points_to, seconds = solve(groups[project])
        alone += seconds
        alone_values += points_to.stats().values
        print(describe(f"{project} alone", groups[project], points_to, seconds), flush=True)
        del points_to
    print(f"| sum of the projects alone | {len(facts):,} | {alone:.2f} | {alone_values:,} | | |", flush=True)
    shared = {module: f for module, f in facts.items() if owner.get(module) != "stdlib"}
    points_to, seconds = solve(shared)
    print(describe("all but stdlib, together", shared, points_to, seconds), flush=True)
    del points_to
    points_to, seconds = solve(facts)
    print(describe("all, together", facts, points_to, seconds), flush=True)
    across: Counter[tuple[str, str]] = Counter()
    for call in points_to.calls():
        caller, callee = owner.get(call.caller_module, "?"), owner.get(call.callee_module, "?")
        if caller != callee:
            across[(caller, callee)] += 1
    print(f"\ncalls between two projects in the whole solve: {sum(across.values()):,}")
    for (caller, callee), count in across.most_common(12):
        print(f"  {caller} -> {callee}: {count:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
