"""The points-to solve alone, this tree's `pointsto.py` against another commit's, in one process.

    python bench/solve_ab.py [ROOT ...] [--base REF] [--rounds N] [--workdir DIR]

ROOT defaults to /tmp/stdtree (the benchmark's 734-file standard library). The graph facts
come from the per-file cache under --workdir (the first run fills it: the parse) and are
pickled there, so later runs start in seconds. Then, N rounds, alternating which goes
first: `PointsTo(facts, Resolver(facts)).solve()` with `codesmell/graph/pointsto.py` of
REF (default main) and with this tree's, CPU seconds each (garbage collection paused, as
in `codesmell.graph.pipeline`). Both results are compared (calls, call stats, solver stats):
the script says so and exits 1 when they differ.

The machine is shared: only the ratio of one run means anything; the medians and the
minima are both printed (the minimum is the least disturbed round).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_facts(roots: list[Path], workdir: Path) -> dict[str, Any]:
    """Module name -> ModuleFacts, as `pipeline._build` keeps them (sorted, the first path of a name)."""
    key = "_".join(p.name for p in roots)
    stored = workdir / f"facts-{key}.pickle"
    if stored.is_file():
        return pickle.loads(stored.read_bytes())  # type: ignore[no-any-return]
    from codesmell.api import analyze_paths
    from codesmell.config import load_config

    os.chdir(workdir)
    results = analyze_paths(roots, config=load_config(None, start=workdir), cache=True, with_graph=True)
    facts: dict[str, Any] = {}
    for result in sorted(results, key=lambda r: (r.module, r.path)):
        if result.module not in facts and result.graph is not None:
            facts[result.module] = result.graph
    stored.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    return facts


def base_module(ref: str) -> ModuleType:
    """`codesmell/graph/pointsto.py` of commit `ref`, imported under its own name."""
    text = subprocess.run(["git", "show", f"{ref}:codesmell/graph/pointsto.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="solve_ab_")) / "base_pointsto.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("base_pointsto", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["base_pointsto"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def solve_once(module: ModuleType, facts: dict[str, Any]) -> tuple[float, tuple[Any, ...]]:
    from codesmell.graph.resolve import Resolver

    start = time.process_time()
    analysis = module.PointsTo(facts, Resolver(facts))
    analysis.solve()
    seconds = time.process_time() - start
    analysis.drop_constraints()
    calls = [(c.caller_module, c.caller, c.callee_module, c.callee, c.count, c.kind, c.kinds) for c in analysis.calls()]
    stats = analysis.stats()
    outcome = (calls, repr(analysis.call_stats()), tuple(getattr(stats, f) for f in stats.__slots__))
    del analysis
    gc.collect()
    return seconds, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--base", default="main", help="the commit whose pointsto.py is the base (default: main)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/solve_ab"))
    args = parser.parse_args(argv)
    roots = [p.resolve() for p in args.roots] or [Path("/tmp/stdtree")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    facts = load_facts(roots, args.workdir.resolve())
    import codesmell.graph.pointsto as branch

    versions = {"base": base_module(args.base), "branch": branch}
    seconds: dict[str, list[float]] = {"base": [], "branch": []}
    outcomes: dict[str, Any] = {}
    gc.disable()
    for index in range(args.rounds):
        order = ("base", "branch") if index % 2 == 0 else ("branch", "base")
        for name in order:
            spent, outcomes[name] = solve_once(versions[name], facts)
            seconds[name].append(spent)
        print(f"round {index + 1}: base {seconds['base'][-1]:.2f} s, branch {seconds['branch'][-1]:.2f} s, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    base, mine = seconds["base"], seconds["branch"]
    print(f"{len(facts)} modules, base {args.base}: median {statistics.median(base):.2f} s, min {min(base):.2f} s; "
          f"branch: median {statistics.median(mine):.2f} s, min {min(mine):.2f} s; "
          f"speed-up {statistics.median(base) / statistics.median(mine):.2f}x (median), "
          f"{min(base) / min(mine):.2f}x (min)")
    same = outcomes["base"] == outcomes["branch"]
    print("results identical" if same else "RESULTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
