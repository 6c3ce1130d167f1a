"""Every private shortcut in codesmell.cst gives LibCST's own public answer, on real code.

Run after changing the `libcst` pin (`python -m pytest tests/cst`); `.ci/run`
runs this package against the lowest and the highest LibCST release the pin
allows. On a sample of the standard library (every k-th file, 60 in all) plus
the hypothesmith programs of the other tests here:

- our parse (no revalidation) deep-equals `libcst.parse_module`;
- the line index equals the one LibCST's own code generator gives, and its
  start lines are `PositionProvider`'s for every statement;
- `walk_code` drives the metrics visitor to the same results as `Module.visit`,
  calls the hooks in `Module.visit`'s order (`VISIT_ORDER`) and walks in
  dataclass field order (`SOURCE_ORDER`).
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from codesmell.cst.lines import index_lines, index_lines_plainly
from codesmell.cst.parse import parse_without_revalidation
from codesmell.cst.walk import walk_code
from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor
from codesmell.run import analyze
from codesmell.run.source import decode

from .test_walk import _assert_same_events, _assert_source_order

SAMPLE_SIZE = 60


def _stdlib_sample() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in {"site-packages", "__pycache__"})
        files.extend(Path(directory, name) for name in sorted(filenames) if name.endswith(".py"))
    step = max(len(files) // SAMPLE_SIZE, 1)
    return files[::step][:SAMPLE_SIZE]


SAMPLE = _stdlib_sample()


def _text(path: Path) -> str | None:
    text = decode(path.read_bytes())
    if not isinstance(text, str):
        return None
    try:
        cst.parse_module(text)
    except Exception:  # test data the parser is meant to reject (bad syntax on purpose)
        return None
    return text


def _statement_starts(module: cst.Module) -> dict[int, int]:
    """`PositionProvider`'s start line of every statement, by node identity."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    return {
        id(node): position.start.line
        for node, position in positions.items()
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.FunctionDef))
    }


def _compare(text: str) -> list[str]:
    problems = []
    module = parse_without_revalidation(text)
    if not module.deep_equals(cst.parse_module(text)):
        problems.append("tree parsed without revalidation differs from parse_module's")
    line_count = text.count("\n") + 1
    lines = index_lines(module, line_count)
    if lines != index_lines_plainly(module, line_count):
        problems.append("line index shortcuts differ from LibCST's code generator")
    starts = _statement_starts(module)
    wrong = [(line, lines.start.get(key)) for key, line in starts.items() if lines.start.get(key) != line]
    if wrong:
        problems.append(f"statement start lines differ from PositionProvider's: {wrong[:3]}")
    by_visit = FunctionMetricsVisitor(lines, line_count)
    module.visit(by_visit)
    by_walk = FunctionMetricsVisitor(lines, line_count)
    walk_code(module, by_walk, CODE_HOOKS)
    if by_walk.results != by_visit.results:
        problems.append("walk_code metrics differ from Module.visit's")
    _assert_same_events(text)
    _assert_source_order(text)
    return problems


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.name)
def test_shortcuts_give_libcsts_own_results_on_the_standard_library(path: Path) -> None:
    text = _text(path)
    if text is None:
        return  # not Python LibCST parses: nothing of ours to compare
    analyze._ensure_recursion_limit()  # LibCST's own traversals recurse once per nesting level
    assert analyze._on_large_stack(lambda: _compare(text)) == []  # type: ignore[arg-type,return-value,comparison-overlap]


def test_the_sample_is_large_enough() -> None:
    assert len(SAMPLE) == SAMPLE_SIZE
    assert sum(1 for path in SAMPLE if _text(path) is not None) >= SAMPLE_SIZE - 5
