"""Name and control-flow facts of one function, for Extract Method.

Only functions above the SLOC floor get here, so the cost is paid for a few
functions per file: LibCST's `ScopeProvider` runs on a small `Module` holding
just the top-level statement that encloses the function (the nodes are shared,
not copied, so the line index of the whole-file parse still applies), and one
walk of the function numbers its nodes in source order. Every read, binding
and control-flow event then has a position, and a block of statements is a
range of positions: "bound before the block", "read after it" and "leaves it"
become range queries.
"""

from __future__ import annotations

import builtins
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider
from libcst.metadata.scope_provider import ComprehensionScope, FunctionScope, Scope

from codesmell.cst.lines import LineIndex
from codesmell.cst.names import decorator_names, target_names
from codesmell.cst.walk import SOURCE_ORDER, CodeHooks

BUILTIN_NAMES = frozenset(dir(builtins))
_DEFAULT = cst.MaybeSentinel.DEFAULT

# `isinstance` against LibCST's abstract classes goes through `ABCMeta` and was a
# sixth of this module's time; the answer per concrete type is cached instead.
_STATEMENT_TYPES: dict[type, bool] = {}


def _is_statement_type(kind: type) -> bool:
    known = _STATEMENT_TYPES.get(kind)
    if known is None:
        known = _STATEMENT_TYPES[kind] = issubclass(kind, cst.BaseStatement)
    return known


# Calls that see (or change) the calling frame's locals: moving them changes behaviour.
FRAME_CALLS = frozenset(("locals", "vars", "dir", "exec", "eval"))

# Control-flow and scope events recorded while walking the function.
RETURN, YIELD, AWAIT, BREAK, SUPER, MANGLED, FRAME, DECLARE, NESTED_NONLOCAL = (
    "return",
    "yield",
    "await",
    "break",
    "super",
    "mangled",
    "frame",
    "declare",
    "nested-nonlocal",
)


@dataclass(frozen=True)
class Flag:
    pos: int
    kind: str
    line: int
    detail: str = ""
    target: int = -1  # for break/continue: position of the loop it leaves (-1: none)


@dataclass
class NameEvents:
    """Sorted positions of the reads and bindings of one local name of the function."""

    reads: list[int] = field(default_factory=list)
    nested_reads: list[int] = field(default_factory=list)  # from nested functions/classes/lambdas
    binds: list[int] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)

    def any_in(self, kind: str, first: int, last: int) -> bool:
        positions: list[int] = getattr(self, kind)
        index = bisect_left(positions, first)
        return index < len(positions) and positions[index] <= last

    def first_in(self, kind: str, first: int, last: int) -> int:
        positions: list[int] = getattr(self, kind)
        index = bisect_left(positions, first)
        if index < len(positions) and positions[index] <= last:
            return positions[index]
        return -1


def is_mangled(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


class _Walker:
    """Numbers every node of the function in one pre-order walk and records names and flags.

    `cst.walk.walk_code` in `SOURCE_ORDER` (dataclass field order, which fixes
    the positions): LibCST's visitor machinery rebuilds every node it leaves,
    which costs several times more.
    """

    _visit: ClassVar[dict[type, Callable[[Any, Any], None]]] = {}
    _leave: ClassVar[dict[type, Callable[[Any, Any], None]]] = {}

    def __init__(self, function: cst.FunctionDef, lines: LineIndex) -> None:
        self.function = function
        self.lines = lines
        self.pos: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.end_line: dict[int, int] = {}  # statements: last line holding code
        self.counter = 0
        # (name, node) pairs, resolved to positions after the walk
        self.bind_nodes: list[tuple[str, cst.CSTNode]] = []
        self.delete_nodes: list[tuple[str, cst.CSTNode]] = []
        self.aug_read_nodes: list[tuple[str, cst.CSTNode]] = []
        self.declared_global: set[str] = set()
        self.declared_nonlocal: set[str] = set()
        self.flags: list[Flag] = []
        self.calls: list[tuple[int, str]] = []  # (position, called name) outside nested scopes
        self.nested_spans: list[tuple[int, int]] = []  # nested def/class line spans (not in parent SLOC)
        self.identifiers: set[str] = set()
        # (position, base name, attribute) of every `name.attr`, for the concerns metric's self links
        self.attributes: list[tuple[int, str, str]] = []
        self._depth = 0  # nested scopes (def, class, lambda) below the function
        self._loops: list[int] = []  # positions of the loops enclosing the current node (depth 0)
        self._loop_pushed: list[bool] = []  # per loop body being walked: did it push onto `_loops`
        self._ends: list[int] = []  # per node being walked: last code line seen inside it so far
        self._line = 0  # last known line, for flags on nodes without their own
        # Our own read analysis: every Name not in a binding or attribute/keyword position is a
        # load; names bound by an enclosing comprehension's `for` are that comprehension's.
        self.nonload: set[int] = set()
        self.loads: list[tuple[str, cst.Name, bool]] = []  # (name, node, inside a nested scope)
        self._comprehension_names: list[set[str]] = []
        if not _Walker._visit:
            for name, member in vars(_Walker).items():
                for prefix, table in (("visit_", _Walker._visit), ("leave_", _Walker._leave)):
                    if name.startswith(prefix) and hasattr(cst, name[len(prefix) :]):
                        table[getattr(cst, name[len(prefix) :])] = member

    def walk(self, function: cst.FunctionDef) -> None:
        """The function's parameters and body (not its decorators or return annotation)."""
        self.pos[id(function)] = self.counter
        self.counter += 1
        self._ends.append(0)
        self._number(function.params)
        self._number(function.body)
        self.last[id(function)] = self.counter - 1
        self.end_line[id(function)] = self._ends.pop()

    def _number(self, root: cst.CSTNode) -> None:
        """`walk_code(root, self, _HOOKS, SOURCE_ORDER)` with `on_visit` / `on_leave` inlined.

        Every node of a long function passes here, so the two method calls per node and
        the generic walk's dispatch are worth saving; `tests/extract` pin the numbering.
        """
        pos, last, end_line, ends = self.pos, self.last, self.end_line, self._ends
        starts, stops = self.lines.start, self.lines.end
        visit, leave = self._visit, self._leave
        table, fields_of = SOURCE_ORDER.table, SOURCE_ORDER.fields
        counter = self.counter

        def walk(node: cst.CSTNode) -> None:
            nonlocal counter
            key = id(node)
            kind = type(node)
            pos[key] = counter
            counter += 1
            line = starts.get(key)
            if line:
                self._line = line
            ends.append(0)
            handler = visit.get(kind)
            if handler is not None:
                self.counter = counter
                handler(self, node)
            fields = table.get(kind)
            loop = kind is cst.For or kind is cst.While
            for attribute in fields_of(node) if fields is None else fields:
                value = getattr(node, attribute)
                hooked = loop and attribute == "body"
                if hooked:
                    self.on_visit_attribute(node, attribute)
                if type(value) is tuple or type(value) is list:
                    for child in value:
                        walk(child)
                elif value is not None and value is not _DEFAULT:
                    walk(value)
                if hooked:
                    self.on_leave_attribute(node, attribute)
            last[key] = counter - 1
            end = ends.pop()
            stop = stops.get(key, 0)
            if stop > end:
                end = stop
            if end > ends[-1]:
                ends[-1] = end
            if _is_statement_type(kind):
                end_line[key] = end
            handler = leave.get(kind)
            if handler is not None:
                self.counter = counter
                handler(self, node)

        try:
            walk(root)
        finally:
            # `walk` refers to itself through its closure: a cycle holding this walker (and
            # through it the function's subtree) that only the garbage collector would free.
            walk = None  # type: ignore[assignment]
        self.counter = counter

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Number `node` (pre-order) and run its `visit_` handler."""
        key = id(node)
        self.pos[key] = self.counter
        self.counter += 1
        line = self.lines.start.get(key)
        if line:
            self._line = line
        self._ends.append(0)
        handler = self._visit.get(type(node))
        if handler is not None:
            handler(self, node)
        return True

    def on_leave(self, node: cst.CSTNode) -> None:
        """Close `node`'s range of positions and its last code line, then run its `leave_` handler."""
        kind = type(node)
        key = id(node)
        self.last[key] = self.counter - 1
        end = max(self._ends.pop(), self.lines.end.get(key, 0))
        ends = self._ends
        if end > ends[-1]:
            ends[-1] = end
        if _is_statement_type(kind):
            self.end_line[key] = end
        handler = self._leave.get(kind)
        if handler is not None:
            handler(self, node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        """A loop's body: `break`/`continue` inside it leave that loop (at the function's own depth)."""
        self._loop_pushed.append(self._depth == 0)
        if self._depth == 0:
            self._loops.append(self.pos[id(node)])

    def on_leave_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if self._loop_pushed.pop():
            self._loops.pop()

    def _bind(self, name: cst.Name) -> None:
        self.nonload.add(id(name))
        if self._depth == 0:
            self.bind_nodes.append((name.value, name))

    def _not_loads(self, node: cst.CSTNode | None) -> None:
        """Every Name inside `node` (a dotted import name, say) is not a read."""
        while isinstance(node, cst.Attribute):
            self.nonload.add(id(node.attr))
            node = node.value
        if isinstance(node, cst.Name):
            self.nonload.add(id(node))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.nonload.add(id(node.attr))
        base = node.value
        if type(base) is cst.Name:
            self.attributes.append((self.pos[id(node)], base.value, node.attr.value))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.nonload.add(id(node.keyword))

    def visit_NameItem(self, node: cst.NameItem) -> None:
        self.nonload.add(id(node.name))

    def visit_MatchKeywordElement(self, node: cst.MatchKeywordElement) -> None:
        self.nonload.add(id(node.key))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._not_loads(node.module)

    def _enter_comprehension(self, node: cst.BaseComp | cst.DictComp) -> None:
        names: set[str] = set()
        comp: cst.CompFor | None = node.for_in
        while comp is not None:
            for name in target_names(comp.target):
                self.nonload.add(id(name))
                names.add(name.value)
            comp = comp.inner_for_in
        self._comprehension_names.append(names)

    def _leave_comprehension(self, node: cst.CSTNode) -> None:
        self._comprehension_names.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _enter_comprehension
    leave_ListComp = leave_SetComp = leave_GeneratorExp = leave_DictComp = _leave_comprehension

    def positions(self, pairs: list[tuple[str, cst.CSTNode]]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for name, node in pairs:
            found[name].append(self.pos[id(node)])
        return found

    def _flag(self, node: cst.CSTNode, kind: str, detail: str = "", target: int = -1) -> None:
        line = self.lines.line_of(node) or self._line
        self.flags.append(Flag(self.pos[id(node)], kind, line, detail, target))

    # -- scopes ------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node is self.function:
            self.nonload.add(id(node.name))
            return
        self._nested_scope(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if original_node is not self.function:
            self._leave_nested_scope(original_node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._nested_scope(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._leave_nested_scope(original_node)

    def _nested_scope(self, node: cst.FunctionDef | cst.ClassDef) -> None:
        self.nonload.add(id(node.name))
        if self._depth == 0:
            self.bind_nodes.append((node.name.value, node))
            first = self.lines.line_of(node.decorators[0].decorator) if node.decorators else 0
            self.nested_spans.append((first or self.lines.line_of(node), -1))
        self._depth += 1

    def _leave_nested_scope(self, node: cst.FunctionDef | cst.ClassDef) -> None:
        self._depth -= 1
        if self._depth == 0:
            start, _ = self.nested_spans.pop()
            self.nested_spans.append((start, self.end_line.get(id(node), start)))

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._depth += 1

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._depth -= 1

    # -- bindings --------------------------------------------------------------

    def visit_Param(self, node: cst.Param) -> None:
        self.nonload.add(id(node.name))
        if self._depth == 0:
            self.bind_nodes.append((node.name.value, node))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            for name in target_names(target.target):
                self._bind(name)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        for name in target_names(node.target):
            if node.value is not None:
                self._bind(name)
            else:
                self.nonload.add(id(name))  # `x: int` neither reads nor binds

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        for name in target_names(node.target):
            self._bind(name)
            if self._depth == 0:
                self.aug_read_nodes.append((name.value, name))

    def visit_For(self, node: cst.For) -> None:
        for name in target_names(node.target):
            self._bind(name)
        if node.asynchronous is not None and self._depth == 0:
            self._flag(node, AWAIT, "async for")

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if item.asname is not None:
                for name in target_names(item.asname.name):
                    self._bind(name)
        if node.asynchronous is not None and self._depth == 0:
            self._flag(node, AWAIT, "async with")

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            for name in target_names(node.name.name):
                self._bind(name)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        if node.name is not None:
            for name in target_names(node.name.name):
                self._bind(name)

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        self._not_loads(node.name)
        if node.asname is not None:
            for name in target_names(node.asname.name):
                self.nonload.add(id(name))
        if self._depth:
            return
        if node.asname is not None:
            for name in target_names(node.asname.name):
                self._bind(name)
            return
        head: cst.BaseExpression = node.name
        while isinstance(head, cst.Attribute):
            head = head.value
        if isinstance(head, cst.Name):
            self.bind_nodes.append((head.value, node))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        for name in target_names(node.target):
            self._bind(name)

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        if node.rest is not None:
            self._bind(node.rest)

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self._bind(node.name)

    def visit_Del(self, node: cst.Del) -> None:
        if self._depth == 0:
            for name in target_names(node.target):
                self.nonload.add(id(name))
                self.delete_nodes.append((name.value, name))

    def visit_Global(self, node: cst.Global) -> None:
        if self._depth == 0:
            self.declared_global.update(item.name.value for item in node.names)
            self._flag(node, DECLARE, "global")

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        names = [item.name.value for item in node.names]
        if self._depth == 0:
            self.declared_nonlocal.update(names)
            self._flag(node, DECLARE, "nonlocal")
        else:
            for name in names:
                self._flag(node, NESTED_NONLOCAL, name)

    # -- control flow and frame-sensitive code --------------------------------

    def visit_Return(self, node: cst.Return) -> None:
        if self._depth == 0:
            self._flag(node, RETURN)

    def visit_Yield(self, node: cst.Yield) -> None:
        if self._depth == 0:
            self._flag(node, YIELD)

    def visit_Await(self, node: cst.Await) -> None:
        if self._depth == 0:
            self._flag(node, AWAIT, "await")

    def visit_Break(self, node: cst.Break) -> None:
        if self._depth == 0:
            self._flag(node, BREAK, "break", self._loops[-1] if self._loops else -1)

    def visit_Continue(self, node: cst.Continue) -> None:
        if self._depth == 0:
            self._flag(node, BREAK, "continue", self._loops[-1] if self._loops else -1)

    def visit_Name(self, node: cst.Name) -> None:
        value = node.value
        self.identifiers.add(value)
        comprehension_names = self._comprehension_names
        if id(node) not in self.nonload and not (
            comprehension_names and any(value in names for names in comprehension_names)
        ):
            self.loads.append((value, node, self._depth > 0))
        if value == "__class__" or is_mangled(value):
            self._flag(node, SUPER if value == "__class__" else MANGLED, value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if self._depth == 0:
            if isinstance(func, cst.Name):
                self.calls.append((self.pos[id(node)], func.value))
            elif isinstance(func, cst.Attribute):
                self.calls.append((self.pos[id(node)], func.attr.value))
        if isinstance(func, cst.Name):
            if func.value == "super" and not node.args:
                self._flag(node, SUPER, "super()")
            elif (
                func.value in FRAME_CALLS
                and self._depth == 0
                and (func.value in ("exec", "eval") or not node.args)
            ):
                self._flag(node, FRAME, f"{func.value}()")


# `on_visit` / `on_leave` for every node (each is numbered), the loop bodies' attribute hooks:
# the generic walk `_Walker._number` inlines (tests/extract/test_facts_walk.py compares the two).
_HOOKS = CodeHooks(attributes={cst.For: frozenset(("body",)), cst.While: frozenset(("body",))})


@dataclass
class FunctionFacts:
    """Everything the candidate finder and the transformer need about one function."""

    function: cst.FunctionDef
    ancestors: tuple[cst.CSTNode, ...]  # from the module's top-level statement down to the parent
    lines: LineIndex
    pos: dict[int, int]
    last: dict[int, int]
    end_line: dict[int, int]
    names: dict[str, NameEvents]
    outer_reads: dict[str, list[int]]  # names of enclosing functions read (closures): always parameters
    flags: list[Flag]
    flag_positions: list[int]
    declared_global: set[str]
    declared_nonlocal: set[str]
    declared_binds: dict[str, list[int]]  # bindings of the global/nonlocal names above
    calls: list[tuple[int, str]]  # (position, name) of the calls outside nested scopes
    nested_spans: list[tuple[int, int]]
    identifiers: set[str]
    attributes: list[tuple[int, str, str]]  # (position, base, attr) of each `name.attr`, in source order
    self_name: str | None  # first parameter when the function is a method (self or cls)
    is_classmethod: bool
    in_class: bool  # some enclosing scope is a class (name mangling, zero-argument super)

    @property
    def parent_class(self) -> cst.ClassDef | None:
        """The class the function is a method of (possibly under an `if`/`try` in its body)."""
        return _owning_class(self.ancestors)

    def class_member(self) -> cst.CSTNode:
        """The statement of the class body that holds the function (itself, or an `if` around it)."""
        cls = self.parent_class
        assert cls is not None
        index = self.ancestors.index(cls)
        return self.ancestors[index + 1] if index + 1 < len(self.ancestors) else self.function

    def calls_in(self, first: int, last: int) -> list[str]:
        lo = bisect_left(self.calls, (first, ""))
        hi = bisect_left(self.calls, (last + 1, ""))
        return [name for _, name in self.calls[lo:hi]]

    def flags_in(self, first: int, last: int) -> list[Flag]:
        lo = bisect_left(self.flag_positions, first)
        hi = bisect_right(self.flag_positions, last)
        return self.flags[lo:hi]

    def start_line(self, statement: cst.CSTNode) -> int:
        """First line of a statement, counting decorators."""
        decorators = getattr(statement, "decorators", ())
        if decorators:
            line = self.lines.line_of(decorators[0].decorator)
            if line:
                return line
        return self.lines.line_of(statement)

    def stop_line(self, statement: cst.CSTNode) -> int:
        return max(self.end_line.get(id(statement), 0), self.lines.line_of(statement))


def _owning_class(ancestors: tuple[cst.CSTNode, ...]) -> cst.ClassDef | None:
    for node in reversed(ancestors):
        if isinstance(node, cst.ClassDef):
            return node
        if isinstance(node, cst.FunctionDef):
            return None
    return None


class ScopeCache:
    """`ScopeProvider` results per top-level statement, computed at most once each."""

    def __init__(self) -> None:
        self._scopes: dict[int, tuple[cst.CSTNode, dict[cst.CSTNode, Scope | None]]] = {}

    def scopes(self, top: cst.CSTNode) -> dict[cst.CSTNode, Scope | None]:
        cached = self._scopes.get(id(top))
        if cached is None:
            assert isinstance(top, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
            wrapper = MetadataWrapper(cst.Module(body=[top]), unsafe_skip_copy=True)
            scopes = dict(wrapper.resolve(ScopeProvider))
            cached = (top, scopes)
            self._scopes[id(top)] = cached
        return cached[1]


def _enclosing_locals(ancestors: tuple[cst.CSTNode, ...]) -> set[str]:
    """Names bound by the functions enclosing a nested function (its closure candidates)."""
    from codesmell.extract.candidates import _bound_names

    names: set[str] = set()
    for node in ancestors:
        if isinstance(node, cst.FunctionDef):
            params = node.params
            for param in (*params.posonly_params, *params.params, *params.kwonly_params):
                names.add(param.name.value)
            for star in (params.star_arg, params.star_kwarg):
                if isinstance(star, cst.Param):
                    names.add(star.name.value)
            names |= _bound_names(node.body)
    return names


def _scope_reads(
    function: cst.FunctionDef,
    ancestors: tuple[cst.CSTNode, ...],
    walker: _Walker,
    scope_cache: ScopeCache,
    local_names: set[str],
    events: dict[str, NameEvents],
    outer_reads: dict[str, list[int]],
) -> None:
    """Reads of the function's names as LibCST's `ScopeProvider` resolves them."""
    # Enclosing classes and the module cannot hand the function anything it would need as a
    # parameter, so the scope analysis covers only the function, or its outermost enclosing
    # function when it is nested (closures).
    outer_functions = [a for a in ancestors if isinstance(a, cst.FunctionDef)]
    top = outer_functions[0] if outer_functions else function
    scopes = scope_cache.scopes(top)
    body_first = function.body.body[0] if function.body.body else None
    own = scopes.get(body_first) if body_first is not None else None
    if not isinstance(own, FunctionScope):
        return
    for scope in {s for s in scopes.values() if s is not None}:
        if not _is_within(scope, own):
            continue
        nested = not _runs_inline(scope, own)
        for access in scope.accesses:
            node = access.node
            if not isinstance(node, cst.Name) or id(node) not in walker.pos:
                continue
            name = node.value
            position = walker.pos[id(node)]
            referents = access.referents
            if any(r.scope is own for r in referents) or (not referents and name in local_names):
                if name in local_names:
                    (events[name].nested_reads if nested else events[name].reads).append(position)
            elif any(isinstance(r.scope, FunctionScope) and not _is_within(r.scope, own) for r in referents):
                outer_reads[name].append(position)


def _runs_inline(scope: Scope, own: Scope) -> bool:
    """True for `own` itself and comprehensions directly in it: code that runs where it stands."""
    while scope is not own:
        if not isinstance(scope, ComprehensionScope):
            return False
        scope = scope.parent
    return True


def _is_within(scope: Scope, ancestor: Scope) -> bool:
    while True:
        if scope is ancestor:
            return True
        parent = scope.parent
        if parent is scope:
            return False
        scope = parent


def function_facts(
    function: cst.FunctionDef,
    ancestors: tuple[cst.CSTNode, ...],
    lines: LineIndex,
    scope_cache: ScopeCache | None = None,
) -> FunctionFacts:
    """Walk `function` once; reads come from our walk, or from LibCST's `ScopeProvider`.

    Without `scope_cache` (the per-file analysis) a read inside a nested function
    or lambda counts for the enclosing function's name even when the nested
    scope shadows it: that only adds parameters or refuses a block, never
    changes behaviour. With it (`codesmell extract`) LibCST resolves every name.
    """
    walker = _Walker(function, lines)
    walker.walk(function)
    binds = walker.positions(walker.bind_nodes)
    deletes = walker.positions(walker.delete_nodes)
    local_names = set(binds) - walker.declared_global - walker.declared_nonlocal
    events: dict[str, NameEvents] = {name: NameEvents() for name in local_names | set(deletes)}
    outer_reads: dict[str, list[int]] = defaultdict(list)
    if scope_cache is None:
        enclosing = _enclosing_locals(ancestors) - local_names - walker.declared_global
        for name, node, nested in walker.loads:
            position = walker.pos[id(node)]
            if name in local_names:
                (events[name].nested_reads if nested else events[name].reads).append(position)
            elif name in enclosing:
                outer_reads[name].append(position)
    else:
        _scope_reads(function, ancestors, walker, scope_cache, local_names, events, outer_reads)
    for name, positions in walker.positions(walker.aug_read_nodes).items():
        if name in events:
            events[name].reads.extend(positions)
    for name, positions in binds.items():
        if name in events:
            events[name].binds.extend(positions)
    for name, positions in deletes.items():
        events[name].deletes.extend(positions)
        events[name].reads.extend(positions)
    for item in events.values():
        item.reads.sort()
        item.nested_reads.sort()
        item.binds.sort()
        item.deletes.sort()
    flags = sorted(walker.flags, key=lambda f: f.pos)
    parent = _owning_class(ancestors)
    self_name = None
    decorators = decorator_names(function)
    positional = [*function.params.posonly_params, *function.params.params]
    if isinstance(parent, cst.ClassDef) and positional and "staticmethod" not in decorators:
        self_name = positional[0].name.value
    return FunctionFacts(
        function=function,
        ancestors=ancestors,
        lines=lines,
        pos=walker.pos,
        last=walker.last,
        end_line=walker.end_line,
        names=events,
        outer_reads={k: sorted(v) for k, v in outer_reads.items()},
        flags=flags,
        flag_positions=[f.pos for f in flags],
        declared_global=walker.declared_global,
        declared_nonlocal=walker.declared_nonlocal,
        calls=sorted(walker.calls),
        declared_binds={
            name: sorted(binds[name])
            for name in walker.declared_global | walker.declared_nonlocal
            if name in binds
        },
        nested_spans=walker.nested_spans,
        identifiers=walker.identifiers,
        attributes=walker.attributes,
        self_name=self_name,
        is_classmethod="classmethod" in decorators,
        in_class=any(isinstance(a, cst.ClassDef) for a in ancestors),
    )
