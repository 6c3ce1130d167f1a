"""Line numbers for a LibCST tree without `PositionProvider`.

`PositionProvider` records a full `CodeRange` for every node (and by default
deep-copies the module first), which costs about twice the parse itself. We
only need the start line of a few node types, the last line of each simple
statement and which physical lines hold code, so we drive LibCST's own code
generator with a state object that counts newlines and records just that.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState

# Nodes whose last code line the metrics visitor asks for. Sets of exact types:
# `isinstance` against LibCST's abstract node classes is slow, these classes
# have no subclasses, and the checks run for every node of the tree.
_SIMPLE_STATEMENTS = frozenset((cst.SimpleStatementLine, cst.SimpleStatementSuite))
# A suite starts on the line of the `:` that closes its header.
_SUITES = frozenset((cst.IndentedBlock, cst.SimpleStatementSuite))
# Returned by `record_syntactic_position`: one reusable no-op context manager
# instead of a generator-based one per node.
_NO_OP: AbstractContextManager[None] = nullcontext()


@dataclass
class LineIndex:
    """Start lines by node identity, plus per-line facts for SLOC."""

    start: dict[int, int] = field(default_factory=dict)
    end: dict[int, int] = field(default_factory=dict)
    suite: dict[int, int] = field(default_factory=dict)
    code_lines: bytearray = field(default_factory=bytearray)

    def line_of(self, node: cst.CSTNode) -> int:
        return self.start.get(id(node), 0)

    def end_of(self, node: cst.CSTNode) -> int:
        return self.end.get(id(node), 0)

    def header_end(self, suite: cst.BaseSuite) -> int:
        """The line of the `:` that opens `suite`."""
        return self.suite.get(id(suite), 0)

    def count_code(self, first: int, last: int) -> int:
        """Lines in [first, last] holding anything but blanks and comments."""
        if last < first:
            return 0
        return sum(self.code_lines[first : last + 1])


class _LineState(CodegenState):
    """A `CodegenState` that tracks lines instead of keeping the generated text."""

    def __init__(self, default_indent: str, default_newline: str, index: LineIndex) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.line = 1
        self.index = index
        self.code = index.code_lines
        self.starts = index.start
        self.ends = index.end
        self.last_code_line = 0

    def add_indent_tokens(self) -> None:
        pass

    def add_token(self, value: str) -> None:
        if not value:
            return
        newlines = value.count("\n")
        if newlines == 0:
            if value[0] != "#" and not value.isspace():
                self.code[self.line] = 1
                self.last_code_line = self.line
            return
        if value.isspace():
            self.line += newlines
            return
        # A token spanning lines: a multi-line string. Every non-blank line of it is code.
        line = self.line
        for segment in value.split("\n"):
            if segment.strip():
                self.code[line] = 1
                self.last_code_line = line
            line += 1
        self.line += newlines

    def pop_trailing_newline(self) -> None:
        pass

    def before_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in _SUITES:
            self.index.suite[id(node)] = self.line

    def after_codegen(self, node: cst.CSTNode) -> None:
        if type(node) in _SIMPLE_STATEMENTS:
            self.ends[id(node)] = self.last_code_line

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        # Only the start line is needed, and it is known on entry.
        self.starts[id(node)] = self.line
        return _NO_OP


def index_lines(module: cst.Module, line_count: int) -> LineIndex:
    """Walk `module` once through LibCST's code generator and record lines."""
    index = LineIndex(code_lines=bytearray(line_count + 2))
    state = _LineState(module.default_indent, module.default_newline, index)
    module._codegen(state)
    return index
