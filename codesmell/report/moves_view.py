"""The report's "Misplaced functions" table: `codesmell.graph.moves` as template rows."""

from __future__ import annotations

from typing import Any

from codesmell.graph.model import ModuleGraph
from codesmell.graph.moves import Move, find_moves

MAX_ROWS = 50  # the strongest cases; `codesmell suggest --moves` lists them all


def _row(move: Move, paths: dict[str, str]) -> dict[str, Any]:
    short = move.function[len(move.module) + 1 :]
    return {
        "function": short,
        "module": move.module,
        "path": paths.get(move.module, ""),
        "target": move.target_module,
        "community": move.community,
        "target_community": move.target_community,
        "share": round(move.share * 100),
        "home_share": round(move.home_share * 100),
        "partners": move.partners,
        "figures": [
            {"community": c.community, "calls_in": c.calls_in, "calls_out": c.calls_out,
             "home": c.community == move.community, "target": c.community == move.target_community}
            for c in move.by_community
        ],
    }


def moves_table(graph: ModuleGraph) -> dict[str, Any]:
    """Rows strongest first (share, then partners, then name), and how many were left out."""
    moves = sorted(find_moves(graph), key=lambda m: (-m.share, -m.partners, m.function))
    paths = {node.name: node.path for node in graph.modules}
    return {
        "rows": [_row(move, paths) for move in moves[:MAX_ROWS]],
        "total": len(moves),
        "more": max(0, len(moves) - MAX_ROWS),
    }
