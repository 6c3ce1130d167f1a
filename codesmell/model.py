"""Frozen, picklable result types shared by every layer.

They carry no LibCST nodes so that a `FileResult` can cross a process boundary
and be cached as JSON keyed by the file's content hash.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Increment:
    """One contribution to a complexity score, kept so `explain` can show its source."""

    metric: str  # "cyclomatic" or "cognitive"
    line: int
    amount: int
    reason: str


@dataclass(frozen=True)
class Suggestion:
    """An Extract Method candidate inside a long function (computed by `codesmell.extract`).

    `sloc` and `cyclomatic` are what the parent loses by extracting the block;
    `params` are the names the block needs, `returns` those it hands back.
    """

    start_line: int
    end_line: int
    sloc: int
    cyclomatic: int
    params: tuple[str, ...]
    returns: tuple[str, ...]
    name: str  # proposed snake_case name
    kind: str  # "function" (module level) or "method" (the block uses self/cls)
    is_async: bool
    score: float
    concerns: int = 0  # whole concerns of the parent the block is made of (0: it cuts through one)


@dataclass(frozen=True)
class FunctionMetrics:
    qualname: str
    name: str
    line: int  # line of the `def` keyword, never of a decorator
    end_line: int  # last line of the body
    col: int
    header_end_line: int  # line of the `:` closing the signature (for noqa on long headers)
    sloc: int
    statements: int
    locals: int
    params: int
    logic_blocks: int
    cyclomatic: int
    cognitive: int
    max_nesting: int
    is_method: bool
    is_async: bool
    increments: tuple[Increment, ...] = ()
    # Extract Method candidates, best first; only for functions above `codesmell.extract.SLOC_FLOOR`.
    suggestions: tuple[Suggestion, ...] = ()
    # Issue 12: independent data-flow concerns of the body, and the statements of each
    # concern as (first line, last line) spans, in source order.
    concerns: int = 1
    concern_spans: tuple[tuple[tuple[int, int], ...], ...] = ()
    # Issue 12: "short" below the size floor, else "flat-dispatch", "declarative",
    # "sequential" or "tangled".
    shape: str = "short"
    # radon's Halstead figures (metrics/halstead.HALSTEAD_KEYS order) when asked for; () otherwise
    halstead: tuple[float, ...] = ()

    def metric(self, name: str) -> int:
        value = getattr(self, name)
        assert isinstance(value, int)
        return value


@dataclass(frozen=True)
class FileError:
    """Why a file could not be analysed; `code` is a CSM9xx diagnostic code."""

    code: str
    message: str
    line: int = 1
    col: int = 0


@dataclass(frozen=True)
class EncodedFunctions:
    """Each function's line of `metrics --format json`, encoded once and carried with its result.

    The cache stores these texts with the result and the JSON output prints
    them (encoding the stdlib's 16k functions is 0.2 s, most of a warm run).
    They belong to exactly the `functions` tuple they were made from: a result
    whose functions were replaced no longer matches, and is encoded afresh.
    """

    functions: tuple[FunctionMetrics, ...]
    heads: tuple[str, ...]

    def of(self, functions: tuple[FunctionMetrics, ...]) -> tuple[str, ...] | None:
        """The heads if they were made from this very `functions` tuple, else None."""
        return self.heads if functions is self.functions else None


@dataclass(frozen=True)
class FileResult:
    path: str
    module: str
    functions: tuple[FunctionMetrics, ...] = ()
    errors: tuple[FileError, ...] = ()
    # line -> codes suppressed there (empty frozenset means a bare `# noqa`)
    noqa: tuple[tuple[int, frozenset[str]], ...] = ()
    # import/call facts for the graph builder, produced from the same parse
    graph: Any = None
    sha256: str = ""
    lines: int = 0
    # the functions' JSON when already known (see EncodedFunctions); not part of the result's value
    encoded: EncodedFunctions | None = field(default=None, compare=False, repr=False)
    # for a notebook: how its joined code-cell lines map back to cells (None for .py files)
    notebook: NotebookMap | None = None
    # radon's maintainability index of the module (0-100, higher is better), when asked for
    maintainability: float | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class NotebookMap:
    """Where the lines of a notebook's joined code cells come from (see run/notebook.py).

    `starts[i]` is the first joined line of the i-th non-empty code cell, `cells[i]` its
    1-based position among all the notebook's cells; `ipynb_lines[k]` is the line of the
    .ipynb file holding joined line k + 1 (0 when not known).
    """

    starts: tuple[int, ...]
    cells: tuple[int, ...]
    ipynb_lines: tuple[int, ...]

    def locate(self, line: int) -> tuple[int, int]:
        """(cell, line in the cell) of a joined line; (0, line) before the first cell."""
        index = bisect_right(self.starts, line) - 1
        if index < 0:
            return 0, line
        return self.cells[index], line - self.starts[index] + 1

    def ipynb_line(self, line: int) -> int:
        return self.ipynb_lines[line - 1] if 0 < line <= len(self.ipynb_lines) and self.ipynb_lines[line - 1] else 1


@dataclass(frozen=True)
class Finding:
    """One diagnostic: a function exceeding a threshold, or a file that failed."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str  # "warning", "critical" or "error"
    qualname: str = ""
    metric: str = ""
    value: float = 0  # the metric's value; the priority for CSM100/CSM200
    threshold: float = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
