"""Compare our cyclomatic complexity with radon's on the same source.

Used by the test suite (on a sample of the standard library) and by the
benchmark (on all of it); functions are matched by their `def` line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from codesmell.model import FunctionMetrics


@dataclass(frozen=True)
class Comparison:
    line: int
    name: str
    radon: int
    ours: int | None  # None: radon rates a function we did not report


def _radon_blocks(text: str) -> Iterator[tuple[int, str, int]]:
    from radon.complexity import cc_visit
    from radon.visitors import Class, Function

    def walk(blocks: Iterable[object]) -> Iterator[tuple[int, str, int]]:
        for block in blocks:
            if isinstance(block, Function):
                yield block.lineno, block.name, block.complexity
                yield from walk(block.closures)
            elif isinstance(block, Class):
                yield from walk(block.methods)
                yield from walk(block.inner_classes)

    yield from walk(cc_visit(text))


def compare_with_radon(text: str, functions: Iterable[FunctionMetrics]) -> list[Comparison]:
    """One `Comparison` per function radon rates; raises if radon cannot parse `text`."""
    ours = {f.line: f.cyclomatic for f in functions}
    rated = {line: (name, complexity) for line, name, complexity in _radon_blocks(text)}
    return [
        Comparison(line, name, complexity, ours.get(line))
        for line, (name, complexity) in sorted(rated.items())
    ]
