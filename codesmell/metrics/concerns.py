"""`concerns`: how many independent strands of data flow a long function's body mixes.

In the spirit of slice-based cohesion (Weiser's program slices; Ott & Thuss
measure cohesion by how much the slices of a module's outputs overlap):
statements that hand each other data belong to one concern, statements that
share nothing are separate concerns. We work on the data dependences between
the body's top-level statements ("units"), not on full slices:

* Units: the top-level statements of the body, docstring excluded. A compound
  statement holding at least `OPEN_SHARE` of the SLOC of its statement list
  (`with`, `for`, `while`, `try`, an `if` without `elif`/`else`, async forms
  too) is opened, repeatedly: its header (`for x in xs:`) is one unit, each of
  its body statements is a unit, each `except`/`else`/`finally` clause is one.
* Links: when unit j may read a local name before binding it itself, j is
  linked to the units before it that bind the name, walking back to the
  nearest one that binds it for certain (a simple statement, `def`, `class`).
  Parameters are bound by no unit, so reading `self` or a parameter links
  nothing; the names an opened header binds (the loop variable, `with ... as
  f`) are parameters of its body in the same way. Inside an opened loop a read
  also links to the loop's later units binding the name (previous iteration),
  and a read inside a nested function or lambda links to every unit binding
  the name. `self.attr` (on a method's first parameter) is a name too: bound
  by assigning to `self.attr`, `self.attr[k]` or `self.attr.x`, read anywhere else.
  One departure from pure data flow: a local used only as the receiver of a
  collecting call (`x.append(...)`, `add`, `extend`, `update`, `insert`,
  `appendleft`, `extendleft`, `write`, `writelines`) is not read there, so
  blocks that each add to a shared output (an audit trail, a list of lines)
  stay separate concerns, as a reviewer sees them.
* Concern: a connected component of the links whose units hold at least
  `MIN_CONCERN_SLOC` SLOC and that is more than one simple statement (two or
  more units, or a compound statement). Smaller components (a lone `return x`,
  `pass`, a one-line call that shares no local) are attached to nothing.

`concerns` is the number of concerns, at least 1; `concern_spans` gives each
concern's units as line spans (adjacent units merged), ordered by first line;
when no component is large enough the whole body is the one concern. Only
functions above the SLOC floor are measured (from the name facts Extract
Method computes for them anyway); the others keep `concerns = 1`, no spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeGuard

import libcst as cst

from codesmell.extract.facts import FunctionFacts

OPEN_SHARE = 0.75  # a compound statement with this share of its list's SLOC is opened up
MIN_CONCERN_SLOC = 3  # smaller components are not a concern
# `x.append(...)` and the like put something into `x`: not a read that ties the block to `x`'s maker
COLLECTING_METHODS = frozenset(
    ("append", "extend", "add", "update", "insert", "appendleft", "extendleft", "write", "writelines")
)

SIMPLE, COMPOUND, HEADER = "simple", "compound", "header"
_OPENABLE = (cst.With, cst.For, cst.While, cst.Try, cst.TryStar, cst.If)
_LOOPS = (cst.For, cst.While)


@dataclass(frozen=True)
class Unit:
    """One unit of the body: a statement, an opened compound's header, or one of its clauses."""

    node: cst.CSTNode
    kind: str  # SIMPLE (a simple statement line, `def` or `class`), COMPOUND or HEADER
    first: int  # position range in the facts' numbering
    last: int
    start_line: int
    stop_line: int
    sloc: int


@dataclass(frozen=True)
class ConcernAnalysis:
    units: tuple[Unit, ...]
    loops: tuple[tuple[int, int], ...]  # unit index ranges of the opened loops' bodies
    components: tuple[tuple[int, ...], ...]  # every component, as unit indices
    concerns: tuple[tuple[int, ...], ...]  # the components that count, in source order
    carried: frozenset[str]  # names a compound unit may bind and a later unit reads from it
    flow: Flow

    @property
    def count(self) -> int:
        return max(1, len(self.concerns))

    @property
    def spans(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        groups = self.concerns or ((tuple(range(len(self.units))),) if self.units else ())
        return tuple(_spans(self.units, group) for group in groups if group)


def _spans(units: Sequence[Unit], group: Sequence[int]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    previous = -2
    for index in group:
        unit = units[index]
        if index == previous + 1 and spans:
            spans[-1] = (spans[-1][0], max(spans[-1][1], unit.stop_line))
        else:
            spans.append((unit.start_line, unit.stop_line))
        previous = index
    return tuple(spans)


def is_docstring(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))


def body_statements(function: cst.FunctionDef) -> list[cst.BaseStatement]:
    """The function's top-level statements without the docstring."""
    body = function.body
    if not isinstance(body, cst.IndentedBlock):
        return []
    statements = list(body.body)
    if statements and is_docstring(statements[0]):
        statements = statements[1:]
    return statements


def child_statements(node: cst.CSTNode) -> Iterator[cst.BaseStatement]:
    """The statements directly inside a compound statement (or clause), every branch."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.SimpleStatementLine)):
        return
    for suite in suites(node):
        if isinstance(suite, cst.IndentedBlock):
            yield from suite.body


def suites(node: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    if isinstance(node, cst.Match):
        for case in node.cases:
            yield case.body
        return
    body = getattr(node, "body", None)
    if isinstance(body, cst.BaseSuite):
        yield body
    if isinstance(node, cst.If):
        if node.orelse is not None:
            yield from suites(node.orelse)
        return
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for attribute in ("orelse", "finalbody"):
        part = getattr(node, attribute, None)
        if part is not None:
            yield part.body


def statement_sloc(facts: FunctionFacts, start: int, stop: int) -> int:
    """Code lines in [start, stop], less nested functions and classes (as the function's SLOC)."""
    lines = facts.lines
    sloc = lines.count_code(start, stop)
    for first, last in facts.nested_spans:
        if start <= first and last <= stop:
            sloc -= lines.count_code(first, last)
    return sloc


def statement_lines(facts: FunctionFacts, node: cst.CSTNode) -> tuple[int, int]:
    """First and last line of a statement or clause (decorators included)."""
    if isinstance(node, cst.BaseStatement):
        return facts.start_line(node), facts.stop_line(node)
    inner = list(child_statements(node))
    stop = max((facts.stop_line(s) for s in inner), default=0)
    body = getattr(node, "body", None)
    start = facts.lines.line_of(node) or (facts.lines.header_end(body) if isinstance(body, cst.BaseSuite) else 0)
    return start or stop, max(stop, start)


class Flow:
    """Reads and bindings of the function's locals (and `self.attr`) as sorted positions."""

    def __init__(self, facts: FunctionFacts) -> None:
        self.facts = facts
        reads: list[tuple[int, str]] = []
        nested: list[tuple[int, str]] = []
        binds: list[tuple[int, str]] = []
        collected = {(p + 1, base) for p, base, attr in facts.attributes if attr in COLLECTING_METHODS}
        for name, events in facts.names.items():
            reads.extend((p, name) for p in events.reads if (p, name) not in collected)
            nested.extend((p, name) for p in events.nested_reads)
            binds.extend((p, name) for p in events.binds)
        if facts.self_name is not None:
            stores, pure = _attribute_stores(facts, facts.self_name)
            binds.extend(stores)
            reads.extend(
                (p, "self." + attr)
                for p, base, attr in facts.attributes
                if base == facts.self_name and p not in pure
            )
        self._reads = _Positions(reads)
        self._nested = _Positions(nested)
        self._binds = _Positions(binds)

    def reads(self, first: int, last: int) -> set[str]:
        return self._reads.names(first, last)

    def nested_reads(self, first: int, last: int) -> set[str]:
        return self._nested.names(first, last)

    def binds(self, first: int, last: int) -> set[str]:
        return self._binds.names(first, last)

    def _range(self, node: cst.CSTNode | None) -> tuple[int, int]:
        if node is None:
            return (0, -1)
        return self.facts.pos[id(node)], self.facts.last[id(node)]

    def node_reads(self, node: cst.CSTNode | None) -> set[str]:
        return self.reads(*self._range(node))

    def node_binds(self, node: cst.CSTNode | None) -> set[str]:
        return self.binds(*self._range(node))

    def definite(self, statement: cst.CSTNode) -> set[str]:
        """Names a statement binds for certain: only simple statements, `def` and `class` do."""
        if isinstance(statement, (cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef)):
            return self.node_binds(statement)
        return set()

    def exposed_seq(self, statements: Sequence[cst.CSTNode]) -> set[str]:
        defined: set[str] = set()
        exposed: set[str] = set()
        for statement in statements:
            exposed |= self.exposed(statement) - defined
            defined |= self.definite(statement)
        return exposed

    def _suite(self, suite: cst.BaseSuite | None) -> set[str]:
        if isinstance(suite, cst.IndentedBlock):
            return self.exposed_seq(suite.body)
        return self.node_reads(suite)

    def exposed(self, node: cst.CSTNode) -> set[str]:
        """Names `node` may read before binding them itself."""
        if isinstance(node, cst.If):
            result = self.node_reads(node.test) | self._suite(node.body)
            if node.orelse is not None:
                result |= self.exposed(node.orelse)
            return result
        if isinstance(node, (cst.Else, cst.Finally)):
            return self._suite(node.body)
        if isinstance(node, cst.For):
            result = self.node_reads(node.iter) | (self._suite(node.body) - self.node_binds(node.target))
            return result | (self.exposed(node.orelse) if node.orelse is not None else set())
        if isinstance(node, cst.While):
            result = self.node_reads(node.test) | self._suite(node.body)
            return result | (self.exposed(node.orelse) if node.orelse is not None else set())
        if isinstance(node, cst.With):
            bound: set[str] = set()
            result = set()
            for item in node.items:
                result |= self.node_reads(item) - bound
                bound |= self.node_binds(item)
            return result | (self._suite(node.body) - bound)
        if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
            bound = self.node_binds(node.name) if node.name is not None else set()
            return self.node_reads(node.type) | (self._suite(node.body) - bound)
        if isinstance(node, (cst.Try, cst.TryStar)):
            result = self._suite(node.body)
            for handler in node.handlers:
                result |= self.exposed(handler)
            for part in (node.orelse, node.finalbody):
                if part is not None:
                    result |= self.exposed(part)
            return result
        if isinstance(node, cst.Match):
            result = self.node_reads(node.subject)
            for case in node.cases:
                bound = self.node_binds(case.pattern)
                result |= self.node_reads(case.pattern) | self.node_reads(case.guard)
                result |= self._suite(case.body) - bound
            return result
        return self.node_reads(node)


class _Positions:
    def __init__(self, pairs: list[tuple[int, str]]) -> None:
        pairs.sort()
        self.positions = [p for p, _ in pairs]
        self.labels = [n for _, n in pairs]

    def names(self, first: int, last: int) -> set[str]:
        return set(self.labels[bisect_left(self.positions, first) : bisect_right(self.positions, last)])


def _attribute_stores(facts: FunctionFacts, self_name: str) -> tuple[list[tuple[int, str]], set[int]]:
    """Bindings of `self.attr` names, and the positions of targets that are not also reads."""
    stores: list[tuple[int, str]] = []
    pure: set[int] = set()

    def target(node: cst.BaseExpression, plain_store: bool) -> None:
        if isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                target(element.value, plain_store)
            return
        if isinstance(node, cst.StarredElement):
            target(node.value, plain_store)
            return
        owner = node
        while isinstance(owner, (cst.Attribute, cst.Subscript)):
            if isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name):
                if owner.value.value != self_name:
                    return
                position = facts.pos.get(id(node))
                if position is None:
                    return
                stores.append((position, "self." + owner.attr.value))
                if owner is node and plain_store:
                    pure.add(position)
                return
            owner = owner.value

    def visit(statements: Sequence[cst.BaseStatement]) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign):
                        for assigned in small.targets:
                            target(assigned.target, True)
                    elif isinstance(small, cst.AnnAssign) and small.value is not None:
                        target(small.target, True)
                    elif isinstance(small, cst.AugAssign):
                        target(small.target, False)
                    elif isinstance(small, cst.Del):
                        target(small.target, True)
                continue
            if isinstance(statement, cst.For):
                target(statement.target, True)
            elif isinstance(statement, cst.With):
                for item in statement.items:
                    if item.asname is not None:
                        target(item.asname.name, True)
            visit(list(child_statements(statement)))

    try:
        visit(body_statements(facts.function))
    finally:
        # recursive closures: cycles holding `facts`, freed by reference counting once broken
        target = visit = None  # type: ignore[assignment]
    return stores, pure


def _openable(statement: cst.BaseStatement) -> TypeGuard[cst.BaseCompoundStatement]:
    if not isinstance(statement, _OPENABLE) or not isinstance(statement.body, cst.IndentedBlock):
        return False
    return not isinstance(statement, cst.If) or statement.orelse is None


class _Builder:
    def __init__(self, facts: FunctionFacts) -> None:
        self.facts = facts
        self.units: list[Unit] = []
        self.loops: list[tuple[int, int]] = []

    def unit(self, node: cst.CSTNode, kind: str) -> None:
        facts = self.facts
        start, stop = statement_lines(facts, node)
        self.units.append(
            Unit(node, kind, facts.pos[id(node)], facts.last[id(node)], start, stop,
                 statement_sloc(facts, start, stop))
        )

    def add(self, statements: Sequence[cst.BaseStatement]) -> None:
        facts = self.facts
        slocs = [statement_sloc(facts, *statement_lines(facts, s)) for s in statements]
        total = sum(slocs)
        for statement, sloc in zip(statements, slocs, strict=True):
            if total and sloc >= OPEN_SHARE * total and _openable(statement):
                self.open(statement)
            elif isinstance(statement, (cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef)):
                self.unit(statement, SIMPLE)
            else:
                self.unit(statement, COMPOUND)

    def open(self, statement: cst.BaseCompoundStatement) -> None:
        facts = self.facts
        body = statement.body
        assert isinstance(body, cst.IndentedBlock)
        if not isinstance(statement, (cst.Try, cst.TryStar)):
            start = facts.lines.line_of(statement)
            stop = max(facts.lines.header_end(body), start)
            first = facts.pos[id(statement)]
            self.units.append(
                Unit(statement, HEADER, first, facts.pos[id(body)] - 1, start, stop,
                     statement_sloc(facts, start, stop))
            )
        begin = len(self.units)
        self.add(body.body)
        if isinstance(statement, _LOOPS) and len(self.units) > begin:
            self.loops.append((begin, len(self.units) - 1))
        for handler in getattr(statement, "handlers", ()):
            self.unit(handler, COMPOUND)
        for attribute in ("orelse", "finalbody"):
            part = getattr(statement, attribute, None)
            if part is not None:
                self.unit(part, COMPOUND)


class _Components:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def analyse_concerns(facts: FunctionFacts) -> ConcernAnalysis:
    """Units, their data-flow links and the concerns they form (see the module docstring)."""
    builder = _Builder(facts)
    builder.add(body_statements(facts.function))
    units = builder.units
    loops = builder.loops
    flow = Flow(facts)
    binders: dict[str, list[int]] = {}
    definite: list[set[str]] = []
    for index, unit in enumerate(units):
        for name in flow.binds(unit.first, unit.last):
            binders.setdefault(name, []).append(index)
        definite.append(flow.binds(unit.first, unit.last) if unit.kind != COMPOUND else set())
    components = _Components(len(units))
    carried: set[str] = set()

    def link(i: int, j: int, name: str) -> None:
        components.union(i, j)
        if units[i].kind == COMPOUND and i < j:
            carried.add(name)

    for j, unit in enumerate(units):
        exposed = flow.reads(unit.first, unit.last) if unit.kind == HEADER else flow.exposed(unit.node)
        enclosing = [(lo, hi) for lo, hi in loops if lo <= j <= hi]
        for name in exposed:
            found = binders.get(name)
            if not found:
                continue
            k = bisect_left(found, j) - 1
            while k >= 0:
                i = found[k]
                if units[i].kind == HEADER:
                    break
                link(i, j, name)
                if name in definite[i]:
                    break
                k -= 1
            for _, hi in enclosing:
                for i in found[bisect_right(found, j) : bisect_right(found, hi)]:
                    if units[i].kind != HEADER:
                        link(i, j, name)
        for name in flow.nested_reads(unit.first, unit.last):
            for i in binders.get(name, ()):
                if i != j and units[i].kind != HEADER:
                    link(i, j, name)
    groups: dict[int, list[int]] = {}
    for index in range(len(units)):
        groups.setdefault(components.find(index), []).append(index)
    every = tuple(tuple(group) for group in groups.values())
    counted = tuple(group for group in every if _is_concern(units, group))
    return ConcernAnalysis(
        units=tuple(units),
        loops=tuple(loops),
        components=every,
        concerns=counted,
        carried=frozenset(carried),
        flow=flow,
    )


def _is_concern(units: Sequence[Unit], group: Sequence[int]) -> bool:
    if sum(units[i].sloc for i in group) < MIN_CONCERN_SLOC:
        return False
    return len(group) >= 2 or units[group[0]].kind == COMPOUND
