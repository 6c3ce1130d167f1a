"""The best-first candidate search keeps what the exhaustive one would have offered.

`best_candidates` (the per-file pass) must return exactly
`select(find_candidates(..., shrink_min_sloc(sloc)), 5, sloc)`: the search order, the
scores and every refusal are the exhaustive search's; it only skips analyses that cannot
change the result. Hand-derived values follow the ranking in `codesmell.extract.candidates`:
gain(total, part) = total - max(total - part + 1, part + 1) for SLOC and cyclomatic,
x 1.25 for a paragraph, divided by 1 + parameters + returns.
"""

from __future__ import annotations

import sysconfig
import textwrap
from pathlib import Path

import pytest

import codesmell
from codesmell.cst.lines import index_lines
from codesmell.extract import SLOC_FLOOR, iter_functions
from codesmell.extract.candidates import (
    BlockAnalyzer,
    Candidate,
    _scan,
    best_candidates,
    find_candidates,
    select,
    shrink_min_sloc,
    whole_concerns,
)
from codesmell.extract.facts import FunctionFacts, function_facts
from codesmell.model import FileError, FunctionMetrics
from codesmell.run.analyze import analyze_source
from codesmell.run.source import parse
from tests.conftest import FIXTURES

# Guards that return (no run can hold them) around one region of six chained assignments.
GUARDED = textwrap.dedent(
    """
    def pick(a, b):
        if a:
            return 1
        if b:
            return 2
        if a > b:
            return 3
        if a < b:
            return 4

        r1 = 1
        r2 = r1 + 1
        r3 = r2 + 1
        r4 = r3 + 1
        r5 = r4 + 1
        r6 = r5 + 1

        if r6 > a:
            return r6
        if r6 > b:
            return 5
        if a == b:
            return 6
        if a == 0:
            return 7
        return 0
    """
).lstrip("\n")

# Every run reads the five parameters before binding anything: five certain parameters.
WIDE = "def wide(a, b, c, d, e):\n" + "".join(
    f"    x{i} = a + b + c + d + e + {i}\n" for i in range(24)
) + "    return x23\n"


def long_functions(data: bytes) -> list[tuple[FunctionFacts, FunctionMetrics]]:
    parsed = parse(data)
    assert not isinstance(parsed, FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    metrics = {f.line: f for f in analyze_source(data, "sample.py", with_graph=False).functions}
    found = []
    for node, ancestors in iter_functions(parsed.module):
        function = metrics.get(lines.line_of(node))
        if function is not None and function.sloc > SLOC_FLOOR:
            found.append((function_facts(node, ancestors, lines), function))
    return found


def figures(candidate: Candidate) -> tuple[object, ...]:
    c = candidate
    return (c.start_line, c.end_line, c.sloc, c.cyclomatic, c.params, c.returns, c.kind, c.is_async,
            c.carry_globals, c.score, c.concerns)


def exhaustive(facts: FunctionFacts, metrics: FunctionMetrics) -> list[Candidate]:
    every = find_candidates(
        facts, metrics.sloc, metrics.increments, metrics.concern_spans, shrink_min_sloc(metrics.sloc)
    )
    return select(every, 5, metrics.sloc)


def test_guarded_region_by_hand() -> None:
    [(facts, metrics)] = long_functions(GUARDED.encode())
    # 1 `def` + 8 guard lines + 6 assignments + 8 guard lines + `return`; 1 + 8 `if`s
    assert (metrics.sloc, metrics.cyclomatic) == (24, 9)
    assert shrink_min_sloc(24) == 5
    every = find_candidates(facts, 24, metrics.increments, metrics.concern_spans, 5)
    # lines 11-16 (r1..r6): gain (24 - max(19, 7)) + (9 - max(10, 1)) = 4, a paragraph: 5.0,
    #   no parameter, returns r6 (read by the guard after it): 5.0 / 2
    # lines 11-15 (r1..r5): 4 + -1 = 3, not a paragraph (r6 follows without a blank line),
    #   returns r5: 3 / 2
    # lines 12-16 (r2..r6): 3, needs r1, returns r6: 3 / 3
    assert [(c.start_line, c.end_line, c.params, c.returns, c.score) for c in every] == [
        (11, 16, (), ("r6",), 2.5),
        (11, 15, (), ("r5",), 1.5),
        (12, 16, ("r1",), ("r6",), 1.0),
    ]
    chosen = best_candidates(facts, 24, metrics.increments, metrics.concern_spans, 5)
    assert [figures(c) for c in chosen] == [figures(every[0])]  # the other two overlap it
    assert [(s.start_line, s.end_line) for s in metrics.suggestions] == [(11, 16)]


def test_the_scan_sees_exactly_the_runs_the_exhaustive_search_analyses() -> None:
    [(facts, metrics)] = long_functions(GUARDED.encode())
    analyzer = BlockAnalyzer(facts, metrics.increments, metrics.sloc, metrics.concern_spans)
    slots = _scan(analyzer, shrink_min_sloc(metrics.sloc))
    assert sorted(slot.lines for _, slot in slots) == [(11, 15), (11, 16), (12, 16)]
    # the bound is the score with the certain parameters as the only cost: here r1 for 12-16
    for bound, slot in slots:
        assert bound >= {(11, 16): 2.5, (11, 15): 1.5, (12, 16): 1.0}[slot.lines]


def test_runs_with_too_many_certain_parameters_are_not_extended() -> None:
    [(facts, metrics)] = long_functions(WIDE.encode())
    assert metrics.sloc == 26
    analyzer = BlockAnalyzer(facts, metrics.increments, metrics.sloc, metrics.concern_spans)
    # every run reads a..e before binding them: five parameters from its first statement on,
    # so no chain gets past its first run of five SLOC, and nothing is kept
    assert _scan(analyzer, shrink_min_sloc(metrics.sloc)) == []
    assert find_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans) == []
    assert best_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans) == []


STDLIB = Path(sysconfig.get_paths()["stdlib"])
PACKAGE = Path(codesmell.__file__).parent
REAL = [
    *sorted((FIXTURES / "long_methods").rglob("*.py")),
    *sorted((FIXTURES / "extract_examples").glob("*.py")),
    *sorted((FIXTURES / "reviewed").rglob("*.py")),
    PACKAGE / "extract" / "candidates.py",
    PACKAGE / "extract" / "naming.py",
    PACKAGE / "cst" / "lines.py",
    *(STDLIB / name for name in ("textwrap.py", "smtplib.py", "argparse.py")),
    *(
        pytest.param(STDLIB / name, marks=pytest.mark.slow)
        for name in ("tarfile.py", "pydoc.py", "difflib.py", "inspect.py", "typing.py")
    ),
]


@pytest.mark.parametrize("path", REAL, ids=lambda p: getattr(p, "name", None))
def test_same_candidates_as_the_exhaustive_search(path: Path) -> None:
    functions = long_functions(path.read_bytes())
    for facts, metrics in functions:
        expected = [figures(c) for c in exhaustive(facts, metrics)]
        found = best_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans, 5)
        assert [figures(c) for c in found] == expected, metrics.qualname
        fewer = best_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans, 2)
        assert [figures(c) for c in fewer] == expected[:2], metrics.qualname


SPANS = [
    [((3, 4), (9, 9))],
    [((1, 2),), ((4, 6),), ((8, 8), (11, 12))],
    [((5, 3),), ((2, 2),)],  # a reversed span: tested span by span
    [(), ((1, 30),)],
]


@pytest.mark.parametrize("spans", SPANS)
def test_whole_concerns_of_the_analyzer_match_the_definition(spans: list[tuple[tuple[int, int], ...]]) -> None:
    [(facts, metrics)] = long_functions(GUARDED.encode())
    analyzer = BlockAnalyzer(facts, metrics.increments, metrics.sloc, spans)
    for start in range(0, 16):
        for end in range(start, 16):
            assert analyzer.whole_concerns(start, end) == whole_concerns(spans, start, end), (start, end)
