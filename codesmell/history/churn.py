"""A commit's hunks -> the functions of that revision whose lines they touch (pure).

A function's lines are its `def` line to its last body line, less the lines of
the functions nested in it: a nested function's lines belong to it alone, as
its SLOC does, so editing an inner helper does not count as a change of the
function around it. A pure deletion (`+c,0`) touches line c, the line the
removed text followed, so deleting lines inside a function touches it (the
rule `check --diff` uses).
"""

from __future__ import annotations

from collections.abc import Sequence

from codesmell.model import FunctionMetrics

Hunk = tuple[int, int, int, int]  # old start, old count, new start, new count


def new_side_ranges(hunks: Sequence[Hunk]) -> list[tuple[int, int]]:
    """The new-side line ranges (first, last) the hunks changed, in order."""
    ranges = []
    for _, _, start, count in hunks:
        if count == 0:
            if start > 0:
                ranges.append((start, start))
        else:
            ranges.append((start, start + count - 1))
    return ranges


def own_ranges(functions: Sequence[FunctionMetrics], index: int) -> list[tuple[int, int]]:
    """The lines of `functions[index]` not inside a function nested in it."""
    function = functions[index]
    inner = sorted(
        (other.line, other.end_line)
        for n, other in enumerate(functions)
        if n != index and function.line < other.line and other.end_line <= function.end_line
    )
    ranges = []
    cursor = function.line
    for first, last in inner:
        if first > cursor:
            ranges.append((cursor, first - 1))
        cursor = max(cursor, last + 1)
    if cursor <= function.end_line:
        ranges.append((cursor, function.end_line))
    return ranges


def touched_functions(functions: Sequence[FunctionMetrics], hunks: Sequence[Hunk]) -> list[int]:
    """Indices into `functions` of those whose own lines a hunk changed, in `functions` order."""
    changed = new_side_ranges(hunks)
    if not changed:
        return []
    touched = []
    for index, function in enumerate(functions):
        if not any(first <= function.end_line and last >= function.line for first, last in changed):
            continue
        own = own_ranges(functions, index)
        if any(first <= b and last >= a for first, last in changed for a, b in own):
            touched.append(index)
    return touched
