"""Line numbers for a LibCST tree without `PositionProvider`.

`PositionProvider` records a full `CodeRange` for every node (and by default
deep-copies the module first), which costs about twice the parse itself. We
only need the start line of a few node types, the last line of each simple
statement and which physical lines hold code, so we drive LibCST's own code
generator with a state object that counts newlines and records just that.

Two thirds of a tree's nodes are whitespace, names, commas and dots, whose
code generation is one token each but costs five Python calls through
LibCST's generic `_codegen`. While our pass runs, `_codegen` is swapped for
one that handles those types in place (`_codegen_counting_lines`); every other
node, and every other code generation in the process, goes the usual way.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from inspect import isabstract
from typing import Any

import libcst as cst
from libcst._nodes import op as _op
from libcst._nodes.base import CSTNode
from libcst._nodes.internal import CodegenState

from codesmell.cst.patch import swapped

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


def _newlines(state: _LineState, newline: cst.Newline) -> int:
    value = newline.value
    return (state.default_newline if value is None else value).count("\n")


def _code_here(state: _LineState) -> None:
    """A one-line token was added: this line holds code."""
    line = state.line
    state.code[line] = 1
    state.last_code_line = line


def _codegen_counting_lines(node: cst.CSTNode, state: CodegenState, **kwargs: Any) -> None:
    """`CSTNode._codegen`, with the commonest nodes done in place for a `_LineState`.

    Each shortcut gives exactly the `add_token` / `record_syntactic_position`
    effects of that node's own `_codegen_impl` (checked on the whole standard
    library against the plain code generator); the before/after hooks it skips
    do nothing for these types.
    """
    if type(state) is _LineState:
        kind = type(node)
        if kind is cst.SimpleWhitespace:
            value = node.value  # type: ignore[attr-defined]
            if value and not value.isspace():  # a backslash continuation
                state.add_token(value)
            return
        if kind in _PARENTHESIZED:
            # `with self._parenthesize(state): ...`: parentheses, the node's start, its code
            for paren in node.lpar:  # type: ignore[attr-defined]
                paren._codegen(state)
            state.starts[id(node)] = state.line
            if kind is cst.Attribute:
                node.value._codegen(state)  # type: ignore[attr-defined]
                node.dot._codegen(state)  # type: ignore[attr-defined]
                node.attr._codegen(state)  # type: ignore[attr-defined]
            elif kind is cst.Call:
                node.func._codegen(state)  # type: ignore[attr-defined]
                node.whitespace_after_func._codegen(state)  # type: ignore[attr-defined]
                _code_here(state)  # "("
                node.whitespace_before_args._codegen(state)  # type: ignore[attr-defined]
                args = node.args  # type: ignore[attr-defined]
                last = len(args) - 1
                for i, arg in enumerate(args):
                    arg._codegen(state, default_comma=(i != last))
                _code_here(state)  # ")"
            else:  # a name or a literal: one token
                state.add_token(node.value)  # type: ignore[attr-defined]
            for paren in node.rpar:  # type: ignore[attr-defined]
                paren._codegen(state)
            return
        if kind is cst.Newline:
            state.line += _newlines(state, node)  # type: ignore[arg-type]
            return
        if kind is cst.TrailingWhitespace or kind is cst.EmptyLine:
            # Indentation and the comment add no code line and no newline.
            value = node.whitespace.value  # type: ignore[attr-defined]
            if value and not value.isspace():
                state.add_token(value)
            state.line += _newlines(state, node.newline)  # type: ignore[attr-defined]
            return
        if kind in _ONE_TOKEN_OPS:
            node.whitespace_before._codegen(state)  # type: ignore[attr-defined]
            state.starts[id(node)] = state.line
            _code_here(state)
            node.whitespace_after._codegen(state)  # type: ignore[attr-defined]
            return
        if kind is cst.Arg:
            state.starts[id(node)] = state.line
            if node.star:  # type: ignore[attr-defined]
                _code_here(state)
            node.whitespace_after_star._codegen(state)  # type: ignore[attr-defined]
            keyword = node.keyword  # type: ignore[attr-defined]
            if keyword is not None:
                keyword._codegen(state)
            equal = node.equal  # type: ignore[attr-defined]
            if equal is _DEFAULT:
                if keyword is not None:
                    _code_here(state)  # " = "
            elif type(equal) is cst.AssignEqual:
                equal._codegen(state)
            node.value._codegen(state)  # type: ignore[attr-defined]
            comma = node.comma  # type: ignore[attr-defined]
            if comma is _DEFAULT:
                if kwargs.get("default_comma", False):
                    _code_here(state)  # ", "
            elif type(comma) is cst.Comma:
                comma._codegen(state)
            node.whitespace_after_arg._codegen(state)  # type: ignore[attr-defined]
            return
        if kind is cst.AssignTarget:
            state.starts[id(node)] = state.line
            node.target._codegen(state)  # type: ignore[attr-defined]
            node.whitespace_before_equal._codegen(state)  # type: ignore[attr-defined]
            _code_here(state)  # "="
            node.whitespace_after_equal._codegen(state)  # type: ignore[attr-defined]
            return
        if kind is cst.Expr:
            state.starts[id(node)] = state.line
            node.value._codegen(state)  # type: ignore[attr-defined]
            semicolon = node.semicolon  # type: ignore[attr-defined]
            if type(semicolon) is cst.Semicolon:
                semicolon._codegen(state)
            elif isinstance(semicolon, cst.MaybeSentinel) and kwargs.get("default_semicolon", False):
                _code_here(state)  # "; "
            return
        if kind is cst.LeftParen:
            _code_here(state)
            node.whitespace_after._codegen(state)  # type: ignore[attr-defined]
            return
        if kind is cst.RightParen:
            node.whitespace_before._codegen(state)  # type: ignore[attr-defined]
            _code_here(state)
            return
        if kind is cst.ParenthesizedWhitespace:
            node.first_line._codegen(state)  # type: ignore[attr-defined]
            for line in node.empty_lines:  # type: ignore[attr-defined]
                line._codegen(state)
            node.last_line._codegen(state)  # type: ignore[attr-defined]
            return
    state.before_codegen(node)
    node._codegen_impl(state, **kwargs)
    state.after_codegen(node)


_DEFAULT = cst.MaybeSentinel.DEFAULT
# Expressions done in place whose code is wrapped in `with self._parenthesize(state)`: names
# and literals (one token, `state.add_token(self.value)`), attributes and calls.
_PARENTHESIZED = frozenset(
    (cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Attribute, cst.Call)
)
# Operators and punctuation whose code is `_BaseOneTokenOp`'s: whitespace, one token, whitespace.
_ONE_TOKEN_OPS = frozenset(
    kind
    for kind in vars(_op).values()
    if isinstance(kind, type)
    and issubclass(kind, _op._BaseOneTokenOp)
    and not isabstract(kind)
    and kind._codegen_impl is _op._BaseOneTokenOp._codegen_impl
)


def index_lines(module: cst.Module, line_count: int) -> LineIndex:
    """Walk `module` once through LibCST's code generator and record lines."""
    index = LineIndex(code_lines=bytearray(line_count + 2))
    state = _LineState(module.default_indent, module.default_newline, index)
    with swapped(CSTNode, "_codegen", _codegen_counting_lines):
        module._codegen(state)
    return index


def index_lines_plainly(module: cst.Module, line_count: int) -> LineIndex:
    """`index_lines` through LibCST's own `_codegen` only: the reference the shortcuts are tested against."""
    index = LineIndex(code_lines=bytearray(line_count + 2))
    state = _LineState(module.default_indent, module.default_newline, index)
    module._codegen(state)
    return index
