"""Extract Method: which block of a long function to pull out, and pulling it out.

`suggest_for_module` runs inside the per-file analysis on the tree it already
parsed, but only for functions whose SLOC exceeds `SLOC_FLOOR` (the default
SLOC warning threshold, fixed so cached results do not depend on the
configuration); everything else pays nothing. The candidates are kept on
`FunctionMetrics.suggestions`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import libcst as cst

from codesmell.config import DEFAULT_THRESHOLDS
from codesmell.cst.lines import LineIndex
from codesmell.cst.names import import_binding, target_names
from codesmell.extract.candidates import Candidate, best_candidates
from codesmell.extract.facts import FunctionFacts, function_facts
from codesmell.extract.naming import propose_name
from codesmell.model import FunctionMetrics, Suggestion

# Candidates only for functions with more SLOC than this: the default warning threshold.
SLOC_FLOOR = DEFAULT_THRESHOLDS["sloc"].warning
MAX_SUGGESTIONS = 5  # non-overlapping candidates kept per function

__all__ = ["MAX_SUGGESTIONS", "SLOC_FLOOR", "iter_functions", "suggest_for_module", "top_level_names"]


def iter_functions(
    module: cst.Module,
) -> Iterator[tuple[cst.FunctionDef, tuple[cst.CSTNode, ...]]]:
    """Every `def` with its enclosing statements (top-level first), descending statements only."""

    def walk(
        statements: Sequence[cst.CSTNode], ancestors: tuple[cst.CSTNode, ...]
    ) -> Iterator[tuple[cst.FunctionDef, tuple[cst.CSTNode, ...]]]:
        for statement in statements:
            kind = type(statement)
            if kind is cst.FunctionDef:
                yield statement, ancestors  # type: ignore[misc]
            compound = _COMPOUND.get(kind)
            if compound is None:
                compound = _COMPOUND[kind] = issubclass(kind, cst.BaseCompoundStatement)
            if compound:
                inner = (*ancestors, statement)
                for suite in _suites(statement):  # type: ignore[arg-type]
                    if type(suite) is cst.IndentedBlock:
                        yield from walk(suite.body, inner)

    yield from walk(module.body, ())


# Per node type: is it a compound statement? (`isinstance` on LibCST's abstract classes is slow.)
_COMPOUND: dict[type, bool] = {}


def _suites(statement: cst.BaseCompoundStatement) -> Iterator[cst.BaseSuite]:
    if not isinstance(statement, cst.Match):
        yield statement.body
    if isinstance(statement, cst.If):
        orelse = statement.orelse
        while isinstance(orelse, cst.If):
            yield orelse.body
            orelse = orelse.orelse
        if orelse is not None:
            yield orelse.body
    for attribute in ("handlers", "cases"):
        for part in getattr(statement, attribute, ()):
            yield part.body
    for attribute in ("orelse", "finalbody"):
        part = getattr(statement, attribute, None)
        if part is not None and not isinstance(statement, cst.If):
            yield part.body


def top_level_names(body: Sequence[cst.CSTNode]) -> set[str]:
    """Names a statement list binds at its own level (defs, classes, imports, assignments).

    Looks at statements only (into `if`/`try`/`with`/`for` bodies), never into expressions.
    """
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.add(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                names |= _small_statement_names(small)
        elif isinstance(statement, cst.BaseCompoundStatement):
            if isinstance(statement, cst.For):
                names.update(n.value for n in target_names(statement.target))
            for suite in _suites(statement):
                if isinstance(suite, cst.IndentedBlock):
                    names |= top_level_names(suite.body)
    return names


def _small_statement_names(small: cst.BaseSmallStatement) -> set[str]:
    targets: list[cst.BaseExpression] = []
    if isinstance(small, cst.Assign):
        targets = [t.target for t in small.targets]
    elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
        targets = [small.target]
    elif isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
        return {bound for alias in small.names if (bound := import_binding(alias)) is not None}
    return {n.value for t in targets for n in target_names(t)}


def block_calls(facts: FunctionFacts, candidate: Candidate) -> list[str]:
    """Names called in the candidate's block, for naming it."""
    statements = candidate.block.statements
    return facts.calls_in(facts.pos[id(statements[0])], facts.last[id(statements[-1])])


def name_scope(facts: FunctionFacts, candidate: Candidate, families: dict[int, int]) -> int:
    """Where the new name lives: its class (with the classes of the file it inherits from or
    passes its methods to) for a method, the module (0) for a function."""
    cls = facts.parent_class if candidate.kind == "method" else None
    return 0 if cls is None else families.get(id(cls), id(cls))


def class_families(module: cst.Module) -> dict[int, int]:
    """id(class) -> id of the first class of its inheritance family within the module.

    Two classes of one file related by inheritance share method names (an override would
    change behaviour), so they share a naming scope; unrelated classes do not.
    """
    classes: dict[str, cst.ClassDef] = {}
    order: list[cst.ClassDef] = []

    def walk(body: Sequence[cst.CSTNode]) -> None:
        for statement in body:
            if isinstance(statement, cst.ClassDef):
                classes.setdefault(statement.name.value, statement)
                order.append(statement)
            if isinstance(statement, (cst.ClassDef, cst.FunctionDef, cst.If, cst.Try)):
                inner = getattr(statement, "body", None)
                if isinstance(inner, cst.IndentedBlock):
                    walk(inner.body)

    try:
        walk(module.body)
    finally:
        walk = None  # type: ignore[assignment]  # a recursive closure: a cycle holding the classes
    root: dict[int, int] = {id(c): id(c) for c in order}

    def find(key: int) -> int:
        while root[key] != key:
            key = root[key]
        return key

    for cls in order:
        for base in cls.bases:
            value = base.value
            name = (
                value.value
                if isinstance(value, cst.Name)
                else (value.attr.value if isinstance(value, cst.Attribute) else "")
            )
            other = classes.get(name)
            if other is not None and other is not cls:
                a, b = find(id(cls)), find(id(other))
                if a != b:
                    root[max(a, b)] = min(a, b)
    return {key: find(key) for key in root}


def to_suggestion(candidate: Candidate, name: str) -> Suggestion:
    return Suggestion(
        start_line=candidate.start_line,
        end_line=candidate.end_line,
        sloc=candidate.sloc,
        cyclomatic=candidate.cyclomatic,
        params=candidate.params,
        returns=candidate.returns,
        name=name,
        kind=candidate.kind,
        is_async=candidate.is_async,
        score=candidate.score,
        concerns=candidate.concerns,
    )


def suggest_for_module(
    module: cst.Module,
    lines: LineIndex,
    functions: Sequence[FunctionMetrics],
    min_sloc: int = SLOC_FLOOR,
    limit: int = MAX_SUGGESTIONS,
    known: Mapping[int, FunctionFacts] | None = None,
) -> dict[int, tuple[Suggestion, ...]]:
    """Suggestions by `def` line for the functions above `min_sloc`; never raises.

    `known`: the facts `metrics.shape.measure_long_functions` computed with the same
    `min_sloc`, by id of the `def` node: every long function's, in module order, but for
    those whose facts raised (they would raise here again), so the module is not searched
    for its `def`s a second time.
    """
    long_functions = {f.line: f for f in functions if f.sloc > min_sloc}
    if not long_functions:
        return {}
    analysed: list[tuple[FunctionMetrics, FunctionFacts, list[Candidate]]] = []
    defs = (
        iter_functions(module)
        if known is None
        else ((facts.function, facts.ancestors) for facts in known.values())
    )
    for node, ancestors in defs:
        metrics = long_functions.get(lines.line_of(node))
        if metrics is None:
            continue
        try:
            facts = (known or {}).get(id(node)) or function_facts(node, ancestors, lines)
            chosen = best_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans, limit)
            analysed.append((metrics, facts, chosen))
        except Exception:  # RecursionError included: the metrics stand without suggestions
            continue
    return name_suggestions(module, analysed)


def name_suggestions(
    module: cst.Module, analysed: Sequence[tuple[FunctionMetrics, FunctionFacts, Sequence[Candidate]]]
) -> dict[int, tuple[Suggestion, ...]]:
    """Name the chosen candidates: suggestions by `def` line.

    Every name avoids the module's top-level names and every name the long functions use
    (`codesmell extract` checks against every identifier of the file); names proposed for
    one scope (the module for functions, a class family for methods) avoid each other only.
    """
    taken = top_level_names(module.body)
    for _, facts, _ in analysed:
        taken |= facts.identifiers
    families = class_families(module) if any(c.kind == "method" for _, _, cs in analysed for c in cs) else {}
    proposed: dict[int, set[str]] = {}
    found: dict[int, tuple[Suggestion, ...]] = {}
    for metrics, facts, chosen in analysed:
        suggestions = []
        for candidate in chosen:
            scope = proposed.setdefault(name_scope(facts, candidate, families), set())
            name = propose_name(
                candidate.block.statements,
                candidate.returns,
                facts.function.name.value,
                taken | scope,
                self_name=facts.self_name,
                owner=cls.name.value if (cls := facts.parent_class) is not None else "",
            )
            scope.add(name)
            suggestions.append(to_suggestion(candidate, name))
        if suggestions:
            found[metrics.line] = tuple(suggestions)
    return found
