"""The shrink rule: a block is offered only when extracting it shrinks the parent meaningfully.

Expected values come from the rule documented in `shrink_refusal` and the README:
block SLOC >= 5; and >= 15 % of the parent's SLOC, or >= 15 SLOC, or the parent ends at
<= 20 SLOC; at most 2 returns; at least 2 SLOC per parameter and return.
"""

from __future__ import annotations

import textwrap

import pytest

from codesmell.cst.lines import index_lines
from codesmell.extract import iter_functions
from codesmell.extract.candidates import find_candidates, select, shrink_min_sloc, shrink_refusal
from codesmell.extract.facts import function_facts
from codesmell.model import FileError, Suggestion
from codesmell.run.analyze import analyze_source
from codesmell.run.source import parse


def suggestion(sloc: int, params: int = 0, returns: int = 0) -> Suggestion:
    return Suggestion(
        start_line=10,
        end_line=10 + sloc,
        sloc=sloc,
        cyclomatic=0,
        params=tuple(f"p{i}" for i in range(params)),
        returns=tuple(f"r{i}" for i in range(returns)),
        name="_block",
        kind="function",
        is_async=False,
        score=1.0,
    )


@pytest.mark.parametrize(
    "sloc, params, returns, parent, refused_because",
    [
        (4, 3, 2, 30, "fewer than 5"),  # issue 12's example: worth -3 SLOC
        (4, 0, 0, 21, "fewer than 5"),  # even alone in a short function
        (5, 0, 0, 21, ""),  # leaves 17 SLOC: below the warning
        (5, 0, 0, 26, ""),  # leaves 22 SLOC, but 5 >= 15 % of 26 (3.9)
        (6, 0, 0, 60, "under 15%"),  # 6 < 9 and leaves 55 SLOC
        (9, 0, 0, 60, ""),  # 9 >= 15 % of 60
        (14, 0, 0, 200, "under 15%"),
        (15, 0, 0, 200, ""),  # a function's worth on its own
        (10, 1, 3, 40, "returns 3 values"),
        (6, 4, 0, 30, "6 SLOC for 4 parameters"),
        (8, 4, 0, 30, ""),  # two SLOC per value
        (7, 2, 2, 30, "7 SLOC for 4 parameters"),
    ],
)
def test_shrink_rule(sloc: int, params: int, returns: int, parent: int, refused_because: str) -> None:
    refusal = shrink_refusal(suggestion(sloc, params, returns), parent)
    if refused_because:
        assert refused_because in refusal
    else:
        assert refusal == ""


LONG = textwrap.dedent(
    """
    def report(rows, out):
        a = rows[0]
        b = rows[1]
        c = a + b
        d = c * 2

        totals = {}
        for row in rows:
            key = row.key
            totals.setdefault(key, 0)
            totals[key] += row.amount
            if row.amount > 100:
                totals[key] += 1
            elif row.amount < 0:
                totals[key] -= 1

        out.write(str(d))
        for key in sorted(totals):
            out.write(key)
            out.write(str(totals[key]))
        out.write("end")
        out.write("done")
        out.flush()
        out.write("x")
        out.write("y")
        out.write("z")
        return totals
    """
).lstrip("\n")


def test_select_keeps_only_blocks_that_shrink() -> None:
    parsed = parse(LONG.encode())
    assert not isinstance(parsed, FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    node, ancestors = next(iter_functions(parsed.module))
    metrics = analyze_source(LONG.encode(), "long.py", with_graph=False).functions[0]
    assert metrics.sloc == 25  # `def` line, 23 body lines, `return`
    every = find_candidates(function_facts(node, ancestors, lines), metrics.sloc, metrics.increments)
    small = [c for c in every if c.sloc < 5]
    assert small, "the finder still sees the small runs (for suggest --all)"
    chosen = select(every, 5, metrics.sloc)
    assert chosen
    assert all(shrink_refusal(c, metrics.sloc) == "" for c in chosen)
    assert all(c.sloc >= 5 for c in chosen)
    # the analysis keeps exactly the selected ones
    assert [(s.start_line, s.end_line) for s in metrics.suggestions] == [
        (c.start_line, c.end_line) for c in chosen
    ]


@pytest.mark.parametrize(
    "parent, expected", [(21, 5), (24, 5), (30, 5), (40, 6), (60, 9), (100, 15), (400, 15)]
)
def test_shrink_min_sloc(parent: int, expected: int) -> None:
    assert shrink_min_sloc(parent) == expected


def test_shrink_min_sloc_is_the_size_rule_exactly() -> None:
    for parent in range(21, 400):
        for sloc in range(1, parent):
            offered = shrink_refusal(suggestion(sloc), parent) == ""
            assert offered == (sloc >= shrink_min_sloc(parent)), (parent, sloc)


def test_skipping_short_runs_changes_no_selection() -> None:
    parsed = parse(LONG.encode())
    assert not isinstance(parsed, FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    node, ancestors = next(iter_functions(parsed.module))
    facts = function_facts(node, ancestors, lines)
    metrics = analyze_source(LONG.encode(), "long.py", with_graph=False).functions[0]
    every = find_candidates(facts, metrics.sloc, metrics.increments)
    fewer = find_candidates(facts, metrics.sloc, metrics.increments, (), shrink_min_sloc(metrics.sloc))
    assert len(fewer) < len(every)
    assert select(fewer, 5, metrics.sloc) == select(every, 5, metrics.sloc)
