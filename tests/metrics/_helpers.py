"""Measure a source snippet the way the engine does, for hand-checked cases."""

from __future__ import annotations

import textwrap

from codesmell.model import FileResult, FunctionMetrics
from codesmell.run.analyze import analyze_source


def analyze(source: str | bytes, dedent: bool = True) -> FileResult:
    if isinstance(source, str):
        text = textwrap.dedent(source) if dedent else source
        source = text.encode("utf-8")
    result = analyze_source(source, "example.py", module="example", with_graph=False)
    assert result.ok, result.errors
    return result


def measure(source: str | bytes, dedent: bool = True) -> dict[str, FunctionMetrics]:
    """Every function of `source` by qualname (dedented, so cases can be indented in tests).

    Line numbers count from the first line of the string: cases start with a
    newline right after the opening quotes, so the first `def` is on line 2.
    """
    functions = analyze(source, dedent).functions
    by_name = {f.qualname: f for f in functions}
    assert len(by_name) == len(functions), "duplicate qualnames: use `analyze` instead"
    return by_name


def only(source: str | bytes) -> FunctionMetrics:
    """The single function in `source`."""
    functions = analyze(source).functions
    assert len(functions) == 1, [f.qualname for f in functions]
    return functions[0]


def increments(function: FunctionMetrics, metric: str) -> list[tuple[int, int, str]]:
    """(line, amount, reason) of one metric, in line order."""
    return [(i.line, i.amount, i.reason) for i in function.increments if i.metric == metric]
