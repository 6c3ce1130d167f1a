"""`walk_code`: a read-only walk in LibCST's order or in source (dataclass field) order, minus the fields that hold only whitespace and punctuation."""

from __future__ import annotations

import dataclasses

import hypothesmith
import libcst as cst
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings

from codesmell.cst.fields import SKIPPED_FIELDS
from codesmell.cst.lines import index_lines
from codesmell.cst.walk import SOURCE_ORDER, VISIT_ORDER, CodeHooks, walk_code
from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor

SAMPLES = [
    "x = (1 +  # why\n     2)\n",
    "@dec\nasync def f(a, /, b=1, *c, d, **e) -> int:\n    '''doc'''\n    async with a as (b, c):\n"
    "        return [y async for y in b if y] or (lambda q: q)(1)\n",
    "class A:\n    def m(self):\n        try:\n            pass\n        except* E as e:\n            raise\n"
    "        match self:\n            case [1, *r] | {'k': v, **rest}: pass\n            case _: pass\n",
    "from .. import (a as b, c)\nfrom .x import *\ndef g():\n    global z\n    z = f'{1!r:>{w}}'\n"
    "    del z\n    assert z, 'm'\n    return 1 if z else 2\n",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    x = {k: v for k, v in y.items() if k}\n",
    "x = 1\n",
    "",
]

HOOKS: dict[type, frozenset[str]] = {cst.If: frozenset(("body", "orelse")), cst.FunctionDef: frozenset(("body",))}

Event = tuple[str, int, str]


def _not_code(attribute: str) -> bool:
    return attribute in SKIPPED_FIELDS or attribute.startswith("whitespace")


class _ByVisit(cst.CSTVisitor):
    """LibCST's own traversal, recording only what `walk_code` should show."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []
        self._hidden = 0  # inside how many fields that hold no code

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not self._hidden:
            self.events.append(("visit", id(node), type(node).__name__))
        return True

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if _not_code(attribute):
            self._hidden += 1
        elif not self._hidden and attribute in HOOKS.get(type(node), ()):
            self.events.append(("attr", id(node), attribute))

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if _not_code(attribute):
            self._hidden -= 1
        elif not self._hidden and attribute in HOOKS.get(type(original_node), ()):
            self.events.append(("leave_attr", id(original_node), attribute))

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if not self._hidden:
            self.events.append(("leave", id(original_node), type(original_node).__name__))


class _ByWalk(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", id(node), type(node).__name__))
        return True

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.events.append(("attr", id(node), attribute))

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        self.events.append(("leave_attr", id(original_node), attribute))

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", id(original_node), type(original_node).__name__))


def _assert_same_events(text: str) -> None:
    module = cst.parse_module(text)
    by_visit, by_walk = _ByVisit(), _ByWalk()
    module.visit(by_visit)
    walk_code(module, by_walk, CodeHooks(HOOKS), VISIT_ORDER)
    assert by_walk.events == by_visit.events


@pytest.mark.parametrize("text", SAMPLES)
def test_walk_code_shows_what_libcst_visits_outside_whitespace_fields(text: str) -> None:
    _assert_same_events(text)


def test_walk_code_never_enters_whitespace_or_punctuation() -> None:
    by_walk = _ByWalk()
    walk_code(cst.parse_module(SAMPLES[0] + SAMPLES[1]), by_walk, CodeHooks(HOOKS))
    seen = {name for _, _, name in by_walk.events}
    assert seen.isdisjoint({"SimpleWhitespace", "ParenthesizedWhitespace", "Newline", "Comment", "Comma", "Add"})
    assert {"Name", "Integer", "BinaryOperation", "FunctionDef", "Lambda"} <= seen


GENERATED = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def _same_events_if_parsable(text: str) -> None:
    try:
        cst.parse_module(text)
    except Exception:  # hypothesmith can emit what its own renderer cannot re-read
        return
    _assert_same_events(text)


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")  # hypothesmith compiles its programs
@settings(GENERATED, max_examples=12)  # hypothesmith is slow; the slow suite draws 40
@given(hypothesmith.from_node())
def test_walk_code_matches_libcst_on_generated_programs(text: str) -> None:
    _same_events_if_parsable(text)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")
@settings(GENERATED, max_examples=40)
@given(hypothesmith.from_node())
def test_walk_code_matches_libcst_on_many_generated_programs(text: str) -> None:
    _same_events_if_parsable(text)


def test_walk_code_and_visit_give_the_same_metrics_on_this_repository() -> None:
    for path in sorted((REPO / "codesmell").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        module = cst.parse_module(text)
        line_count = text.count("\n") + 1
        lines = index_lines(module, line_count)
        by_visit = FunctionMetricsVisitor(lines, line_count)
        module.visit(by_visit)
        by_walk = FunctionMetricsVisitor(lines, line_count)
        walk_code(module, by_walk, CODE_HOOKS)
        assert by_walk.results == by_visit.results, path


class _PruningRecorder(_ByWalk):
    def on_visit(self, node: cst.CSTNode) -> bool:
        super().on_visit(node)
        return not isinstance(node, cst.Lambda)


def test_a_false_on_visit_prunes_the_subtree() -> None:
    by_walk = _PruningRecorder()
    walk_code(cst.parse_module("f = lambda q: q + 1\ng = h\n"), by_walk, CodeHooks(HOOKS))
    names = [name for kind, _, name in by_walk.events if kind == "visit"]
    assert "Lambda" in names and "BinaryOperation" not in names and "Param" not in names
    assert names[-1] == "Name"  # the walk goes on after the pruned subtree


class _BySource:
    """The order the graph collector and the Extract Method walkers used before `walk_code`:
    dataclass fields in declaration order, nodes and sequences of nodes, code fields only."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def walk(self, node: cst.CSTNode) -> None:
        self.events.append(("visit", id(node), type(node).__name__))
        for f in dataclasses.fields(node):
            if _not_code(f.name):
                continue
            value = getattr(node, f.name)
            for child in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(child, cst.CSTNode):
                    self.walk(child)
        self.events.append(("leave", id(node), type(node).__name__))


def _assert_source_order(text: str) -> None:
    """`SOURCE_ORDER` shows the nodes the dataclass-order walk shows, in its order."""
    module = cst.parse_module(text)
    by_source, by_walk = _BySource(), _ByWalk()
    by_source.walk(module)
    walk_code(module, by_walk, CodeHooks({}), SOURCE_ORDER)
    assert by_walk.events == by_source.events


@pytest.mark.parametrize("text", SAMPLES)
def test_source_order_is_dataclass_field_order(text: str) -> None:
    _assert_source_order(text)


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")
@settings(GENERATED, max_examples=12)
@given(hypothesmith.from_node())
def test_source_order_is_dataclass_field_order_on_generated_programs(text: str) -> None:
    try:
        cst.parse_module(text)
    except Exception:  # hypothesmith can emit what its own renderer cannot re-read
        return
    _assert_source_order(text)


def test_the_two_orders_walk_the_same_fields_and_differ_where_libcst_reorders() -> None:
    module = cst.parse_module("".join(SAMPLES) + "y = a if b else c\nz = w[1:2]\nf(k=v)\n")
    for node in {type(node): node for node in _nodes(module)}.values():
        assert set(VISIT_ORDER.fields(node)) == set(SOURCE_ORDER.fields(node)), type(node)
    # `IfExp` is declared test, body, orelse; LibCST visits it in source text order.
    assert SOURCE_ORDER.table[cst.IfExp] == ("test", "body", "orelse")
    assert VISIT_ORDER.table[cst.IfExp] == ("body", "test", "orelse")
    # `Arg` is declared value, keyword; the keyword comes first in the text.
    assert SOURCE_ORDER.table[cst.Arg] == ("value", "keyword")
    assert VISIT_ORDER.table[cst.Arg] == ("keyword", "value")


def _nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = [node]
    for child in node.children:
        found.extend(_nodes(child))
    return found


class _Hooked:
    """Hooks by node type: records the visit and leave calls it gets."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def enter(self, node: cst.CSTNode) -> None:
        self.events.append(("visit", type(node).__name__))

    def enter_lambda(self, node: cst.Lambda) -> bool:
        self.events.append(("visit", "Lambda"))
        return False

    def leave(self, node: cst.CSTNode) -> None:
        self.events.append(("leave", type(node).__name__))


_BY_TYPE = CodeHooks(
    {},
    visit={cst.Lambda: _Hooked.enter_lambda, cst.BinaryOperation: _Hooked.enter, cst.Name: _Hooked.enter},
    leave={cst.Lambda: _Hooked.leave, cst.BinaryOperation: _Hooked.leave, cst.Assign: _Hooked.leave},
)


@pytest.mark.parametrize("order", [VISIT_ORDER, SOURCE_ORDER], ids=repr)
def test_a_visit_hook_returning_false_prunes_but_the_leave_hook_runs(order: object) -> None:
    hooked = _Hooked()
    walk_code(cst.parse_module("f = lambda q: q + 1\ng = h\n"), hooked, _BY_TYPE, order)  # type: ignore[arg-type]
    assert hooked.events == [
        ("visit", "Name"),  # f
        ("visit", "Lambda"),  # its parameter and body (q + 1) are not walked
        ("leave", "Lambda"),
        ("leave", "Assign"),
        ("visit", "Name"),  # g
        ("visit", "Name"),  # h: the walk goes on after the pruned subtree
        ("leave", "Assign"),
    ]


def test_leave_hooks_run_after_the_children_in_the_walk_order() -> None:
    module = cst.parse_module("x = (a + b) if c else d\n")
    by_visit, by_source = _Hooked(), _Hooked()
    walk_code(module, by_visit, _BY_TYPE, VISIT_ORDER)
    walk_code(module, by_source, _BY_TYPE, SOURCE_ORDER)
    inner = [("visit", "BinaryOperation"), ("visit", "Name"), ("visit", "Name"), ("leave", "BinaryOperation")]
    # VISIT order: x, then the IfExp's body (a + b), test c, orelse d; SOURCE order: test c first.
    assert by_visit.events == [("visit", "Name"), *inner, ("visit", "Name"), ("visit", "Name"), ("leave", "Assign")]
    assert by_source.events == [("visit", "Name"), ("visit", "Name"), *inner, ("visit", "Name"), ("leave", "Assign")]
