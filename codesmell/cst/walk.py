"""A read-only traversal of a LibCST tree for visitors that only look at code.

`CSTNode.visit` is built for transformers: for every node it rebuilds the node
from its (possibly replaced) children, which runs the dataclass constructor and
LibCST's validation again, and it wraps each attribute in generator helpers.
For a `CSTVisitor` all of that is thrown away. `walk_code` calls the visitor's
hooks on the same nodes in the same order, reading the children in place, and
leaves out the fields that hold only whitespace, comments and punctuation.

The attributes each node type visits, and their order, are taken from LibCST
itself: the first node of each type is run once through its own
`_visit_and_replace_children` with a recorder, and the list is reused
(`VISIT_ORDER`). `SOURCE_ORDER` walks the same attributes in dataclass
declaration order, the order the graph and Extract Method passes number their
facts by. This is the only tree walk of the metrics, graph and extract passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import libcst as cst

from codesmell.cst.fields import SKIPPED_FIELDS, semantic_fields

_DEFAULT = cst.MaybeSentinel.DEFAULT


class _FieldRecorder(cst.CSTVisitor):
    """Records the attribute names LibCST's own traversal visits, in its order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False  # the node being recorded only, not its children

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.fields.append(attribute)


# Per node type, the attributes `CSTNode.visit` descends into, in its order.
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}

# The only attributes LibCST visits conditionally: it skips them (hooks included)
# when they are None. Both are the last attribute their node visits.
_ONLY_IF_PRESENT: dict[type, str] = {
    kind: "format_spec"
    for kind in (
        getattr(cst, "FormattedStringExpression", None),
        getattr(cst, "TemplatedStringExpression", None),
    )
    if kind is not None
}


def child_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The attributes LibCST's traversal visits on nodes of `node`'s type, in order."""
    kind = type(node)
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        # Each `_visit_and_replace_children` visits a fixed list of attributes: a few
        # choose between a node and a sequence for one attribute, under the same name.
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        optional = _ONLY_IF_PRESENT.get(kind)
        if optional is not None and optional not in recorder.fields:
            recorder.fields.append(optional)
        fields = _CHILD_FIELDS[kind] = tuple(recorder.fields)
    return fields


# Per node type, the attributes of `_CHILD_FIELDS` that can hold code.
_CODE_FIELDS: dict[type, tuple[str, ...]] = {}


def code_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """`child_fields` without those that only hold whitespace, comments or punctuation."""
    kind = type(node)
    fields = _CODE_FIELDS.get(kind)
    if fields is None:
        fields = _CODE_FIELDS[kind] = tuple(
            name
            for name in child_fields(node)
            if name not in SKIPPED_FIELDS and not name.startswith("whitespace")
        )
    return fields


class FieldOrder:
    """The code fields of each node type, in one order, built on the first node of each type.

    `VISIT_ORDER` is LibCST's own (`CSTNode.visit`, which the metrics visitor was
    written against); `SOURCE_ORDER` is the dataclass declaration order, which the
    graph facts (call and binding order, `<lambda#N>` numbering) and the Extract
    Method positions were written against. They hold the same fields and differ in
    order for a few node types (`IfExp`, `Arg`, `FunctionDef`, `Subscript`, ...).
    """

    def __init__(
        self, name: str, build: Callable[[cst.CSTNode], tuple[str, ...]], table: dict[type, tuple[str, ...]]
    ) -> None:
        self.name = name
        self._build = build
        self.table = table

    def fields(self, node: cst.CSTNode) -> tuple[str, ...]:
        fields = self.table.get(type(node))
        if fields is None:
            fields = self.table[type(node)] = self._build(node)
        return fields

    def __repr__(self) -> str:
        return self.name


def _source_fields(node: cst.CSTNode) -> tuple[str, ...]:
    """`code_fields` in dataclass declaration order."""
    visited = frozenset(code_fields(node))
    return tuple(name for name in semantic_fields(type(node)) if name in visited)


VISIT_ORDER = FieldOrder("VISIT_ORDER", code_fields, _CODE_FIELDS)
SOURCE_ORDER = FieldOrder("SOURCE_ORDER", _source_fields, {})


@dataclass(frozen=True)
class CodeHooks:
    """What `walk_code` calls besides walking.

    `attributes`: the (node type, attribute) pairs whose `on_visit_attribute` /
    `on_leave_attribute` matter. `visit` / `leave`: the visitor's hooks by node
    type, called as `hook(visitor, node)` instead of `on_visit` / `on_leave`
    (two calls saved per node, most of which have no hook); a visit hook that
    returns False prunes the node's children (its leave hook is still called).
    None: call `on_visit` / `on_leave` for every node, as LibCST does.
    """

    attributes: Mapping[type, frozenset[str]]
    visit: Mapping[type, Callable[[Any, Any], bool | None]] | None = None
    leave: Mapping[type, Callable[[Any, Any], object]] | None = None


def walk_code(node: cst.CSTNode, visitor: Any, hooks: CodeHooks, order: FieldOrder = VISIT_ORDER) -> None:
    """Visit `node`'s code with `visitor`, in `order`, without rebuilding anything.

    Whitespace, comments and punctuation are about two thirds of a tree's nodes;
    this walk does not enter the fields that hold only those (`cst.fields`), and
    calls the attribute hooks only for the pairs in `hooks.attributes`. In
    `VISIT_ORDER`, a visitor with hooks for neither sees what
    `node.visit(visitor)` would show it.
    """
    walker = _WALKERS.get((id(hooks), order.name))
    if walker is None or walker[0] is not hooks:
        walker = _WALKERS[(id(hooks), order.name)] = (hooks, _walker(hooks, order))
    walker[1](node, visitor)


# One walk function per (hooks, order), kept with its hooks (so the id is not reused).
_WALKERS: dict[tuple[int, str], tuple[CodeHooks, Callable[[cst.CSTNode, Any], None]]] = {}

# What the walk does at a node of one type: (fields in order, hooked attributes, visit hook,
# leave hook); one dictionary look-up per node instead of four.
_Plan = tuple[tuple[str, ...], "frozenset[str] | None", "Callable[[Any, Any], object] | None",
              "Callable[[Any, Any], object] | None"]


def _walker(hooks: CodeHooks, order: FieldOrder) -> Callable[[cst.CSTNode, Any], None]:
    """The recursive walk for `hooks` in `order`, with a plan per node type built on first sight."""
    visit, leave, attributes = hooks.visit, hooks.leave, hooks.attributes
    plans: dict[type, _Plan] = {}

    def plan_of(node: cst.CSTNode) -> _Plan:
        kind = type(node)
        plan = plans[kind] = (
            order.fields(node),
            attributes.get(kind),
            None if visit is None else visit.get(kind),
            None if leave is None else leave.get(kind),
        )
        return plan

    def walk(node: cst.CSTNode, visitor: Any) -> None:
        plan = plans.get(type(node))
        fields, hooked, enter_hook, leave_hook = plan_of(node) if plan is None else plan
        if visit is None:
            enter = visitor.on_visit(node)
        else:
            enter = enter_hook is None or enter_hook(visitor, node) is not False
        if enter:
            for attribute in fields:
                value = getattr(node, attribute)
                announced = hooked is not None and attribute in hooked
                if announced:
                    visitor.on_visit_attribute(node, attribute)
                if type(value) is tuple or type(value) is list:
                    for child in value:
                        walk(child, visitor)
                elif value is not None and value is not _DEFAULT:
                    walk(value, visitor)
                if announced:
                    visitor.on_leave_attribute(node, attribute)
        if leave is None:
            visitor.on_leave(node)
        elif leave_hook is not None:
            leave_hook(visitor, node)

    return walk
