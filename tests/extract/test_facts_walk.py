"""The name facts walk (`_Walker._number`) numbers and records what the generic walk does.

`_number` inlines `_Walker.on_visit` / `on_leave` into its own recursion for speed;
driving the same `_Walker` through `cst.walk.walk_code` with those methods is the
reference. Positions, ranges, end lines, names and flags must all be equal.
"""

from __future__ import annotations

from pathlib import Path

from codesmell.cst.lines import index_lines
from codesmell.cst.walk import SOURCE_ORDER, walk_code
from codesmell.extract import iter_functions
from codesmell.extract.facts import _HOOKS, _Walker
from codesmell.run import source
from tests.conftest import FIXTURES, REPO

SAMPLES = [
    *sorted((FIXTURES / "long_methods").rglob("*.py")),
    *sorted((FIXTURES / "extract_examples").glob("*.py")),
    REPO / "codesmell" / "extract" / "candidates.py",
    REPO / "codesmell" / "graph" / "collector.py",
]


def _state(walker: _Walker) -> tuple[object, ...]:
    return (
        walker.pos, walker.last, walker.end_line, walker.counter, walker.bind_nodes, walker.delete_nodes,
        walker.aug_read_nodes, walker.declared_global, walker.declared_nonlocal, walker.flags, walker.calls,
        walker.nested_spans, walker.identifiers, walker.attributes, walker.nonload, walker.loads, walker._line,
    )


def _functions(path: Path) -> int:
    parsed = source.parse(path.read_bytes())
    assert not isinstance(parsed, source.FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    functions = 0
    for function, _ in iter_functions(parsed.module):
        fast = _Walker(function, lines)
        fast.walk(function)
        reference = _Walker(function, lines)
        reference.pos[id(function)] = reference.counter
        reference.counter += 1
        reference._ends.append(0)
        walk_code(function.params, reference, _HOOKS, SOURCE_ORDER)
        walk_code(function.body, reference, _HOOKS, SOURCE_ORDER)
        reference.last[id(function)] = reference.counter - 1
        reference.end_line[id(function)] = reference._ends.pop()
        assert _state(fast) == _state(reference), function.name.value
        functions += 1
    return functions


def test_inlined_walk_equals_the_generic_walk() -> None:
    assert sum(_functions(path) for path in SAMPLES) > 100
