"""The LibCST visitor that measures every function in one walk of the tree.

Each function gets its own `_FunctionState`; nested functions and classes push
new scopes so nothing they contain inflates the enclosing function. What
counts for `cyclomatic` mirrors radon's `ComplexityVisitor`; `cognitive`
follows SonarSource's white paper (see README for both tables).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

import libcst as cst

from codesmell.cst.docstrings import is_docstring
from codesmell.cst.lines import LineIndex
from codesmell.cst.names import decorator_names, identifier, import_binding, target_names
from codesmell.cst.walk import CodeHooks
from codesmell.model import FunctionMetrics, Increment

_LOGIC_BLOCKS = (
    cst.If,
    cst.For,
    cst.While,
    cst.Try,
    cst.TryStar,
    cst.With,
    cst.Match,
)


@dataclass
class _FunctionState:
    node: cst.FunctionDef
    qualname: str
    is_method: bool
    line: int
    active: bool = False  # inside the body (decorators, defaults and annotations do not count)
    statements: int = 0
    logic_blocks: int = 0
    nesting: int = 0  # logic-block depth, for max_nesting
    max_nesting: int = 0
    cognitive_nesting: int = 0
    bound: set[str] = field(default_factory=set)
    declared_outer: set[str] = field(default_factory=set)  # global / nonlocal names
    increments: list[Increment] = field(default_factory=list)
    end_line: int = 0
    excluded_spans: list[tuple[int, int]] = field(default_factory=list)
    docstring_span: tuple[int, int] | None = None
    in_assert: int = 0  # radon counts an assert as 1 and ignores what is inside it
    in_lambda: int = 0  # a walrus inside a lambda binds in the lambda's scope
    recursive_calls: list[int] = field(default_factory=list)  # lines of calls that may be to itself
    # The function whose SLOC must not include this one's lines: the enclosing
    # function, also through local classes (their methods are measured on their own).
    sloc_owner: _FunctionState | None = None

    def add(self, metric: str, line: int, amount: int, reason: str) -> None:
        if metric == "cyclomatic" and self.in_assert:
            return
        if amount:
            self.increments.append(Increment(metric, line, amount, reason))


@dataclass
class _ClassScope:
    name: str


_Scope = _FunctionState | _ClassScope

# Attributes whose contents are one cognitive nesting level deeper than the
# statement itself: the bodies, not the condition / iterable / subject in the
# header (SonarSource nests the statement lists only). `If.orelse` nests only
# when it is an `else:`; an `elif` is an `If` whose own body nests.
_COGNITIVE_NESTING_ATTRIBUTES: dict[type, frozenset[str]] = {
    cst.If: frozenset(("body", "orelse")),
    cst.For: frozenset(("body", "orelse")),
    cst.While: frozenset(("body", "orelse")),
    cst.ExceptHandler: frozenset(("body",)),
    cst.ExceptStarHandler: frozenset(("body",)),
    cst.Match: frozenset(("cases",)),
}


def _indent(line: str) -> int:
    """The column of a line's first character that is not indentation."""
    return len(line) - len(line.lstrip(" \t\f"))


def _target_names(node: cst.CSTNode) -> list[str]:
    """The identifiers an assignment target binds, as Python spells them."""
    return [identifier(name.value) for name in target_names(node)]


def _is_irrefutable_capture(case: cst.MatchCase) -> bool:
    """`case _:` or `case name:`, which radon treats as the match's `else`."""
    return isinstance(case.pattern, cst.MatchAs) and case.pattern.pattern is None


def _count_params(params: cst.Parameters, is_method: bool, decorators: list[str]) -> int:
    positional = [*params.posonly_params, *params.params]
    count = len(positional) + len(params.kwonly_params)
    if is_method and positional and "staticmethod" not in decorators:
        count -= 1  # self / cls
    return count


def _boolean_operators(node: cst.BaseExpression) -> list[str]:
    """The operators of a chain of `and`/`or`, in source order, parentheses ignored."""
    if isinstance(node, cst.BooleanOperation):
        op = "and" if isinstance(node.operator, cst.And) else "or"
        return [*_boolean_operators(node.left), op, *_boolean_operators(node.right)]
    return []


class FunctionMetricsVisitor(cst.CSTVisitor):
    """Collects `FunctionMetrics` for every function and method in a module."""

    # The only (node type, attribute) pairs whose `on_visit_attribute` and
    # `on_leave_attribute` do anything.
    ATTRIBUTE_HOOKS: ClassVar[Mapping[type, frozenset[str]]] = MappingProxyType(
        {**_COGNITIVE_NESTING_ATTRIBUTES, cst.FunctionDef: frozenset(("body",))}
    )

    def __init__(self, lines: LineIndex, code_line_total: int, text_lines: Sequence[str] = ()) -> None:
        """`text_lines`: the source's lines, for each function's `col` (0 without them)."""
        super().__init__()
        self.lines = lines
        self.text_lines = text_lines
        self.results: list[FunctionMetrics] = []
        self._scopes: list[_Scope] = []
        self._qualname: list[str] = []
        # Boolean chains already counted for cognitive complexity (inner nodes of a chain).
        self._chained: set[int] = set()
        # `If` nodes that are the `elif` of another `If`.
        self._elif_ids: set[int] = set()

    # Dispatch by type with no per-node string formatting: the stdlib has millions of nodes.
    def on_visit(self, node: cst.CSTNode) -> bool:
        handler = _VISIT_HOOKS.get(type(node))
        if handler is None:
            return True
        return handler(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        handler = _LEAVE_HOOKS.get(type(original_node))
        if handler is not None:
            handler(self, original_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        kind = type(node)
        if attribute == "body" and kind is cst.FunctionDef:
            scope = self._scopes[-1]
            assert isinstance(scope, _FunctionState)
            scope.active = True
        elif self._nests_cognitive(node, kind, attribute):
            function = self._function
            if function is not None:
                function.cognitive_nesting += 1

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if self._nests_cognitive(original_node, type(original_node), attribute):
            function = self._function
            if function is not None:
                function.cognitive_nesting -= 1

    @staticmethod
    def _nests_cognitive(node: cst.CSTNode, kind: type, attribute: str) -> bool:
        attributes = _COGNITIVE_NESTING_ATTRIBUTES.get(kind)
        if attributes is None or attribute not in attributes:
            return False
        if kind is cst.If and attribute == "orelse":
            return isinstance(node.orelse, cst.Else)  # type: ignore[attr-defined]
        return True

    # -- scope handling -------------------------------------------------

    @property
    def _function(self) -> _FunctionState | None:
        """The function whose body we are directly in, if any."""
        if self._scopes:
            scope = self._scopes[-1]
            if isinstance(scope, _FunctionState) and scope.active:
                return scope
        return None

    def _line(self, node: cst.CSTNode) -> int:
        return self.lines.line_of(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self._function
        if parent is not None:
            parent.bound.add(node.name.value)
            parent.statements += 1
        owner = self._sloc_owner()
        if owner is not None:
            first = self._line(node.decorators[0].decorator) if node.decorators else 0
            owner.excluded_spans.append((first or self._line(node), -1))
        enclosing = self._scopes[-1] if self._scopes else None
        is_method = isinstance(enclosing, _ClassScope)
        if isinstance(enclosing, _FunctionState):
            self._qualname.append("<locals>")
        self._qualname.append(identifier(node.name.value))
        state = _FunctionState(
            node=node,
            qualname=".".join(self._qualname),
            is_method=is_method,
            line=self._line(node),
            sloc_owner=owner,
        )
        body = node.body
        if isinstance(body, cst.IndentedBlock) and body.body and is_docstring(body.body[0]):
            doc = body.body[0]
            state.docstring_span = (self.lines.line_of(doc), self.lines.end_of(doc))
        elif isinstance(body, cst.SimpleStatementSuite) and is_docstring(body):
            state.docstring_span = (self.lines.line_of(body), self.lines.end_of(body))
        self._scopes.append(state)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        state = self._scopes.pop()
        assert isinstance(state, _FunctionState)
        self._qualname.pop()
        if self._qualname and self._qualname[-1] == "<locals>":
            self._qualname.pop()
        end_line = max(state.end_line, state.line)
        owner = state.sloc_owner
        if owner is not None:
            start, _ = owner.excluded_spans.pop()
            owner.excluded_spans.append((start, end_line))
        parent = self._function
        if parent is not None:
            parent.end_line = max(parent.end_line, end_line)
        self.results.append(self._finish(state, end_line))

    def _sloc_owner(self) -> _FunctionState | None:
        """The innermost function body we are in, looking through class bodies."""
        for scope in reversed(self._scopes):
            if isinstance(scope, _FunctionState):
                return scope if scope.active else None
        return None

    def _finish(self, state: _FunctionState, end_line: int) -> FunctionMetrics:
        node = state.node
        sloc = self.lines.count_code(state.line, end_line)
        for start, stop in state.excluded_spans:
            sloc -= self.lines.count_code(start, stop)
        if state.docstring_span is not None:
            doc_start, doc_end = state.docstring_span
            sloc -= self.lines.count_code(max(doc_start, state.line + 1), doc_end)
        params = _count_params(node.params, state.is_method, decorator_names(node))
        positional = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
        param_names = {p.name.value for p in positional}
        for star in (node.params.star_arg, node.params.star_kwarg):
            if isinstance(star, cst.Param):
                param_names.add(star.name.value)
        local_names = state.bound - param_names - state.declared_outer
        if state.recursive_calls and (state.is_method or node.name.value not in state.bound | param_names):
            for line in state.recursive_calls:  # SonarSource: +1 per recursive call
                state.add("cognitive", line, 1, "recursion")
        cyclomatic = 1 + sum(i.amount for i in state.increments if i.metric == "cyclomatic")
        cognitive = sum(i.amount for i in state.increments if i.metric == "cognitive")
        header_end = self.lines.header_end(node.body) or state.line
        return FunctionMetrics(
            qualname=state.qualname,
            name=identifier(node.name.value),
            line=state.line,
            end_line=end_line,
            col=_indent(self.text_lines[state.line - 1]) if self.text_lines else 0,
            header_end_line=max(header_end, state.line),
            sloc=max(sloc, 1),
            statements=state.statements,
            locals=len(local_names),
            params=params,
            logic_blocks=state.logic_blocks,
            cyclomatic=cyclomatic,
            cognitive=cognitive,
            max_nesting=state.max_nesting,
            is_method=state.is_method,
            is_async=node.asynchronous is not None,
            increments=tuple(sorted(state.increments, key=lambda i: (i.line, i.metric))),
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        parent = self._function
        if parent is not None:
            parent.bound.add(node.name.value)
            parent.statements += 1
        if self._scopes and isinstance(self._scopes[-1], _FunctionState):
            self._qualname.append("<locals>")
        self._qualname.append(identifier(node.name.value))
        self._scopes.append(_ClassScope(identifier(node.name.value)))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.pop()
        self._qualname.pop()
        if self._qualname and self._qualname[-1] == "<locals>":
            self._qualname.pop()

    # -- statements and sizes --------------------------------------------

    # Outside a function body (module and class level, decorators, parameters and return
    # annotations) every hook below does nothing, and a simple statement, a decorator, a
    # parameter list or an annotation cannot hold a `def` or `class` that would change
    # that: their children are not walked there.

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return self._simple_statements(node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> bool:
        return self._simple_statements(node)

    def visit_Decorator(self, node: cst.Decorator) -> bool:
        return self._function is not None

    def visit_Parameters(self, node: cst.Parameters) -> bool:
        return self._function is not None  # a lambda's, in a body, count

    def visit_Annotation(self, node: cst.Annotation) -> bool:
        return self._function is not None

    def _simple_statements(self, node: cst.SimpleStatementLine | cst.SimpleStatementSuite) -> bool:
        """Count the statements; False (do not walk the line) outside a function body."""
        end = self.lines.end_of(node)
        for scope in self._scopes:
            if isinstance(scope, _FunctionState) and scope.end_line < end:
                scope.end_line = end
        function = self._function
        if function is None:
            return False
        count = len(node.body)
        if (
            function.docstring_span is not None
            and function.statements == 0
            and is_docstring(node)
            and self.lines.line_of(node) == function.docstring_span[0]
        ):
            count -= 1
        function.statements += count
        return True

    def _enter_block(self, node: cst.CSTNode, counts_as_structure: bool = True) -> None:
        function = self._function
        if function is None:
            return
        function.statements += 1
        if counts_as_structure:
            function.logic_blocks += 1
        function.nesting += 1
        function.max_nesting = max(function.max_nesting, function.nesting)

    def _leave_block(self) -> None:
        function = self._function
        if function is not None:
            function.nesting -= 1

    # -- if / elif / else -------------------------------------------------

    def visit_If(self, node: cst.If) -> None:
        function = self._function
        if function is None:
            return
        elif_ = id(node) in self._elif_ids
        line = self._line(node)
        function.add("cyclomatic", line, 1, "elif" if elif_ else "if")
        if elif_:
            function.add("cognitive", line, 1, "elif")
            function.statements += 1
        else:
            function.add("cognitive", line, 1 + function.cognitive_nesting, "if" + self._nest_note(function))
            self._enter_block(node)
        if isinstance(node.orelse, cst.If):
            self._elif_ids.add(id(node.orelse))
        elif isinstance(node.orelse, cst.Else):
            function.add("cognitive", self._line(node.orelse), 1, "else")

    def leave_If(self, node: cst.If) -> None:
        function = self._function
        if function is None:
            return
        if id(node) in self._elif_ids:
            self._elif_ids.discard(id(node))
            return
        self._leave_block()

    @staticmethod
    def _nest_note(function: _FunctionState) -> str:
        return f" (nesting {function.cognitive_nesting})" if function.cognitive_nesting else ""

    # -- loops --------------------------------------------------------------

    def _visit_loop(self, node: cst.For | cst.While, keyword: str) -> None:
        function = self._function
        if function is None:
            return
        line = self._line(node)
        function.add("cyclomatic", line, 1, keyword)
        if node.orelse is not None:
            function.add("cyclomatic", self._line(node.orelse) or line, 1, f"{keyword} ... else")
        function.add("cognitive", line, 1 + function.cognitive_nesting, keyword + self._nest_note(function))
        self._enter_block(node)
        if isinstance(node, cst.For):
            function.bound.update(_target_names(node.target))

    def _leave_nesting_block(self) -> None:
        self._leave_block()

    def visit_For(self, node: cst.For) -> None:
        self._visit_loop(node, "async for" if node.asynchronous else "for")

    def leave_For(self, node: cst.For) -> None:
        self._leave_nesting_block()

    def visit_While(self, node: cst.While) -> None:
        self._visit_loop(node, "while")

    def leave_While(self, node: cst.While) -> None:
        self._leave_nesting_block()

    # -- try / with / match -------------------------------------------------

    def _visit_try(self, node: cst.Try | cst.TryStar) -> None:
        function = self._function
        if function is None:
            return
        for handler in node.handlers:
            line = self._line(handler) or self._line(node)
            function.add("cyclomatic", line, 1, "except")
        if node.orelse is not None:
            function.add("cyclomatic", self._line(node.orelse) or self._line(node), 1, "try ... else")
        self._enter_block(node)

    def visit_Try(self, node: cst.Try) -> None:
        self._visit_try(node)

    def leave_Try(self, node: cst.Try) -> None:
        self._leave_block()

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._visit_try(node)

    def leave_TryStar(self, node: cst.TryStar) -> None:
        self._leave_block()

    def _visit_handler(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        function = self._function
        if function is None:
            return
        function.add(
            "cognitive",
            self._line(node),
            1 + function.cognitive_nesting,
            "except" + self._nest_note(function),
        )
        if node.name is not None:
            function.bound.update(_target_names(node.name.name))

    def _leave_handler(self) -> None:
        pass

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._visit_handler(node)

    def leave_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._leave_handler()

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._visit_handler(node)

    def leave_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._leave_handler()

    def visit_With(self, node: cst.With) -> None:
        function = self._function
        if function is None:
            return
        self._enter_block(node)
        for item in node.items:
            if item.asname is not None:
                function.bound.update(_target_names(item.asname.name))

    def leave_With(self, node: cst.With) -> None:
        self._leave_block()

    def visit_Match(self, node: cst.Match) -> None:
        function = self._function
        if function is None:
            return
        line = self._line(node)
        default_skipped = False
        for case in node.cases:
            # Like radon, one catch-all case (`case _:` or `case name:`) is the match's
            # `else` and adds no path; any further one counts.
            if not default_skipped and _is_irrefutable_capture(case):
                default_skipped = True
                continue
            function.add("cyclomatic", self._line(case.pattern) or line, 1, "case")
        function.add("cognitive", line, 1 + function.cognitive_nesting, "match" + self._nest_note(function))
        self._enter_block(node)

    def leave_Match(self, node: cst.Match) -> None:
        self._leave_nesting_block()

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        function = self._function
        if function is not None and node.name is not None:
            function.bound.add(node.name.value)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        function = self._function
        if function is not None and node.name is not None:
            function.bound.add(node.name.value)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        function = self._function
        if function is not None and node.rest is not None:
            function.bound.add(node.rest.value)

    # -- expressions ----------------------------------------------------------

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        function = self._function
        if function is None:
            return
        op = "and" if isinstance(node.operator, cst.And) else "or"
        line = self._line(node.operator) or self._line(node)
        function.add("cyclomatic", line, 1, f"boolean '{op}'")
        if id(node) in self._chained:
            return
        operators = _boolean_operators(node)
        self._mark_chain(node)
        sequences = 1 + sum(1 for a, b in itertools.pairwise(operators) if a != b)
        function.add("cognitive", line, sequences, f"boolean sequence {' '.join(operators)}")

    def _mark_chain(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.BooleanOperation):
            self._chained.add(id(node.left))
            self._chained.add(id(node.right))
            self._mark_chain(node.left)
            self._mark_chain(node.right)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        function = self._function
        if function is None:
            return
        line = self._line(node)
        function.add("cyclomatic", line, 1, "conditional expression")
        function.add(
            "cognitive", line, 1 + function.cognitive_nesting, "conditional expression" + self._nest_note(function)
        )
        function.cognitive_nesting += 1

    def leave_IfExp(self, node: cst.IfExp) -> None:
        function = self._function
        if function is not None:
            function.cognitive_nesting -= 1

    def visit_CompFor(self, node: cst.CompFor) -> None:
        function = self._function
        if function is None:
            return
        line = self._line(node.target) or self._line(node.iter)
        function.add("cyclomatic", line, 1, "comprehension for")
        for if_ in node.ifs:
            function.add("cyclomatic", self._line(if_.test) or line, 1, "comprehension if")

    def visit_Lambda(self, node: cst.Lambda) -> None:
        function = self._function
        if function is not None:
            function.cognitive_nesting += 1
            function.in_lambda += 1

    def leave_Lambda(self, node: cst.Lambda) -> None:
        function = self._function
        if function is not None:
            function.cognitive_nesting -= 1
            function.in_lambda -= 1

    def visit_Assert(self, node: cst.Assert) -> None:
        function = self._function
        if function is not None:
            function.add("cyclomatic", self._line(node.test), 1, "assert")
            function.in_assert += 1

    def leave_Assert(self, node: cst.Assert) -> None:
        function = self._function
        if function is not None:
            function.in_assert -= 1

    def visit_Call(self, node: cst.Call) -> None:
        """A call the function makes to itself: `f()` in `def f`, `self.m()`/`cls.m()` in method `m`."""
        function = self._function
        if function is None:
            return
        func = node.func
        name = function.node.name.value
        if type(func) is cst.Name:
            if func.value == name and not function.is_method:
                function.recursive_calls.append(self._line(node))
        elif type(func) is cst.Attribute and function.is_method and func.attr.value == name:
            receiver = func.value
            params = function.node.params
            first = (*params.posonly_params, *params.params)
            if (
                type(receiver) is cst.Name
                and first
                and receiver.value == first[0].name.value
                and "staticmethod" not in decorator_names(function.node)
            ):
                function.recursive_calls.append(self._line(node))

    # -- name bindings ----------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        function = self._function
        if function is not None:
            for target in node.targets:
                function.bound.update(_target_names(target.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        function = self._function
        if function is not None:
            function.bound.update(_target_names(node.target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        function = self._function
        if function is not None:
            function.bound.update(_target_names(node.target))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        function = self._function
        if function is not None and not function.in_lambda:
            function.bound.update(_target_names(node.target))

    def visit_Del(self, node: cst.Del) -> None:
        function = self._function
        if function is not None:
            function.bound.update(_target_names(node.target))

    def visit_Import(self, node: cst.Import) -> None:
        function = self._function
        if function is None:
            return
        for alias in node.names:
            bound = import_binding(alias)
            if bound is not None:
                function.bound.add(identifier(bound))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        function = self._function
        if function is None or isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            bound = import_binding(alias)
            if bound is not None:
                function.bound.add(identifier(bound))

    def visit_Global(self, node: cst.Global) -> None:
        function = self._function
        if function is not None:
            function.declared_outer.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        function = self._function
        if function is not None:
            function.declared_outer.update(item.name.value for item in node.names)

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        function = self._function
        if function is not None:
            function.bound.add(node.name.value)



def _hooks(prefix: str) -> dict[type, Callable[..., bool | None]]:
    """This class's own `visit_<Node>` / `leave_<Node>` methods by node type.

    Built once per process, not per file; the no-op hooks `CSTVisitor` defines
    for every node type are left out, so most nodes find no handler at all.
    """
    return {
        getattr(cst, name[len(prefix) :]): function
        for name, function in vars(FunctionMetricsVisitor).items()
        if name.startswith(prefix) and isinstance(getattr(cst, name[len(prefix) :], None), type)
    }


_VISIT_HOOKS = _hooks("visit_")
_LEAVE_HOOKS = _hooks("leave_")

# How `walk.walk_code` drives this visitor: its own hooks by node type, and the
# attribute hooks only where they do something.
CODE_HOOKS = CodeHooks(FunctionMetricsVisitor.ATTRIBUTE_HOOKS, _VISIT_HOOKS, _LEAVE_HOOKS)
