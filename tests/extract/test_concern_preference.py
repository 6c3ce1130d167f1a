"""Concern boundaries are natural candidates: a run made of whole concerns scores 1.5x.

`whole_concerns` follows its definition: a line range holds whole concerns when every
concern it touches lies entirely inside it (a concern being line spans of top-level
statements, as `FunctionMetrics.concern_spans` gives them).
"""

from __future__ import annotations

import textwrap

import pytest

from codesmell.cst.lines import index_lines
from codesmell.extract import iter_functions
from codesmell.extract.candidates import CONCERN_BONUS, Candidate, find_candidates, select, whole_concerns
from codesmell.extract.facts import function_facts
from codesmell.model import FileError
from codesmell.run.source import parse

SPANS = (((2, 5), (12, 12)), ((7, 10),))  # concern 1: lines 2-5 and 12; concern 2: 7-10


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (7, 10, 1),  # exactly concern 2
        (2, 12, 2),  # both concerns
        (2, 5, 0),  # concern 1 without its line 12
        (7, 9, 0),  # cuts concern 2
        (6, 11, 1),  # blank or comment lines around concern 2 do not matter
        (13, 20, 0),  # touches no concern
    ],
)
def test_whole_concerns(start: int, end: int, expected: int) -> None:
    assert whole_concerns(SPANS, start, end) == expected


CODE = textwrap.dedent(
    """
    def build(orders, customers, out):
        paid = [o for o in orders if o.paid]
        total = 0
        for order in paid:
            total += order.amount
        out.write(str(total))
        out.write("orders")
        names = []
        for customer in customers:
            if customer.active:
                names.append(customer.name)
        names.sort()
        out.write(",".join(names))
        out.write("customers")
        out.write("a")
        out.write("b")
        out.write("c")
        out.write("d")
        out.write("e")
        out.write("f")
        out.write("g")
        out.write("h")
    """
).lstrip("\n")
# Three concerns: the orders (lines 2-7), the customers (8-14), the footer (15-22).
CONCERNS = (((2, 7),), ((8, 14),), ((15, 22),))
SLOC = 22


def candidates(spans: tuple[tuple[tuple[int, int], ...], ...]) -> list[Candidate]:
    parsed = parse(CODE.encode())
    assert not isinstance(parsed, FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    node, ancestors = next(iter_functions(parsed.module))
    return find_candidates(function_facts(node, ancestors, lines), SLOC, (), spans)


def test_a_whole_concern_scores_more_than_the_same_run_without_concerns() -> None:
    with_concerns = {(c.start_line, c.end_line): c for c in candidates(CONCERNS)}
    without = {(c.start_line, c.end_line): c for c in candidates(())}
    footer = with_concerns[(15, 22)]
    assert footer.concerns == 1
    assert footer.score == pytest.approx(without[(15, 22)].score * CONCERN_BONUS, abs=0.002)
    two = with_concerns[(2, 14)]
    assert two.concerns == 2
    cut = with_concerns[(14, 22)]  # the footer and the last line of the customers
    assert cut.concerns == 0
    assert cut.score == without[(14, 22)].score


def test_selection_follows_the_concern_boundaries() -> None:
    # Without concerns the best runs cut through them (14-22 takes the customers' last line);
    # with them, the footer and the two other concerns are offered whole.
    assert [(c.start_line, c.end_line) for c in select(candidates(()), 5, SLOC)] == [(14, 22), (3, 13)]
    chosen = select(candidates(CONCERNS), 5, SLOC)
    assert [(c.start_line, c.end_line, c.concerns) for c in chosen] == [(15, 22, 1), (2, 14, 2)]
