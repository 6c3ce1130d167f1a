"""`codesmell suggest --moves`: misplaced functions as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from codesmell.graph.model import ModuleGraph
from codesmell.graph.moves import Move


def move_json(move: Move, path: str) -> dict[str, Any]:
    return {
        "function": move.function,
        "module": move.module,
        "path": path,
        "community": move.community,
        "target_module": move.target_module,
        "target_community": move.target_community,
        "share": move.share,
        "home_share": move.home_share,
        "partners": move.partners,
        "target_module_calls": move.target_module_calls,
        "by_community": [
            {"community": c.community, "calls_in": c.calls_in, "calls_out": c.calls_out} for c in move.by_community
        ],
    }


def _paths(graph: ModuleGraph) -> dict[str, str]:
    return {node.name: node.path for node in graph.modules}


def to_json(moves: Sequence[Move], graph: ModuleGraph) -> str:
    paths = _paths(graph)
    return json.dumps({"moves": [move_json(m, paths.get(m.module, "")) for m in moves]}, indent=2) + "\n"


def to_text(moves: Sequence[Move], graph: ModuleGraph) -> str:
    """One line per function: where it is, where it would go, and the figures behind it."""
    paths = _paths(graph)
    lines = []
    for move in moves:
        figures = ", ".join(
            f"community {c.community}{' (home)' if c.community == move.community else ''}: "
            f"{c.calls_in} in / {c.calls_out} out"
            for c in move.by_community
        )
        lines.append(
            f"{paths.get(move.module, move.module)}: {move.function} -> {move.target_module}: "
            f"{move.share:.0%} of {move.partners} partner calls with community {move.target_community} "
            f"({move.target_module_calls} with {move.target_module}), {move.home_share:.0%} at home; {figures}"
        )
    if not lines:
        return "no misplaced functions\n"
    return "\n".join(lines) + "\n"
