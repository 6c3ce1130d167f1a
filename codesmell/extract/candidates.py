"""Extract Method candidates: contiguous statement runs a function could hand off.

A candidate is a run of consecutive statements of one statement list of the
function (its body, or any nested `if`/`for`/`while`/`try`/`with`/`match`
body). For a run we compute

- parameters: names it reads whose value may come from before it (bound
  earlier in the function, or in an enclosing loop) and closure names;
- returns: names it binds that are read after it (or, inside a loop, again
  in the next iteration);

and refuse it when moving it would change behaviour: `return`, `yield`,
`break`/`continue` leaving an enclosing loop, `global`/`nonlocal`
declarations, `del` of an outer name, names captured by nested functions
outside the run, frame-sensitive calls (`locals()`, `exec`), zero-argument
`super()` or private (mangled) names outside a method, or more than
`MAX_PARAMS` parameters / `MAX_RETURNS` returns.

Ranking: how much the extraction shrinks the parent, per parameter and return
value. The gain is measured on the larger of the two functions afterwards
(the parent with a one-line call in place of the run, or the new function),
so moving 90% of a function out, which only moves the problem, gains little:

    gain(total, part) = total - max(total - part + 1, part + 1)
    score = (gain(SLOC) + gain(cyclomatic)) / (1 + params + returns)

times 1.25 when the run is a paragraph of its own (blank lines or a comment
around it, or the edges of its statement list), and times 1.5 when it is
exactly one or more whole concerns of the function (`FunctionMetrics.concern_spans`):
the data flow already says those statements belong together and apart from
the rest.

Offered (`select`) only when the extraction shrinks the parent meaningfully,
see `shrink_refusal`; `find_candidates` keeps every extractable run for
`codesmell suggest --all`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from heapq import heapify, heappop, heappush
from itertools import accumulate

import libcst as cst

from codesmell.cst.docstrings import is_docstring
from codesmell.cst.names import import_binding, target_names
from codesmell.cst.walk import CodeHooks, walk_code
from codesmell.extract.facts import (
    AWAIT,
    BREAK,
    DECLARE,
    FRAME,
    MANGLED,
    NESTED_NONLOCAL,
    RETURN,
    SUPER,
    YIELD,
    FunctionFacts,
)
from codesmell.model import Increment, Suggestion

MAX_PARAMS = 4
MAX_RETURNS = 3
MIN_BLOCK_SLOC = 3  # smaller runs are not worth a name of their own
MAX_BLOCK_SHARE = 0.8  # a run with more of the parent's SLOC just renames the function

# The shrink rule (`shrink_refusal`): what a suggestion must be worth to be offered.
SHRINK_MIN_SLOC = 5  # the block itself: below this, the call and the new `def` cost what it saves
SHRINK_SHARE = 0.15  # ... and at least this share of the parent's SLOC,
SHRINK_ENOUGH_SLOC = 15  # ... unless it is this big: a function's worth on its own
SHRINK_FLOOR = 20  # or the parent ends at most this long (the default SLOC warning)
SHRINK_MAX_RETURNS = 2  # a 3-tuple handed back is a new concept, not a helper
SHRINK_SLOC_PER_VALUE = 2  # each parameter or return must be paid for by two moved lines
CONCERN_BONUS = 1.5  # score factor of a run made of whole concerns
PARAGRAPH_BONUS = 1.25  # score factor of a run set off by blank lines or comments


class NotExtractable(Exception):
    """The block cannot be extracted; the message says why, for the user.

    `grows` is True when every longer run from the same first statement fails too
    (a `return` inside, too many inputs), so the search can stop extending it.
    """

    def __init__(self, message: str, grows: bool = False) -> None:
        super().__init__(message)
        self.grows = grows


@dataclass(frozen=True)
class Block:
    """Statements `first..last` (inclusive) of `owner.body`, inside the loops listed."""

    owner: cst.IndentedBlock = field(repr=False)
    first: int
    last: int
    loops: tuple[cst.CSTNode, ...]

    @property
    def statements(self) -> Sequence[cst.BaseStatement]:
        return self.owner.body[self.first : self.last + 1]


@dataclass(frozen=True)
class Candidate:
    block: Block
    start_line: int
    end_line: int
    sloc: int
    cyclomatic: int
    params: tuple[str, ...]
    returns: tuple[str, ...]
    kind: str  # "function" or "method"
    is_async: bool
    carry_globals: tuple[str, ...]  # `global` declarations the new function must repeat
    score: float
    concerns: int = 0  # whole concerns of the parent the run is made of (0: cuts through one)


def statement_lists(function: cst.FunctionDef) -> Iterator[tuple[cst.IndentedBlock, tuple[cst.CSTNode, ...]]]:
    """Every indented statement list of `function` outside nested scopes, with its enclosing loops."""

    def walk(
        block: cst.BaseSuite, loops: tuple[cst.CSTNode, ...]
    ) -> Iterator[tuple[cst.IndentedBlock, tuple[cst.CSTNode, ...]]]:
        if type(block) is not cst.IndentedBlock:
            return
        yield block, loops
        for statement in block.body:
            yield from children(statement, loops)

    def children(
        statement: cst.BaseStatement, loops: tuple[cst.CSTNode, ...]
    ) -> Iterator[tuple[cst.IndentedBlock, tuple[cst.CSTNode, ...]]]:
        if type(statement) is cst.If:
            yield from walk(statement.body, loops)
            orelse = statement.orelse
            if type(orelse) is cst.If:
                yield from children(orelse, loops)
            elif type(orelse) is cst.Else:
                yield from walk(orelse.body, loops)
        elif type(statement) is cst.For or type(statement) is cst.While:
            yield from walk(statement.body, (*loops, statement))
            if statement.orelse is not None:
                yield from walk(statement.orelse.body, loops)
        elif type(statement) is cst.Try or type(statement) is cst.TryStar:
            yield from walk(statement.body, loops)
            for handler in statement.handlers:
                yield from walk(handler.body, loops)
            if statement.orelse is not None:
                yield from walk(statement.orelse.body, loops)
            if statement.finalbody is not None:
                yield from walk(statement.finalbody.body, loops)
        elif type(statement) is cst.With:
            yield from walk(statement.body, loops)
        elif type(statement) is cst.Match:
            for case in statement.cases:
                yield from walk(case.body, loops)

    yield from walk(function.body, ())


def _child_suites(statement: cst.BaseCompoundStatement) -> Iterator[cst.BaseSuite]:
    """The bodies of a compound statement, `elif` chains included, in source order."""
    if type(statement) is cst.If:
        node: cst.If | cst.Else | None = statement
        while type(node) is cst.If:
            yield node.body
            node = node.orelse
        if node is not None:
            yield node.body
        return
    if type(statement) is cst.Match:
        for case in statement.cases:
            yield case.body
        return
    yield statement.body
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for attribute in ("orelse", "finalbody"):
        part = getattr(statement, attribute, None)
        if part is not None:
            yield part.body


# LibCST's node classes go through `ABCMeta.__instancecheck__`: the concrete statement and
# suite types below (none has a subclass) are tested with `type(...) is` in the hot paths.
_BINDING_STATEMENTS = frozenset((cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef))


class _Flow:
    """Per-statement "reads before binding" and "always binds" sets, memoised."""

    def __init__(self, facts: FunctionFacts) -> None:
        self.facts = facts
        reads = sorted(
            (p, name) for name, events in facts.names.items() for p in (*events.reads, *events.nested_reads)
        )
        self.read_pos = [p for p, _ in reads]
        self.read_names = [n for _, n in reads]
        binds = sorted((p, name) for name, events in facts.names.items() for p in events.binds)
        self.bind_pos = [p for p, _ in binds]
        self.bind_names = [n for _, n in binds]
        self._exposed: dict[int, frozenset[str]] = {}
        self._definite: dict[int, frozenset[str]] = {}
        self._suffix: dict[int, tuple[list[frozenset[str]], list[frozenset[str]]]] = {}

    def _range(self, node: cst.CSTNode | None) -> tuple[int, int]:
        if node is None:
            return (0, -1)
        return self.facts.pos[id(node)], self.facts.last[id(node)]

    def reads(self, node: cst.CSTNode | None) -> set[str]:
        first, last = self._range(node)
        return set(self.read_names[bisect_left(self.read_pos, first) : bisect_right(self.read_pos, last)])

    def binds(self, node: cst.CSTNode | None) -> set[str]:
        first, last = self._range(node)
        return set(self.bind_names[bisect_left(self.bind_pos, first) : bisect_right(self.bind_pos, last)])

    def touched(self, first: int, last: int) -> dict[str, int]:
        """Local names read or bound in positions `first..last`, with their first position."""
        found: dict[str, int] = {}
        for positions, names in ((self.read_pos, self.read_names), (self.bind_pos, self.bind_names)):
            for k in range(bisect_left(positions, first), bisect_right(positions, last)):
                name = names[k]
                if name not in found or positions[k] < found[name]:
                    found[name] = positions[k]
        return found

    def suffix(self, owner: cst.IndentedBlock) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
        """For each index k: names the statements k.. may read before binding, and always bind."""
        cached = self._suffix.get(id(owner))
        if cached is None:
            body = owner.body
            exposed: list[frozenset[str]] = [frozenset()] * (len(body) + 1)
            definite: list[frozenset[str]] = [frozenset()] * (len(body) + 1)
            for k in range(len(body) - 1, -1, -1):
                statement_definite = self.definite(body[k])
                exposed[k] = self.exposed(body[k]) | (exposed[k + 1] - statement_definite)
                definite[k] = statement_definite | definite[k + 1]
            cached = (exposed, definite)
            self._suffix[id(owner)] = cached
        return cached

    def exposed_seq(self, statements: Sequence[cst.BaseStatement]) -> set[str]:
        defined: set[str] = set()
        exposed: set[str] = set()
        for statement in statements:
            exposed |= self.exposed(statement) - defined
            defined |= self.definite(statement)
        return exposed

    def _suite(self, suite: cst.BaseSuite | None) -> set[str]:
        if type(suite) is cst.IndentedBlock:
            return self.exposed_seq(suite.body)
        return self.reads(suite)

    def exposed(self, statement: cst.BaseStatement) -> frozenset[str]:
        """Names `statement` may read before binding them itself."""
        cached = self._exposed.get(id(statement))
        if cached is not None:
            return cached
        result: set[str]
        if type(statement) is cst.If:
            result = self.reads(statement.test) | self._suite(statement.body)
            orelse = statement.orelse
            if type(orelse) is cst.If:
                result |= self.exposed(orelse)
            elif type(orelse) is cst.Else:
                result |= self._suite(orelse.body)
        elif type(statement) is cst.For:
            result = self.reads(statement.iter) | self.reads(statement.target)
            result |= self._suite(statement.body) - self.binds(statement.target)
            if statement.orelse is not None:
                result |= self._suite(statement.orelse.body)
        elif type(statement) is cst.While:
            result = self.reads(statement.test) | self._suite(statement.body)
            if statement.orelse is not None:
                result |= self._suite(statement.orelse.body)
        elif type(statement) is cst.With:
            bound: set[str] = set()
            result = set()
            for item in statement.items:
                result |= self.reads(item) - bound
                bound |= self.binds(item)
            result |= self._suite(statement.body) - bound
        elif type(statement) is cst.Try or type(statement) is cst.TryStar:
            result = self._suite(statement.body)
            for handler in statement.handlers:
                result |= self.reads(handler.type)
                bound = self.binds(handler.name) if handler.name is not None else set()
                result |= self._suite(handler.body) - bound
            if statement.orelse is not None:
                result |= self._suite(statement.orelse.body)
            if statement.finalbody is not None:
                result |= self._suite(statement.finalbody.body)
        else:
            result = self.reads(statement)
        frozen = frozenset(result)
        self._exposed[id(statement)] = frozen
        return frozen

    def _definite_suite(self, suite: cst.BaseSuite) -> set[str]:
        if type(suite) is cst.IndentedBlock:
            names: set[str] = set()
            for statement in suite.body:
                names |= self.definite(statement)
            return names
        return self.binds(suite)

    def definite(self, statement: cst.BaseStatement) -> frozenset[str]:
        """Names `statement` binds on every path that completes normally."""
        cached = self._definite.get(id(statement))
        if cached is not None:
            return cached
        result: set[str]
        if type(statement) in _BINDING_STATEMENTS:
            result = self.binds(statement)
        elif type(statement) is cst.If:
            orelse = statement.orelse
            if type(orelse) is cst.If:
                result = self._definite_suite(statement.body) & self.definite(orelse)
            elif type(orelse) is cst.Else:
                result = self._definite_suite(statement.body) & self._definite_suite(orelse.body)
            else:
                result = set()
        elif type(statement) is cst.With:
            result = self._definite_suite(statement.body)
            for item in statement.items:
                result |= self.binds(item)
        elif type(statement) is cst.Try or type(statement) is cst.TryStar:
            result = self._definite_suite(statement.body)
            if statement.orelse is not None:
                result |= self._definite_suite(statement.orelse.body)
            for handler in statement.handlers:
                result &= self._definite_suite(handler.body)
            if statement.finalbody is not None:
                result |= self._definite_suite(statement.finalbody.body)
        else:
            result = set()
        frozen = frozenset(result)
        self._definite[id(statement)] = frozen
        return frozen


_NO_NAMES: frozenset[str] = frozenset()
_NO_CUT = 1 << 62  # past any line or index


def _first_in(positions: list[int], first: int, last: int) -> int:
    index = bisect_left(positions, first)
    if index < len(positions) and positions[index] <= last:
        return positions[index]
    return -1


class BlockAnalyzer:
    """Analyses blocks of one function: `analyze(block)` or raise `NotExtractable`."""

    def __init__(
        self,
        facts: FunctionFacts,
        increments: Sequence[Increment] = (),
        parent_sloc: int = 0,
        concern_spans: Sequence[Sequence[tuple[int, int]]] = (),
    ) -> None:
        self.facts = facts
        self.parent_sloc = parent_sloc
        self.concern_spans = concern_spans
        self.nested_nonlocals = {f.detail for f in facts.flags if f.kind == NESTED_NONLOCAL}
        self.parent_cyclomatic = 1 + sum(i.amount for i in increments if i.metric == "cyclomatic")
        self.flow = _Flow(facts)
        self.cyclomatic_lines = sorted((i.line, i.amount) for i in increments if i.metric == "cyclomatic")
        self._cc_lines = [line for line, _ in self.cyclomatic_lines]
        # running totals of the increments: a run's cyclomatic in two bisects, not one sum per run
        self._cc_totals = [0, *accumulate(amount for _, amount in self.cyclomatic_lines)]
        # statement list -> (the list holding its compound statement, that statement's index, the statement)
        self.parents: dict[int, tuple[cst.IndentedBlock, int, cst.BaseCompoundStatement]] = {}
        self._map_parents(facts.function.body)
        self._statement_facts: dict[int, tuple[bool, bool, dict[str, int]] | NotExtractable] = {}
        self._outer_names: dict[int, frozenset[str]] = {}
        # (first line, last line, spans) per concern for `whole_concerns`; a concern with a
        # reversed span is always tested span by span
        self._concern_extents = [
            (min(f for f, _ in spans), max(t for _, t in spans), spans)
            if all(f <= t for f, t in spans)
            else (-_NO_CUT, _NO_CUT, spans)
            for spans in concern_spans
            if spans
        ]

    def _map_parents(self, suite: cst.BaseSuite) -> None:
        if type(suite) is not cst.IndentedBlock:
            return
        for index, statement in enumerate(suite.body):
            if (type(statement) is cst.FunctionDef or type(statement) is cst.ClassDef) or not isinstance(
                statement, cst.BaseCompoundStatement
            ):
                continue
            for child in _child_suites(statement):
                if type(child) is cst.IndentedBlock:
                    self.parents[id(child)] = (suite, index, statement)
                    self._map_parents(child)

    def live_after(self, name: str, block: Block, first: int, exposed: set[str]) -> bool:
        """May a read of `name` after the block (or in the next loop iteration) see its binding?"""
        facts, flow = self.facts, self.flow
        reads = facts.names[name].reads
        owner, index = block.owner, block.last
        while True:
            suffix_exposed, suffix_definite = flow.suffix(owner)
            if name in suffix_exposed[index + 1]:
                return True
            if name in suffix_definite[index + 1]:
                return False
            parent = self.parents.get(id(owner))
            if parent is None:
                return False
            parent_owner, parent_index, compound = parent
            if (type(compound) is cst.For or type(compound) is cst.While) and owner is compound.body:
                # the next iteration: reads before the block, or the block's own inputs
                if name in exposed or _first_in(reads, facts.pos[id(compound)], first - 1) >= 0:
                    return True
            elif (
                (type(compound) is cst.Try or type(compound) is cst.TryStar)
                and _first_in(reads, facts.last[id(owner)] + 1, facts.last[id(compound)]) >= 0
            ):
                return True  # a handler, `else` or `finally` after this suite reads it
            owner, index = parent_owner, parent_index

    def lines_of(self, block: Block) -> tuple[int, int]:
        statements = block.statements
        return self.facts.start_line(statements[0]), self.facts.stop_line(statements[-1])

    def sloc_of(self, start: int, end: int) -> int:
        lines = self.facts.lines
        sloc = lines.count_code(start, end)
        if not self.facts.nested_spans:
            return sloc
        for first, last in self.facts.nested_spans:
            if start <= first and last <= end:
                sloc -= lines.count_code(first, last)
        return sloc

    def cyclomatic_of(self, start: int, end: int) -> int:
        totals = self._cc_totals
        return totals[bisect_right(self._cc_lines, end)] - totals[bisect_left(self._cc_lines, start)]

    def worth(self, block: Block, start_line: int, end_line: int, sloc: int) -> tuple[int, float, int]:
        """(cyclomatic, gain, whole concerns) of the run: the score is `max(gain, 0) / cost`.

        Everything of the score but its cost (parameters and returns), so the search can
        bound a run's score before analysing it.
        """
        cyclomatic = self.cyclomatic_of(start_line, end_line)
        gain = float(_gain(self.parent_sloc, sloc) + _gain(self.parent_cyclomatic, cyclomatic))
        if _is_paragraph(block):
            gain *= PARAGRAPH_BONUS
        concerns = 0
        if block.owner is self.facts.function.body:
            concerns = self.whole_concerns(start_line, end_line)
        if concerns:
            gain *= CONCERN_BONUS
        return cyclomatic, gain, concerns

    def whole_concerns(self, start: int, end: int) -> int:
        """`whole_concerns(self.concern_spans, start, end)`, a concern's own extent tested first."""
        inside = 0
        for lo, hi, concern in self._concern_extents:
            if hi < start or lo > end:
                continue  # no span of it reaches the range
            if start <= lo and hi <= end:
                inside += 1  # every span inside (and so touched)
            elif any(start <= last and first <= end for first, last in concern):
                if not all(start <= first and last <= end for first, last in concern):
                    return 0
                inside += 1
        return inside

    def analyze(
        self, block: Block, run: _Run | None = None, lines: tuple[int, int] | None = None
    ) -> Candidate:
        """The candidate for `block`; `run` carries what was accumulated over a shorter run."""
        facts = self.facts
        statements = block.statements
        first = facts.pos[id(statements[0])]
        last = facts.last[id(statements[-1])]
        start_line, end_line = lines or self.lines_of(block)
        if run is None:
            run = _Run(self)
            for statement in statements:
                run.add(statement)
        needs_class, is_async = run.needs_class, run.is_async
        loop_ranges = [(facts.pos[id(loop)], facts.last[id(loop)]) for loop in block.loops]
        touched, exposed, definite = run.touched, run.exposed, run.definite

        params: dict[str, int] = {}
        returns: dict[str, int] = {}
        # Positions are >= 0 and sorted: "some bind before the block" is a bind left of `first`.
        names, nested_nonlocals = facts.names, self.nested_nonlocals
        for name, position in touched.items():
            if name in nested_nonlocals:
                raise NotExtractable(f"a nested function of the parent rebinds '{name}' (nonlocal)")
            events = names[name]
            binds = events.binds
            index = bisect_left(binds, first)
            bound_before = index > 0
            binds_here = index < len(binds) and binds[index] <= last
            deletes = events.deletes
            if deletes:
                k = bisect_left(deletes, first)
                if k < len(deletes) and deletes[k] <= last and (bound_before or bisect_right(binds, last) < len(binds)):
                    raise NotExtractable(f"the block deletes '{name}', which the rest of the function also uses")
            if name in exposed:
                if bound_before:
                    params[name] = position
                elif any(_first_in(binds, last + 1, hi) >= 0 for _, hi in loop_ranges):
                    raise NotExtractable(
                        f"'{name}' is read before the block binds it and comes from a later iteration of the loop"
                    )
            if not binds_here:
                continue
            nested = events.nested_reads
            if nested and (bisect_left(nested, first) > 0 or bisect_right(nested, last) < len(nested)):
                raise NotExtractable(f"the block rebinds '{name}', which a nested function outside it reads")
            if self.live_after(name, block, first, exposed):
                returns[name] = position
                if name not in definite and name not in params:
                    if bound_before:
                        params[name] = position
                    else:
                        raise NotExtractable(
                            f"the block binds '{name}' only on some paths, and the code after it reads '{name}'"
                        )
        for name, positions in facts.outer_reads.items():
            position = _first_in(positions, first, last)
            if position >= 0 and name not in params:
                params[name] = position

        carry_globals = tuple(
            sorted(n for n in facts.declared_global if self._binds_declared(n, first, last))
        )
        for name in sorted(facts.declared_nonlocal):
            if self._binds_declared(name, first, last):
                raise NotExtractable(f"the block rebinds '{name}', declared nonlocal in the function")

        kind = "function"
        self_name = facts.self_name
        if self_name is not None and (self_name in params or self_name in touched):
            if self_name in returns or facts.names[self_name].any_in("binds", first, last):
                raise NotExtractable(f"the block rebinds '{self_name}'")
            kind = "method"
            params.pop(self_name, None)
        if needs_class and kind == "function":
            if self_name is not None:
                kind = "method"
            else:
                raise NotExtractable(
                    "the block uses zero-argument super(), __class__ or a private (mangled) name"
                    " and the function is not a method"
                )
        if len(params) > MAX_PARAMS:
            raise NotExtractable(
                f"the block needs {len(params)} parameters ({', '.join(_ordered(params))}); at most {MAX_PARAMS}",
                grows=True,
            )
        if len(returns) > MAX_RETURNS:
            raise NotExtractable(
                f"the block would return {len(returns)} values ({', '.join(_ordered(returns))});"
                f" at most {MAX_RETURNS}"
            )
        sloc = self.sloc_of(start_line, end_line)
        cyclomatic, gain, concerns = self.worth(block, start_line, end_line, sloc)
        cost = 1 + len(params) + len(returns)
        return Candidate(
            block=block,
            start_line=start_line,
            end_line=end_line,
            sloc=sloc,
            cyclomatic=cyclomatic,
            params=_ordered(params),
            returns=_ordered(returns),
            kind=kind,
            is_async=is_async,
            carry_globals=carry_globals,
            score=round(max(gain, 0) / cost, 3),
            concerns=concerns,
        )

    def statement_facts(self, statement: cst.BaseStatement) -> tuple[bool, bool, dict[str, int]]:
        """What one statement adds to any run holding it: (needs the class, awaits, names touched).

        Raises `NotExtractable(grows=True)` for control flow no run can carry (`_check_flags`).
        A statement joins a run for every earlier start in its list: computed once each.
        """
        key = id(statement)
        known = self._statement_facts.get(key)
        if known is None:
            facts = self.facts
            first, last = facts.pos[key], facts.last[key]
            try:
                needs_class = self._check_flags(first, last)
            except NotExtractable as exc:
                known = self._statement_facts[key] = exc.with_traceback(None)
            else:
                is_async = any(f.kind == AWAIT for f in facts.flags_in(first, last))
                known = self._statement_facts[key] = (needs_class, is_async, self.flow.touched(first, last))
        if isinstance(known, NotExtractable):
            # A copy: raising the kept one would give it a traceback, whose frames (and theirs,
            # up to the file's analysis) it keeps alive, tree included (see `_outcome`).
            raise NotExtractable(str(known), known.grows)
        return known

    def outer_names(self, statement: cst.BaseStatement) -> frozenset[str]:
        """Closure names (of enclosing functions) `statement` reads: parameters of any run holding it."""
        outer_reads = self.facts.outer_reads
        if not outer_reads:
            return _NO_NAMES
        key = id(statement)
        known = self._outer_names.get(key)
        if known is None:
            first, last = self.facts.pos[key], self.facts.last[key]
            known = self._outer_names[key] = frozenset(
                name for name, positions in outer_reads.items() if _first_in(positions, first, last) >= 0
            )
        return known

    def _binds_declared(self, name: str, first: int, last: int) -> bool:
        """Does the block bind `name`, a `global`/`nonlocal` of the function?"""
        return _first_in(self.facts.declared_binds.get(name, []), first, last) >= 0

    def _check_flags(self, first: int, last: int) -> bool:
        """Raise for control flow that cannot leave the block; True when it needs the class."""
        needs_class = False
        for flag in self.facts.flags_in(first, last):
            where = f" (line {flag.line})"
            if flag.kind == RETURN:
                raise NotExtractable("the block contains a return statement" + where, grows=True)
            if flag.kind == YIELD:
                raise NotExtractable("the block contains yield" + where, grows=True)
            if flag.kind == BREAK and not (first <= flag.target <= last):
                raise NotExtractable(
                    f"'{flag.detail}' leaves a loop that encloses the block" + where, grows=True
                )
            if flag.kind == DECLARE:
                raise NotExtractable(f"the block contains a {flag.detail} declaration" + where, grows=True)
            if flag.kind == NESTED_NONLOCAL:
                raise NotExtractable(
                    f"a nested function in the block declares nonlocal '{flag.detail}'" + where, grows=True
                )
            if flag.kind == FRAME:
                raise NotExtractable(
                    f"the block calls {flag.detail}, which depends on the function's locals" + where,
                    grows=True,
                )
            if flag.kind in (SUPER, MANGLED):
                needs_class = True
        return needs_class


def whole_concerns(spans: Sequence[Sequence[tuple[int, int]]], start: int, end: int) -> int:
    """How many concerns lines `start..end` hold whole; 0 when the range cuts through one.

    A concern is a set of top-level statements given as line spans. The range is made of
    whole concerns when every concern it touches lies entirely inside it.
    """
    inside = 0
    for concern in spans:
        touched = [start <= last and first <= end for first, last in concern]
        if not any(touched):
            continue
        if not all(start <= first and last <= end for first, last in concern):
            return 0
        inside += 1
    return inside


def shrink_refusal(candidate: Candidate | Suggestion, parent_sloc: int) -> str:
    """Why extracting `candidate` would not shrink the parent meaningfully ("" when it would).

    All of: the block has at least `SHRINK_MIN_SLOC` SLOC; it takes at least `SHRINK_SHARE`
    of the parent's SLOC, or has `SHRINK_ENOUGH_SLOC` SLOC, or leaves the parent (with the
    call line) at most `SHRINK_FLOOR` SLOC; it returns at most `SHRINK_MAX_RETURNS` values;
    and it moves at least `SHRINK_SLOC_PER_VALUE` SLOC per parameter and return value.
    """
    sloc = candidate.sloc
    values = len(candidate.params) + len(candidate.returns)
    if sloc < SHRINK_MIN_SLOC:
        return f"the block has {sloc} SLOC, fewer than {SHRINK_MIN_SLOC}"
    after = parent_sloc - sloc + 1
    if sloc < SHRINK_ENOUGH_SLOC and sloc < SHRINK_SHARE * parent_sloc and after > SHRINK_FLOOR:
        return (
            f"the block has {sloc} of the function's {parent_sloc} SLOC, under"
            f" {SHRINK_SHARE:.0%}, and leaves it {after} SLOC"
        )
    if len(candidate.returns) > SHRINK_MAX_RETURNS:
        return f"the block returns {len(candidate.returns)} values, more than {SHRINK_MAX_RETURNS}"
    if sloc < SHRINK_SLOC_PER_VALUE * values:
        return f"the block has {sloc} SLOC for {values} parameters and returns"
    return ""


def shrink_min_sloc(parent_sloc: int) -> int:
    """The fewest SLOC a block can have and still pass `shrink_refusal`'s size rules.

    `find_candidates` skips the analysis of shorter runs when only offered ones are wanted.
    """
    share = -(-SHRINK_SHARE * parent_sloc // 1)  # ceil
    return max(SHRINK_MIN_SLOC, min(int(share), SHRINK_ENOUGH_SLOC, parent_sloc - SHRINK_FLOOR + 1))


def _gain(total: int, part: int) -> int:
    """How much the larger of parent and new function is below the parent's `total` today."""
    return total - max(total - part + 1, part + 1)


def _is_paragraph(block: Block) -> bool:
    """Blank lines or comments (or the list's edges) on both sides of the run."""
    body = block.owner.body
    starts = block.first == 0 or bool(getattr(body[block.first], "leading_lines", ()))
    ends = block.last == len(body) - 1 or bool(getattr(body[block.last + 1], "leading_lines", ()))
    return starts and ends


class _Run:
    """Facts of a growing run of statements, extended one statement at a time."""

    def __init__(self, analyzer: BlockAnalyzer) -> None:
        self.analyzer = analyzer
        self.touched: dict[str, int] = {}  # name -> first position in the run (stable order)
        self.exposed: set[str] = set()
        self.definite: set[str] = set()
        self.needs_class = False
        self.is_async = False

    def add(self, statement: cst.BaseStatement) -> None:
        """Extend the run; raises `NotExtractable(grows=True)` for control flow it cannot carry."""
        analyzer = self.analyzer
        needs_class, is_async, touched = analyzer.statement_facts(statement)
        self.needs_class |= needs_class
        self.is_async |= is_async
        for name, position in touched.items():
            self.touched.setdefault(name, position)
        self.exposed |= analyzer.flow.exposed(statement) - self.definite
        self.definite |= analyzer.flow.definite(statement)


def _bound_names(node: cst.CSTNode) -> set[str]:
    """Names bound anywhere in `node` (any scope), for `global` carrying and closure candidates.

    Walked with `walk_code`, which reads the tree in place: `node.visit` rebuilds every node
    it leaves, 40 ms for a long enclosing function, paid again for each long nested one.
    """
    collector = _BindingCollector()
    walk_code(node, collector, _BINDING_HOOKS)
    return collector.names


class _BindingCollector:
    """What `_bound_names` collects, node type by node type; no descent into `def` or `class`."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def _targets(self, target: cst.BaseExpression) -> None:
        self.names.update(x.value for x in target_names(target))

    def visit_Assign(self, n: cst.Assign) -> None:
        for target in n.targets:
            self._targets(target.target)

    def visit_target(self, n: cst.AugAssign | cst.AnnAssign | cst.For | cst.Del) -> None:
        self._targets(n.target)

    def visit_definition(self, n: cst.FunctionDef | cst.ClassDef) -> bool:
        self.names.add(n.name.value)
        return False

    def visit_ImportAlias(self, n: cst.ImportAlias) -> None:
        bound = import_binding(n)
        if bound is not None:
            self.names.add(bound)


_BINDING_HOOKS = CodeHooks(
    attributes={},
    visit={
        cst.Assign: _BindingCollector.visit_Assign,
        cst.AugAssign: _BindingCollector.visit_target,
        cst.AnnAssign: _BindingCollector.visit_target,
        cst.For: _BindingCollector.visit_target,
        cst.Del: _BindingCollector.visit_target,
        cst.FunctionDef: _BindingCollector.visit_definition,
        cst.ClassDef: _BindingCollector.visit_definition,
        cst.ImportAlias: _BindingCollector.visit_ImportAlias,
    },
    leave={},
)


def _ordered(names: dict[str, int]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: names[n]))


def find_candidates(
    facts: FunctionFacts,
    parent_sloc: int,
    increments: Sequence[Increment] = (),
    concern_spans: Sequence[Sequence[tuple[int, int]]] = (),
    min_sloc: int = MIN_BLOCK_SLOC,
) -> list[Candidate]:
    """Every extractable run of at least `min_sloc` SLOC, best first (the shrink rule not applied).

    The analysis inside the per-file pass asks for `shrink_min_sloc(parent_sloc)`: shorter
    runs could not be offered, so their parameters and returns are never worked out.
    """
    analyzer = BlockAnalyzer(facts, increments, parent_sloc, concern_spans)
    limit = max(MIN_BLOCK_SLOC, int(parent_sloc * MAX_BLOCK_SHARE))
    found: list[Candidate] = []
    function_body = facts.function.body
    for owner, loops in statement_lists(facts.function):
        body = owner.body
        skip = 1 if owner is function_body and body and is_docstring(body[0]) else 0
        for first in range(skip, len(body)):
            start_line = facts.start_line(body[first])
            run = _Run(analyzer)
            for last in range(first, len(body)):
                end_line = facts.stop_line(body[last])
                sloc = analyzer.sloc_of(start_line, end_line)
                if sloc > limit:
                    break
                try:
                    run.add(body[last])
                    if sloc >= min_sloc:
                        found.append(
                            analyzer.analyze(Block(owner, first, last, loops), run, (start_line, end_line))
                        )
                except NotExtractable as exc:
                    if exc.grows:
                        break
    found.sort(key=lambda c: (-c.score, c.start_line, c.end_line))
    return found


def select(candidates: Sequence[Candidate], limit: int, parent_sloc: int) -> list[Candidate]:
    """The best `limit` candidates that pass the shrink rule and do not overlap one another."""
    chosen: list[Candidate] = []
    for candidate in candidates:
        if len(chosen) >= limit:
            break
        if shrink_refusal(candidate, parent_sloc):
            continue
        if any(c.start_line <= candidate.end_line and candidate.start_line <= c.end_line for c in chosen):
            continue
        chosen.append(candidate)
    return chosen


# -- the best-first search behind the per-file pass ---------------------------------------------
#
# `select(find_candidates(...))` analyses every run of every statement list (each start times
# each end: quadratic in the list's length) to keep five. `best_candidates` returns the same
# five from far fewer analyses: a cheap scan bounds each run's score, and runs are analysed in
# the order of their bounds, so a run is analysed only when it could still be chosen.


# What the scan keeps of one statement: (names touched with their first positions, names
# exposed, names bound for certain, closure names read, needs the class, awaits).
_StatementFacts = tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str], bool, bool]


class _Slot:
    """A run the exhaustive search would analyse, kept when it may be chosen or may raise `grows`."""

    __slots__ = ("chain", "fewest", "last", "lines", "outcome", "seq", "sloc")

    def __init__(self, chain: _Chain, seq: int, last: int, lines: tuple[int, int], sloc: int, fewest: int) -> None:
        self.chain = chain
        self.seq = seq  # order of the exhaustive search's analyses (its tie-break)
        self.last = last  # index of the run's last statement in the list
        self.lines = lines
        self.sloc = sloc
        self.fewest = fewest  # parameters the analysis finds at least
        self.outcome: Candidate | NotExtractable | None = None  # None until analysed

    @property
    def block(self) -> Block:
        chain = self.chain
        return Block(chain.owner, chain.first, self.last, chain.loops)


@dataclass(eq=False)
class _Chain:
    """The runs from one start of one statement list, as the exhaustive search extends them."""

    owner: cst.IndentedBlock
    loops: tuple[cst.CSTNode, ...]
    first: int  # the start's index in the statement list
    known: list[_StatementFacts | None]  # of the list's statements, shared by its chains
    checked: int = 0  # uncertain slots (see `_scan`) before this index are analysed
    cut: int = _NO_CUT  # `block.last` of the first slot whose analysis raised `grows`


def _scan(
    analyzer: BlockAnalyzer, min_sloc: int, uncertain: dict[_Chain, list[_Slot]] | None = None
) -> list[tuple[float, _Slot]]:
    """Every run `find_candidates(min_sloc=...)` would analyse and `select` could take, with a bound.

    The same loops and stops as the exhaustive search, without the analyses. Of each run it
    keeps bounds on the parameters `analyze` would find: with `bb` the names bound before the
    run's first statement, `lower` = (exposed ∩ bb) ∪ closure reads and `upper` = (touched ∩
    bb) ∪ closure reads, `self` aside; `analyze` takes every name of `lower` and none outside
    `upper`, and both only grow with the run. So a chain also stops at the first slot with
    more than MAX_PARAMS certain parameters (every analysis from there on raises); a slot
    with fewer than SHRINK_SLOC_PER_VALUE SLOC per certain parameter cannot pass
    `shrink_refusal` and is kept only if it may raise `grows` (`upper` over MAX_PARAMS).
    The bound is the score with the certain parameters as the only cost. `uncertain` gets,
    per chain and in order, the slots whose analysis may raise `grows`, for `_reached`.
    """
    facts = analyzer.facts
    parent_sloc = analyzer.parent_sloc
    limit = max(MIN_BLOCK_SLOC, int(parent_sloc * MAX_BLOCK_SHARE))
    found: list[tuple[float, _Slot]] = []
    seq = 0
    function_body = facts.function.body
    sloc_of, flow = analyzer.sloc_of, analyzer.flow
    count_code, nested = facts.lines.count_code, bool(facts.nested_spans)
    self_name = facts.self_name
    first_bind = {name: events.binds[0] for name, events in facts.names.items() if events.binds}
    # a first, coarser bound: the largest cyclomatic gain any run could have, and both bonuses
    # (`worth` multiplies in this order; each factor is at least 1)
    total = analyzer.parent_cyclomatic
    most_cyclomatic = max(min(c - 1, total - c - 1) for c in range(total + 1))
    for owner, loops in statement_lists(facts.function):
        body = owner.body
        skip = 1 if owner is function_body and body and is_docstring(body[0]) else 0
        stops = [facts.stop_line(statement) for statement in body]
        starts = [facts.start_line(statement) for statement in body]
        if nested:
            code_before = code_through = []
        else:  # SLOC of statements first..last: code_through[last] - code_before[first]
            code_before = [count_code(0, line - 1) for line in starts]
            code_through = [count_code(0, line) for line in stops]
        bonus = PARAGRAPH_BONUS * CONCERN_BONUS if owner is function_body else PARAGRAPH_BONUS
        # per statement, on first use: its `_StatementFacts`, or None when no run can hold it
        # (`statement_facts` raises `grows`)
        known: list[_StatementFacts | None] = []
        for first in range(skip, len(body)):
            start_line = starts[first]
            before = code_before[first] if code_before else 0
            first_position = facts.pos[id(body[first])]
            seen: set[str] = set()
            definite: set[str] = set()
            lower: set[str] = set()
            upper: set[str] = set()
            chain = _Chain(owner, loops, first, known)
            for last in range(first, len(body)):
                if nested or stops[last] < start_line:
                    sloc = sloc_of(start_line, stops[last])
                else:
                    sloc = code_through[last] - before
                if sloc > limit:
                    break
                while len(known) <= last:
                    statement = body[len(known)]
                    try:
                        needs_class, is_async, names = analyzer.statement_facts(statement)
                    except NotExtractable:
                        known.append(None)
                    else:
                        exposed, binds = flow.exposed(statement), flow.definite(statement)
                        outer = analyzer.outer_names(statement)
                        known.append((names, exposed, binds, outer, needs_class, is_async))
                step = known[last]
                if step is None:
                    break
                touched, exposed, binds, outer = step[:4]
                new = touched.keys() - seen
                if new:
                    seen |= new
                    upper.update(name for name in new if first_bind.get(name, first_position) < first_position)
                if exposed:
                    lower |= (exposed - definite) & upper
                if binds:
                    definite |= binds
                if outer:
                    lower |= outer
                    upper |= outer
                if sloc < min_sloc:
                    continue
                fewest, most = len(lower), len(upper)
                if self_name is not None and self_name in upper:
                    most -= 1
                    fewest -= self_name in lower
                if fewest > MAX_PARAMS:
                    break
                seq += 1
                selectable = sloc >= SHRINK_SLOC_PER_VALUE * fewest
                if not selectable and most <= MAX_PARAMS:
                    continue
                slot = _Slot(chain, seq, last, (start_line, stops[last]), sloc, fewest)
                if most > MAX_PARAMS and uncertain is not None:
                    uncertain.setdefault(chain, []).append(slot)
                if selectable:
                    gain = float(min(sloc - 1, parent_sloc - sloc - 1) + most_cyclomatic) * bonus
                    found.append((round(max(gain, 0) / (1 + fewest), 3), slot))
    return found


def _bound(analyzer: BlockAnalyzer, slot: _Slot) -> float:
    """The slot's score with its certain parameters as the only cost: at least its score."""
    start_line, end_line = slot.lines
    gain = analyzer.worth(slot.block, start_line, end_line, slot.sloc)[1]
    return round(max(gain, 0) / (1 + slot.fewest), 3)


def _run_of(analyzer: BlockAnalyzer, block: Block, known: Sequence[_StatementFacts | None]) -> _Run:
    """The `_Run` of `block`'s statements, from the scan's facts with set and dict updates.

    `touched` gets the same names and first positions as `_Run.add` gives, in another order
    (the statements' dicts merged last to first, so the earliest position wins); `analyze`'s
    result does not depend on that order, only which of two refusals it names would.
    """
    run = _Run(analyzer)
    exposed, definite = run.exposed, run.definite
    steps = [step for step in known[block.first : block.last + 1] if step is not None]
    assert len(steps) == block.last - block.first + 1  # the scan held every statement of the run
    for _, names, binds, _, needs_class, is_async in steps:
        if names:
            exposed |= names - definite
        if binds:
            definite |= binds
        run.needs_class |= needs_class
        run.is_async |= is_async
    touched = run.touched
    for step in reversed(steps):
        touched.update(step[0])
    return run


def _outcome(analyzer: BlockAnalyzer, slot: _Slot) -> Candidate | NotExtractable:
    """The slot's analysis, once; a `grows` refusal cuts its chain there."""
    if slot.outcome is None:
        block = slot.block
        try:
            slot.outcome = analyzer.analyze(block, _run_of(analyzer, block, slot.chain.known), slot.lines)
        except NotExtractable as exc:
            # Kept without its traceback: its frames refer, through their callers, to this slot
            # and to the whole tree, a cycle only the garbage collector would free.
            slot.outcome = exc.with_traceback(None)
            if exc.grows and block.last < slot.chain.cut:
                slot.chain.cut = block.last
    return slot.outcome


def _reached(analyzer: BlockAnalyzer, slot: _Slot, uncertain: Sequence[_Slot]) -> bool:
    """Would the exhaustive search get to `slot`: no earlier slot of its chain (`uncertain`) raised `grows`?"""
    chain, last = slot.chain, slot.last
    while chain.checked < len(uncertain):
        earlier = uncertain[chain.checked]
        if earlier.last >= last or earlier.last >= chain.cut:
            break
        _outcome(analyzer, earlier)
        chain.checked += 1
    return last <= chain.cut


def best_candidates(
    facts: FunctionFacts,
    parent_sloc: int,
    increments: Sequence[Increment] = (),
    concern_spans: Sequence[Sequence[tuple[int, int]]] = (),
    limit: int = 5,
) -> list[Candidate]:
    """`select(find_candidates(..., shrink_min_sloc(parent_sloc)), limit, parent_sloc)`, analysing less.

    Runs come off a heap by (score bound, start line, end line, search order): `select`'s
    order with each unanalysed run's bound in place of its score. A run is analysed when it
    comes off first (after the uncertain earlier slots of its chain that decide whether the
    exhaustive search reaches it) and goes back with its score; a run with its score that
    comes off is therefore the next in `select`'s order. Runs that overlap a chosen
    candidate are dropped unanalysed, as `select` would skip them.
    """
    if limit <= 0:
        return []
    analyzer = BlockAnalyzer(facts, increments, parent_sloc, concern_spans)
    # (-bound or -score, start line, end line, search order, stage, slot); stage 0: the scan's
    # coarse bound, 1: `_bound`, 2: the analysed score. One entry per slot at any time.
    # Kept here, not on the chains: slots refer to their chain, so the chain referring to them
    # would make a cycle holding the function's statements, freed only by the garbage collector.
    uncertain: dict[_Chain, list[_Slot]] = {}
    heap: list[tuple[float, int, int, int, int, _Slot]] = [
        (-bound, slot.lines[0], slot.lines[1], slot.seq, 0, slot)
        for bound, slot in _scan(analyzer, shrink_min_sloc(parent_sloc), uncertain)
    ]
    heapify(heap)
    chosen: list[Candidate] = []
    while heap and len(chosen) < limit:
        _, start, end, seq, stage, slot = heappop(heap)
        if any(c.start_line <= end and start <= c.end_line for c in chosen):
            continue
        if stage == 0:
            heappush(heap, (-_bound(analyzer, slot), start, end, seq, 1, slot))
        elif stage == 1:
            if _reached(analyzer, slot, uncertain.get(slot.chain, ())):
                outcome = _outcome(analyzer, slot)
                if isinstance(outcome, Candidate):
                    heappush(heap, (-outcome.score, start, end, seq, 2, slot))
        else:
            candidate = slot.outcome
            assert isinstance(candidate, Candidate)
            if not shrink_refusal(candidate, parent_sloc):
                chosen.append(candidate)
    return chosen
