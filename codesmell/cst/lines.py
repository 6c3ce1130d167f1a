"""Line numbers for a LibCST tree without `PositionProvider`.

`PositionProvider` records a full `CodeRange` for every node (and by default
deep-copies the module first), which costs about twice the parse itself. We
only need the start line of a few node types, the last line of each simple
statement and which physical lines hold code, so we drive LibCST's own code
generator with a state object that counts newlines and records just that.

Two thirds of a tree's nodes are whitespace, names, commas and dots, whose
code generation is one token each but costs five Python calls through
LibCST's generic `_codegen`. While our pass runs, `_codegen` is swapped for
one that handles those types in place (`_codegen_counting_lines`), and the
commonest statements and expressions too (`_IN_PLACE`: their generic path costs a
`with` block or a generator-based context manager per node); every other node,
and every other code generation in the process, goes the usual way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from inspect import isabstract
from itertools import accumulate
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
    _prefix: list[int] | None = field(default=None, repr=False, compare=False)

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
        prefix = self._prefix
        if prefix is None or len(prefix) != len(self.code_lines) + 1:
            # Running totals, built on the first count after the line pass: SLOC is asked
            # for every function, every candidate block and every concern unit.
            prefix = self._prefix = [0, *accumulate(self.code_lines)]
        if first < 0:
            return sum(self.code_lines[first : last + 1])
        size = len(prefix) - 1
        return prefix[min(last + 1, size)] - prefix[min(first, size)]


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
                dot = node.dot  # type: ignore[attr-defined]
                if type(dot) is cst.Dot:  # `_BaseOneTokenOp`, inline
                    ws = dot.whitespace_before
                    if type(ws) is not _SW or ws.value not in _BLANK:
                        ws._codegen(state)
                    state.starts[id(dot)] = state.line
                    _code_here(state)
                    ws = dot.whitespace_after
                    if type(ws) is not _SW or ws.value not in _BLANK:
                        ws._codegen(state)
                else:
                    dot._codegen(state)
                node.attr._codegen(state)  # type: ignore[attr-defined]
            elif kind is cst.Call:
                node.func._codegen(state)  # type: ignore[attr-defined]
                ws = node.whitespace_after_func  # type: ignore[attr-defined]
                if type(ws) is not _SW or ws.value not in _BLANK:
                    ws._codegen(state)
                _code_here(state)  # "("
                ws = node.whitespace_before_args  # type: ignore[attr-defined]
                if type(ws) is not _SW or ws.value not in _BLANK:
                    ws._codegen(state)
                args = node.args  # type: ignore[attr-defined]
                last = len(args) - 1
                for i, arg in enumerate(args):
                    arg._codegen(state, default_comma=(i != last))
                _code_here(state)  # ")"
            elif kind is cst.SimpleString:  # may span lines
                state.add_token(node.value)  # type: ignore[attr-defined]
            else:  # a name or a number: one token on this line
                line = state.line
                state.code[line] = 1
                state.last_code_line = line
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
            ws = node.whitespace_before  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            state.starts[id(node)] = state.line
            _code_here(state)
            ws = node.whitespace_after  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            return
        if kind is cst.Arg:
            state.starts[id(node)] = state.line
            if node.star:  # type: ignore[attr-defined]
                _code_here(state)
            ws = node.whitespace_after_star  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
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
            ws = node.whitespace_after_arg  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            return
        if kind is cst.AssignTarget:
            state.starts[id(node)] = state.line
            node.target._codegen(state)  # type: ignore[attr-defined]
            ws = node.whitespace_before_equal  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            _code_here(state)  # "="
            ws = node.whitespace_after_equal  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
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
            ws = node.whitespace_after  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            return
        if kind is cst.RightParen:
            ws = node.whitespace_before  # type: ignore[attr-defined]
            if type(ws) is not _SW or ws.value not in _BLANK:
                ws._codegen(state)
            _code_here(state)
            return
        if kind is cst.ParenthesizedWhitespace:
            node.first_line._codegen(state)  # type: ignore[attr-defined]
            for line in node.empty_lines:  # type: ignore[attr-defined]
                line._codegen(state)
            node.last_line._codegen(state)  # type: ignore[attr-defined]
            return
        in_place = _IN_PLACE.get(kind)
        if in_place is not None and in_place(node, state, kwargs):
            return
    state.before_codegen(node)
    node._codegen_impl(state, **kwargs)
    state.after_codegen(node)


_DEFAULT = cst.MaybeSentinel.DEFAULT
# Whitespace that adds neither code nor a line, tested in place: a third of the calls.
_SW = cst.SimpleWhitespace
_BLANK = frozenset(("", " "))
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


# -- statements and expressions done in place --------------------------------------------
# Each handler gives the `add_token` / `record_syntactic_position` / before- and
# after-codegen effects of its node type's `_codegen_impl` on a `_LineState` (the same
# code in LibCST 1.1.0 and 1.9.0; `tests/cst/test_lines.py` checks them against the plain
# code generator), and returns False to leave a rare form to that `_codegen_impl`. They
# skip `increase_indent` / `decrease_indent`: `_LineState` adds no indentation tokens.
# `with self._parenthesize(state)` is: the `lpar`s, the node's start, its code, the `rpar`s.


def _semicolon(node: Any, state: _LineState, kwargs: dict[str, Any]) -> None:
    """The `default_semicolon` ending of a small statement."""
    semicolon = node.semicolon
    if semicolon is _DEFAULT:
        if kwargs.get("default_semicolon", False):
            _code_here(state)  # "; "
    elif type(semicolon) is cst.Semicolon:
        semicolon._codegen(state)


def _comma(node: Any, state: _LineState, kwargs: dict[str, Any]) -> None:
    """`BaseElement._codegen_comma` (and `SubscriptElement`'s): `", "` / `","` by default."""
    comma = node.comma
    if comma is _DEFAULT:
        if kwargs.get("default_comma", False):
            _code_here(state)
    elif type(comma) is cst.Comma:
        comma._codegen(state)


def _simple_statement_line(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    body = node.body
    if not body:
        return False  # LibCST writes a `pass`
    for line in node.leading_lines:
        line._codegen(state)
    state.starts[id(node)] = state.line
    last = len(body) - 1
    for i, statement in enumerate(body):
        statement._codegen(state, default_semicolon=(i != last))
    node.trailing_whitespace._codegen(state)
    state.ends[id(node)] = state.last_code_line  # `after_codegen`
    return True


def _indented_block(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    body = node.body
    if not body:
        return False  # LibCST writes a `pass`
    state.index.suite[id(node)] = state.line  # `before_codegen`
    node.header._codegen(state)
    state.starts[id(node)] = state.line
    for statement in body:
        statement._codegen(state)
    for line in node.footer:
        line._codegen(state)
    return True


def _assign(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    state.starts[id(node)] = state.line
    for target in node.targets:
        target._codegen(state)
    node.value._codegen(state)
    _semicolon(node, state, kwargs)
    return True


def _return(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    state.starts[id(node)] = state.line
    _code_here(state)  # "return"
    whitespace = node.whitespace_after_return
    if whitespace is not _DEFAULT:  # the default is " " or nothing: no code, no newline
        whitespace._codegen(state)
    value = node.value
    if value is not None:
        value._codegen(state)
    _semicolon(node, state, kwargs)
    return True


def _if(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for line in node.leading_lines:
        line._codegen(state)
    state.starts[id(node)] = state.line
    _code_here(state)  # "if" / "elif"
    ws = node.whitespace_before_test
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    node.test._codegen(state)
    ws = node.whitespace_after_test
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    _code_here(state)  # ":"
    node.body._codegen(state)
    orelse = node.orelse
    if orelse is not None:
        if type(orelse) is cst.If:
            orelse._codegen(state, is_elif=True)
        else:
            orelse._codegen(state)
    return True


def _else(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for line in node.leading_lines:
        line._codegen(state)
    state.starts[id(node)] = state.line
    _code_here(state)  # "else"
    ws = node.whitespace_before_colon
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    _code_here(state)  # ":"
    node.body._codegen(state)
    return True


def _param(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    star = node.star
    if star is _DEFAULT:
        star = kwargs.get("default_star")
        if star is None:
            return False  # LibCST raises
    state.starts[id(node)] = state.line
    if star:
        _code_here(state)
    ws = node.whitespace_after_star
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    node.name._codegen(state)
    annotation = node.annotation
    if annotation is not None:
        annotation._codegen(state, default_indicator=":")
    equal = node.equal
    default = node.default
    if equal is _DEFAULT:
        if default is not None:
            _code_here(state)  # " = "
    elif type(equal) is cst.AssignEqual:
        equal._codegen(state)
    if default is not None:
        default._codegen(state)
    _comma(node, state, kwargs)
    ws = node.whitespace_after_param
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    return True


def _element(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    state.starts[id(node)] = state.line
    node.value._codegen(state)
    _comma(node, state, kwargs)
    return True


def _dict_element(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    state.starts[id(node)] = state.line
    node.key._codegen(state)
    ws = node.whitespace_before_colon
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    _code_here(state)  # ":"
    ws = node.whitespace_after_colon
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    node.value._codegen(state)
    _comma(node, state, kwargs)
    return True


def _subscript_element(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    state.starts[id(node)] = state.line
    node.slice._codegen(state)
    _comma(node, state, kwargs)
    return True


def _index(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    if node.star is not None:
        state.add_token(node.star)
    whitespace = node.whitespace_after_star
    if whitespace is not None:
        whitespace._codegen(state)
    node.value._codegen(state)
    return True


def _comparison_target(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    node.operator._codegen(state)
    node.comparator._codegen(state)
    return True


def _opening(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    """`[` or `{`: the token, then the whitespace after it."""
    _code_here(state)
    ws = node.whitespace_after
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    return True


def _closing(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    """`]` or `}`: the whitespace before it, then the token."""
    ws = node.whitespace_before
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    _code_here(state)
    return True


def _comparison(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    node.left._codegen(state)
    for comparison in node.comparisons:
        comparison._codegen(state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _binary_operation(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    node.left._codegen(state)
    node.operator._codegen(state)
    node.right._codegen(state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _unary_operation(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    node.operator._codegen(state)
    node.expression._codegen(state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _elements(elements: Any, state: _LineState) -> None:
    last = len(elements) - 1
    for i, element in enumerate(elements):
        element._codegen(state, default_comma=(i < last), default_comma_whitespace=True)


def _tuple(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    elements = node.elements
    if len(elements) == 1:
        elements[0]._codegen(state, default_comma=True, default_comma_whitespace=False)
    else:
        _elements(elements, state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _bracketed(node: Any, state: _LineState, opening: Any, closing: Any) -> bool:
    """A list's `[...]` or a dict's `{...}`, in its parentheses."""
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    opening._codegen(state)
    _elements(node.elements, state)
    closing._codegen(state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _list(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    return _bracketed(node, state, node.lbracket, node.rbracket)


def _dict(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    return _bracketed(node, state, node.lbrace, node.rbrace)


def _subscript(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for paren in node.lpar:
        paren._codegen(state)
    state.starts[id(node)] = state.line
    node.value._codegen(state)
    ws = node.whitespace_after_value
    if type(ws) is not _SW or ws.value not in _BLANK:
        ws._codegen(state)
    node.lbracket._codegen(state)
    slices = node.slice
    last = len(slices) - 1
    for i, element in enumerate(slices):
        element._codegen(state, default_comma=(i != last))
    node.rbracket._codegen(state)
    for paren in node.rpar:
        paren._codegen(state)
    return True


def _function_def(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    for line in node.leading_lines:
        line._codegen(state)
    for decorator in node.decorators:
        decorator._codegen(state)
    for line in node.lines_after_decorators:
        line._codegen(state)
    state.starts[id(node)] = state.line
    if node.asynchronous is not None:
        node.asynchronous._codegen(state)
    _code_here(state)  # "def"
    node.whitespace_after_def._codegen(state)
    node.name._codegen(state)
    node.whitespace_after_name._codegen(state)
    if node.type_parameters is not None:
        node.type_parameters._codegen(state)
    node.whitespace_after_type_parameters._codegen(state)
    _code_here(state)  # "("
    node.whitespace_before_params._codegen(state)
    node.params._codegen(state)
    _code_here(state)  # ")"
    if node.returns is not None:
        node.returns._codegen(state, default_indicator="->")
    node.whitespace_before_colon._codegen(state)
    _code_here(state)  # ":"
    node.body._codegen(state)
    return True


def _parameters(node: Any, state: _LineState, kwargs: dict[str, Any]) -> bool:
    """`Parameters._codegen_impl`: which default commas, `/` and `*` it writes."""
    posonly, params, kwonly = node.posonly_params, node.params, node.kwonly_params
    star_arg, star_kwarg = node.star_arg, node.star_kwarg
    if star_arg is _DEFAULT:
        star_included = len(kwonly) > 0
    else:
        star_included = type(star_arg) is cst.Param or type(star_arg) is cst.ParamStar
    for param in posonly:
        param._codegen(state, default_star="", default_comma=True)
    more = star_included or len(params) > 0 or len(kwonly) > 0 or star_kwarg is not None
    slash = node.posonly_ind
    if type(slash) is cst.ParamSlash:
        slash._codegen(state, default_comma=more)
    elif len(posonly) > 0:
        _code_here(state)  # "/, " or "/"
    last = len(params) - 1
    more = star_included or len(kwonly) > 0 or star_kwarg is not None
    for i, param in enumerate(params):
        param._codegen(state, default_star="", default_comma=(i < last or more))
    if star_arg is _DEFAULT:
        if star_included:
            _code_here(state)  # "*, "
    elif type(star_arg) is cst.Param:
        star_arg._codegen(state, default_star="*", default_comma=len(kwonly) > 0 or star_kwarg is not None)
    elif type(star_arg) is cst.ParamStar:
        star_arg._codegen(state)
    last = len(kwonly) - 1
    more = star_kwarg is not None
    for i, param in enumerate(kwonly):
        param._codegen(state, default_star="", default_comma=(i < last or more))
    if star_kwarg is not None:
        star_kwarg._codegen(state, default_star="**", default_comma=False)
    return True


_IN_PLACE: dict[type, Callable[[Any, _LineState, dict[str, Any]], bool]] = {
    cst.SimpleStatementLine: _simple_statement_line,
    cst.IndentedBlock: _indented_block,
    cst.Assign: _assign,
    cst.Return: _return,
    cst.If: _if,
    cst.Else: _else,
    cst.Param: _param,
    cst.Parameters: _parameters,
    cst.FunctionDef: _function_def,
    cst.Element: _element,
    cst.DictElement: _dict_element,
    cst.SubscriptElement: _subscript_element,
    cst.Index: _index,
    cst.ComparisonTarget: _comparison_target,
    cst.LeftSquareBracket: _opening,
    cst.LeftCurlyBrace: _opening,
    cst.RightSquareBracket: _closing,
    cst.RightCurlyBrace: _closing,
    cst.Comparison: _comparison,
    cst.BinaryOperation: _binary_operation,
    cst.UnaryOperation: _unary_operation,
    cst.Tuple: _tuple,
    cst.List: _list,
    cst.Dict: _dict,
    cst.Subscript: _subscript,
}


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
