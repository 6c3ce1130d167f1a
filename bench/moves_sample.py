"""A seeded sample of `codesmell suggest --moves` suggestions, printed for a human to judge.

    codesmell suggest --moves STDLIB --format json > moves.json
    python bench/moves_sample.py moves.json [--n 20] [--seed 15] [--root STDLIB]

Prints each sampled suggestion with its figures and the function's first lines, so the
verdicts in bench/results/moves.md can be checked against the same sample.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("moves")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--root", default=".")
    args = parser.parse_args()
    moves = json.loads(Path(args.moves).read_text())["moves"]
    sample = sorted(random.Random(args.seed).sample(moves, min(args.n, len(moves))), key=lambda m: m["function"])
    print(f"{len(sample)} of {len(moves)} suggestions (seed {args.seed})\n")
    for move in sample:
        figures = ", ".join(f"c{c['community']}: {c['calls_in']} in / {c['calls_out']} out" for c in move["by_community"])
        print(f"{move['function']} -> {move['target_module']}  share {move['share']:.0%} of {move['partners']}, "
              f"home c{move['community']} {move['home_share']:.0%}; {figures}")
        name = move["function"][len(move["module"]) + 1 :]
        path = Path(args.root) / move["path"]
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith((f"def {name}(", f"async def {name}("))), None)
        if start is not None:
            print("    " + "\n    ".join(lines[start : start + 8]))
        print()


if __name__ == "__main__":
    main()
