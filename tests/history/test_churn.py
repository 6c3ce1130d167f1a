"""Hunks -> the functions whose own lines they touch (the pure mapping behind churn)."""

from __future__ import annotations

from codesmell.history.churn import new_side_ranges, own_ranges, touched_functions
from codesmell.model import FunctionMetrics


def fn(qualname: str, line: int, end_line: int) -> FunctionMetrics:
    return FunctionMetrics(qualname, qualname.rsplit(".", 1)[-1], line, end_line, 0, line, 1, 1, 0, 0, 0, 1, 0, 0,
                           False, False)


OUTER = fn("outer", 1, 10)
INNER = fn("outer.<locals>.inner", 3, 5)
OTHER = fn("other", 13, 15)
FUNCTIONS = [OUTER, INNER, OTHER]


def test_new_side_ranges_count_a_pure_deletion_at_the_line_it_follows() -> None:
    assert new_side_ranges([(4, 1, 4, 2), (9, 2, 8, 0), (1, 1, 0, 0)]) == [(4, 5), (8, 8)]


def test_a_nested_function_owns_its_lines() -> None:
    assert own_ranges(FUNCTIONS, 0) == [(1, 2), (6, 10)]
    assert own_ranges(FUNCTIONS, 1) == [(3, 5)]


def test_an_edit_inside_the_nested_function_touches_it_alone() -> None:
    assert touched_functions(FUNCTIONS, [(4, 1, 4, 1)]) == [1]


def test_an_edit_of_the_parent_around_it_touches_the_parent() -> None:
    assert touched_functions(FUNCTIONS, [(7, 1, 7, 1)]) == [0]


def test_a_hunk_across_two_functions_touches_both_and_blank_lines_between_none() -> None:
    assert touched_functions(FUNCTIONS, [(10, 4, 10, 4)]) == [0, 2]
    assert touched_functions(FUNCTIONS, [(11, 2, 11, 2)]) == []


def test_deleting_the_last_lines_of_a_function_touches_it() -> None:
    assert touched_functions(FUNCTIONS, [(14, 2, 13, 0)]) == [2]
