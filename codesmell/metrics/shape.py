"""`shape`: what kind of long function this is, the way a reviewer would first sort it.

Every function at or below the SLOC floor is `short`. Above it, the first
rule that holds decides (thresholds are the constants below):

1. `flat-dispatch`: dispatch units hold at least `DISPATCH_SHARE` of the
   body's SLOC. A dispatch unit is a unit (see `codesmell.metrics.concerns`)
   that is a `match` or an `if`/`elif` chain with at least `MIN_ARMS` arms
   (the `else` is an arm) whose arms average at most `MAX_MEAN_ARM_SLOC` SLOC,
   none over `MAX_ARM_SLOC`, none nesting compound statements more than
   `MAX_ARM_NESTING` deep, and, when the chain runs in an opened loop, no arm
   reading (in its test or body) a local another arm binds (a state machine); or
   a handler table: a dict display of at least `MIN_ARMS` entries, at least
   `HANDLER_SHARE` of whose values are lambdas, attributes or non-local names.
2. `declarative`: declarative statements hold at least `DECLARATIVE_SHARE`
   of the SLOC that is not neutral and at least half of the body's SLOC, with
   `max_nesting` at most `DECLARATIVE_MAX_NESTING`. A simple statement is
   declarative when it assigns, returns or evaluates literal data (a literal,
   or a display holding one) or a call whose arguments are all constant-like
   (literals, names, attributes, lambdas, displays and calls of those) with at
   least one literal or keyword argument; neutral when it is `pass`, a bare
   `return`/`return name`, `break`/`continue`, `global`, an import, a `raise`,
   an assignment of a name or attribute, or a call without arguments; anything
   else, and every compound statement's header lines, are procedural.
3. `tangled`: one strong sign, or two weak ones. Strong: `max_nesting` at
   least `TANGLED_NESTING`, cognitive at least `TANGLED_COGNITIVE_PER_SLOC`
   per SLOC, at least `TANGLED_CONCERNS` concerns. Weak: nesting one less,
   cognitive at least `WEAK_COGNITIVE_PER_SLOC` per SLOC, concerns one less,
   at least `WEAK_CARRIED` names carried across blocks (bound inside a
   compound unit and read by a later unit: flags, accumulators, state).
4. `sequential`: everything else, a recipe of steps a reader follows in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import libcst as cst

from codesmell.cst.lines import LineIndex
from codesmell.extract import SLOC_FLOOR, iter_functions
from codesmell.extract.facts import FunctionFacts, function_facts
from codesmell.metrics.concerns import (
    HEADER,
    ConcernAnalysis,
    analyse_concerns,
    child_statements,
    statement_lines,
    statement_sloc,
)
from codesmell.model import FunctionMetrics

SHORT, FLAT_DISPATCH, DECLARATIVE, SEQUENTIAL, TANGLED = (
    "short",
    "flat-dispatch",
    "declarative",
    "sequential",
    "tangled",
)
SHAPES = (SHORT, FLAT_DISPATCH, DECLARATIVE, SEQUENTIAL, TANGLED)

DISPATCH_SHARE = 0.6
MIN_ARMS = 4
MAX_MEAN_ARM_SLOC = 6.0
MAX_ARM_SLOC = 12
MAX_ARM_NESTING = 2
HANDLER_SHARE = 0.8

DECLARATIVE_SHARE = 0.7
DECLARATIVE_MAX_NESTING = 2

TANGLED_NESTING = 4
TANGLED_COGNITIVE_PER_SLOC = 0.7
TANGLED_CONCERNS = 4
WEAK_COGNITIVE_PER_SLOC = 0.4
WEAK_CARRIED = 4

_LITERALS = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
)
_DISPLAYS = (cst.Tuple, cst.List, cst.Set, cst.Dict)
_CONSTANT_NAMES = frozenset(("None", "True", "False"))


def measure_long_functions(
    module: cst.Module,
    lines: LineIndex,
    functions: Sequence[FunctionMetrics],
    min_sloc: int = SLOC_FLOOR,
) -> tuple[tuple[FunctionMetrics, ...], dict[int, FunctionFacts]]:
    """Concerns and shape of the functions above `min_sloc`, and their name facts by node id.

    The facts are handed on to Extract Method so the walk is paid once.
    """
    long_functions = {f.line: f for f in functions if f.sloc > min_sloc}
    if not long_functions:
        return tuple(functions), {}
    known: dict[int, FunctionFacts] = {}
    measured: dict[int, FunctionMetrics] = {}
    for node, ancestors in iter_functions(module):
        metrics = long_functions.get(lines.line_of(node))
        if metrics is None:
            continue
        try:
            facts = function_facts(node, ancestors, lines)
            known[id(node)] = facts
            analysis = analyse_concerns(facts)
            measured[metrics.line] = replace(
                metrics,
                concerns=analysis.count,
                concern_spans=analysis.spans,
                shape=classify(metrics, facts, analysis),
            )
        except Exception:  # RecursionError included: the shape from the metrics alone
            measured[metrics.line] = replace(metrics, shape=_by_metrics(metrics, 0, 1))
    return tuple(measured.get(f.line, f) for f in functions), known


def classify(metrics: FunctionMetrics, facts: FunctionFacts, analysis: ConcernAnalysis) -> str:
    """The shape of one function (rules in the module docstring)."""
    if metrics.sloc <= SLOC_FLOOR:
        return SHORT
    body_sloc = sum(unit.sloc for unit in analysis.units)
    if body_sloc == 0:
        return SEQUENTIAL
    dispatch = sum(
        unit.sloc
        for unit in analysis.units
        if unit.kind != HEADER and _is_flat_dispatch(unit.node, facts, analysis)
    )
    if dispatch >= DISPATCH_SHARE * body_sloc:
        return FLAT_DISPATCH
    if metrics.max_nesting <= DECLARATIVE_MAX_NESTING:
        tally = {DECLARATIVE: 0, "neutral": 0, "procedural": 0}
        for unit in analysis.units:
            if unit.kind == HEADER:
                tally["procedural"] += unit.sloc
            else:
                _tally(unit.node, facts, tally)
        declarative = tally[DECLARATIVE]
        if declarative >= DECLARATIVE_SHARE * (body_sloc - tally["neutral"]) and 2 * declarative >= body_sloc:
            return DECLARATIVE
    return _by_metrics(metrics, len(analysis.carried), analysis.count)


def _by_metrics(metrics: FunctionMetrics, carried: int, concerns: int) -> str:
    if metrics.sloc <= SLOC_FLOOR:
        return SHORT
    sloc = metrics.sloc
    strong = (
        metrics.max_nesting >= TANGLED_NESTING
        or metrics.cognitive >= TANGLED_COGNITIVE_PER_SLOC * sloc
        or concerns >= TANGLED_CONCERNS
    )
    weak = (
        (metrics.max_nesting == TANGLED_NESTING - 1)
        + (metrics.cognitive >= WEAK_COGNITIVE_PER_SLOC * sloc)
        + (concerns == TANGLED_CONCERNS - 1)
        + (carried >= WEAK_CARRIED)
    )
    return TANGLED if strong or weak >= 2 else SEQUENTIAL


# -- dispatch -------------------------------------------------------------------


def arms(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The arms of a `match` (its cases) or of an `if`/`elif`/`else` chain (the If/Else nodes)."""
    if isinstance(node, cst.Match):
        return list(node.cases)
    found: list[cst.CSTNode] = []
    current: cst.CSTNode | None = node if isinstance(node, cst.If) else None
    while isinstance(current, cst.If):
        found.append(current)
        current = current.orelse
    if isinstance(current, cst.Else):
        found.append(current)
    return found


def _arm_statements(arm: cst.CSTNode) -> Sequence[cst.BaseStatement]:
    body = getattr(arm, "body", None)
    return body.body if isinstance(body, cst.IndentedBlock) else ()


def _arm_lines(facts: FunctionFacts, arm: cst.CSTNode) -> tuple[int, int]:
    statements = _arm_statements(arm)
    body = getattr(arm, "body", None)
    start = facts.lines.line_of(arm) or (facts.lines.header_end(body) if isinstance(body, cst.BaseSuite) else 0)
    stop = max((facts.stop_line(s) for s in statements), default=start)
    return start, stop


def nesting(statements: Sequence[cst.CSTNode]) -> int:
    """How deep compound statements nest in `statements` (an `elif` is no deeper than its `if`)."""
    deepest = 0
    for statement in statements:
        if isinstance(statement, (cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef)):
            continue
        deepest = max(deepest, 1 + nesting(list(child_statements(statement))))
    return deepest


def _is_flat_dispatch(node: cst.CSTNode, facts: FunctionFacts, analysis: ConcernAnalysis) -> bool:
    if isinstance(node, cst.SimpleStatementLine):
        return _is_handler_table(node, facts)
    branches = arms(node)
    if len(branches) < MIN_ARMS:
        return False
    sizes = [statement_sloc(facts, *_arm_lines(facts, arm)) for arm in branches]
    if max(sizes) > MAX_ARM_SLOC or sum(sizes) > MAX_MEAN_ARM_SLOC * len(sizes):
        return False
    if any(nesting(_arm_statements(arm)) > MAX_ARM_NESTING for arm in branches):
        return False
    return not (_in_opened_loop(node, analysis) and _arms_share_state(branches, facts, analysis))


def _in_opened_loop(node: cst.CSTNode, analysis: ConcernAnalysis) -> bool:
    index = next(i for i, unit in enumerate(analysis.units) if unit.node is node)
    return any(lo <= index <= hi for lo, hi in analysis.loops)


def _arms_share_state(branches: Sequence[cst.CSTNode], facts: FunctionFacts, analysis: ConcernAnalysis) -> bool:
    """Inside a loop: does an arm read (in its test or body) a local another arm binds?"""
    flow = analysis.flow
    # an `if` arm's range stops at its body: its `orelse` holds the next arms
    bound = [flow.binds(facts.pos[id(arm)], facts.last[id(getattr(arm, "body", arm))]) for arm in branches]
    read = [
        flow.node_reads(getattr(arm, "test", None)) | flow.node_reads(getattr(arm, "guard", None))
        | flow.exposed_seq(_arm_statements(arm))
        for arm in branches
    ]
    return any(bound[a] & read[b] for a in range(len(branches)) for b in range(len(branches)) if a != b)


def _is_handler_table(statement: cst.SimpleStatementLine, facts: FunctionFacts) -> bool:
    if len(statement.body) != 1:
        return False
    value = getattr(statement.body[0], "value", None)
    if not isinstance(value, cst.Dict) or len(value.elements) < MIN_ARMS:
        return False
    handlers = 0
    for element in value.elements:
        target = getattr(element, "value", None)
        if isinstance(target, (cst.Lambda, cst.Attribute)) or (
            isinstance(target, cst.Name) and target.value not in facts.names
        ):
            handlers += 1
    return handlers >= HANDLER_SHARE * len(value.elements)


# -- declarative ------------------------------------------------------------------


def _tally(node: cst.CSTNode, facts: FunctionFacts, tally: dict[str, int]) -> None:
    """Add the SLOC of `node` to the declarative, neutral or procedural tally."""
    start, stop = statement_lines(facts, node)
    sloc = statement_sloc(facts, start, stop)
    if isinstance(node, cst.SimpleStatementLine):
        kinds = {statement_kind(small) for small in node.body}
        kind = kinds.pop() if len(kinds) == 1 else ("procedural" if "procedural" in kinds else DECLARATIVE)
        tally[kind] += sloc
        return
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        tally["neutral"] += sloc
        return
    inner = 0
    for child in _clauses(node):
        before = sum(tally.values())
        _tally(child, facts, tally)
        inner += sum(tally.values()) - before
    tally["procedural"] += max(0, sloc - inner)


def _clauses(node: cst.CSTNode) -> list[cst.CSTNode]:
    """What a compound statement or clause holds: its statements, plus its sub-clauses."""
    if isinstance(node, (cst.Try, cst.TryStar)):
        parts: list[cst.CSTNode] = list(_arm_statements(node))
        parts.extend(node.handlers)
        parts.extend(p for p in (node.orelse, node.finalbody) if p is not None)
        return parts
    if isinstance(node, (cst.For, cst.While)) and node.orelse is not None:
        return [*_arm_statements(node), node.orelse]
    return list(child_statements(node))


def statement_kind(small: cst.BaseSmallStatement) -> str:
    """"declarative", "neutral" or "procedural" for one small statement (see the module docstring)."""
    if isinstance(small, (cst.Pass, cst.Break, cst.Continue, cst.Global, cst.Nonlocal,
                          cst.Import, cst.ImportFrom, cst.Raise)):
        return "neutral"
    if isinstance(small, cst.Return):
        value = small.value
        if value is None or isinstance(value, (cst.Name, cst.Attribute)):
            return "neutral"
        return _value_kind(value)
    if isinstance(small, (cst.Assign, cst.AnnAssign, cst.Expr)):
        value = small.value
        if value is None:
            return "neutral"
        return _value_kind(value)
    return "procedural"


def _value_kind(value: cst.BaseExpression) -> str:
    if is_literal_data(value):
        return DECLARATIVE
    if isinstance(value, cst.Call):
        if not value.args and constant_like(value.func):
            return "neutral"
        if (
            constant_like(value.func)
            and all(constant_like(arg.value) for arg in value.args)
            and any(arg.keyword is not None or is_literal_data(arg.value) for arg in value.args)
        ):
            return DECLARATIVE
        return "procedural"
    if isinstance(value, (cst.Name, cst.Attribute)):
        return "neutral"
    return "procedural"


def is_literal_data(node: cst.BaseExpression) -> bool:
    """A literal, or a display of constant-like items holding at least one literal."""
    if isinstance(node, _LITERALS) or (isinstance(node, cst.Name) and node.value in _CONSTANT_NAMES):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary))
    if isinstance(node, _DISPLAYS):
        items = list(_display_items(node))
        return all(constant_like(item) for item in items) and (
            not items or any(is_literal_data(item) for item in items)
        )
    return False


def _display_items(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    items: list[cst.BaseExpression] = []
    for element in getattr(node, "elements", ()):
        if isinstance(element, cst.DictElement):
            items.extend((element.key, element.value))
        else:
            items.append(element.value)
    return items


def constant_like(node: cst.BaseExpression) -> bool:
    """An expression that computes nothing worth reading twice: no conditions, loops or comprehensions."""
    if isinstance(node, (*_LITERALS, cst.Name, cst.Lambda, cst.Ellipsis)):
        return True
    if isinstance(node, cst.Attribute):
        return constant_like(node.value)
    if isinstance(node, cst.UnaryOperation):
        return constant_like(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return constant_like(node.left) and constant_like(node.right)
    if isinstance(node, _DISPLAYS):
        return all(constant_like(item) for item in _display_items(node))
    if isinstance(node, cst.Subscript):
        return constant_like(node.value) and all(
            isinstance(e.slice, cst.Index) and constant_like(e.slice.value) for e in node.slice
        )
    if isinstance(node, cst.Call):
        return constant_like(node.func) and all(constant_like(arg.value) for arg in node.args)
    return False
