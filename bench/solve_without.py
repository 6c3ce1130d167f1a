"""The points-to solve with some modules left out of the analysis, against the whole, in one process.

    python bench/solve_without.py ROOT --workdir DIR MODULE [MODULE ...]

Leaving a module out makes it outside code for everyone who imports it (its decorators
leave a function as it is, its calls have no edges): an upper bound on what a rule that
neutralised it would change. Prints, for the whole and for the rest: solve CPU seconds
(garbage collection paused, as in `codesmell.graph.pipeline`), solver values, steps, capped
nodes, calls, and the calls between top-level module names that changed most. The facts
come from the per-file cache under --workdir (see `solve_ab.load_facts`).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from solve_ab import load_facts, solve_once


def solve(facts: dict[str, Any]) -> tuple[float, dict[str, Any], Counter[tuple[str, str]], int]:
    """`solve_ab.solve_once` with garbage collection paused (as there); the calls counted by top-level names."""
    import codesmell.graph.pointsto as pointsto

    gc.disable()
    try:
        seconds, (calls, _call_stats, stats) = solve_once(pointsto, facts)
    finally:
        gc.enable()
    between: Counter[tuple[str, str]] = Counter()
    for caller_module, _caller, callee_module, *_rest in calls:
        pair = (caller_module.split(".")[0], callee_module.split(".")[0])
        if pair[0] != pair[1]:
            between[pair] += 1
    return seconds, dict(zip(pointsto.PointsToStats.__slots__, stats, strict=True)), between, len(calls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("modules", nargs="+", help="module names to leave out")
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args(argv)
    facts = load_facts([args.root.resolve()], args.workdir.resolve())
    missing = [name for name in args.modules if name not in facts]
    if missing:
        print(f"not analysed: {', '.join(missing)}", file=sys.stderr)
        return 2
    runs = {}
    for label, kept in (
        ("whole", facts),
        ("without", {m: f for m, f in facts.items() if m not in args.modules}),
    ):
        seconds, stats, between, count = solve(kept)
        runs[label] = between
        print(
            f"{label:8} {len(kept):,} modules: solve {seconds:.2f} s CPU, values {stats['values']:,}, "
            f"steps {stats['steps']:,}, capped nodes {stats['capped_nodes']:,}, calls {count:,}",
            flush=True,
        )
    change = Counter(runs["whole"])
    change.subtract(runs["without"])
    print("calls between top-level names, whole - without (largest changes):")
    for caller, callee in sorted(change, key=lambda pair: -abs(change[pair]))[:15]:
        print(
            f"  {caller} -> {callee}: {runs['whole'][(caller, callee)]:,} -> {runs['without'][(caller, callee)]:,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
