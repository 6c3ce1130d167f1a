"""Halstead measures per function and the maintainability index per module, by radon's own visitors.

radon computes them from Python's `ast` of the source text (`h_visit`, `mi_visit`), so the
numbers are radon's exactly; no second LibCST pass. radon reports the functions that are not
nested in another function (methods and functions under `if` included), in source order, by
name, with a nested function's operators counted in its parent; they are matched to ours in
that order. Off unless asked for (`[tool.codesmell.halstead] enabled = true` or `--halstead`):
the extra `ast` parse and visits cost about as much as radon's own `cc` run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from codesmell.model import FunctionMetrics

# the order of FunctionMetrics.halstead
HALSTEAD_KEYS = ("h1", "h2", "N1", "N2", "vocabulary", "length", "volume", "difficulty", "effort", "bugs")


def measure(text: str, functions: Sequence[FunctionMetrics]) -> tuple[tuple[FunctionMetrics, ...], float | None]:
    """`functions` with their Halstead figures, and the module's maintainability index (None: radon failed)."""
    from radon.metrics import h_visit, mi_visit

    try:
        report = h_visit(text)
        maintainability = round(float(mi_visit(text, multi=True)), 2)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # what `ast` refuses, LibCST accepted
        return tuple(functions), None
    reported = list(report.functions)
    position = 0
    out = []
    for function in functions:
        if "<locals>" not in function.qualname and position < len(reported):
            name, figures = reported[position]
            if name == function.name:
                position += 1
                values = tuple(round(float(getattr(figures, key)), 3) for key in HALSTEAD_KEYS)
                out.append(replace(function, halstead=values))
                continue
        out.append(function)
    return tuple(out), maintainability


def figures(function: FunctionMetrics) -> dict[str, float]:
    return dict(zip(HALSTEAD_KEYS, function.halstead, strict=True))
