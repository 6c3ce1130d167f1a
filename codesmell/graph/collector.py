"""One walk of a LibCST tree collecting `ModuleFacts`.

This is not a `libcst.CSTVisitor` pass: that rebuilds every node on the way
back up (`_visit_and_replace_children`), which costs about 12 s over the
standard library, half as much as parsing it. `cst.walk.walk_code` reads the
fields in place, skipping whitespace and punctuation, in about 1 s; it walks
in `SOURCE_ORDER` (dataclass field order), which fixes the order of calls and
bindings and the `<lambda#N>` numbering of the graph document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

from codesmell.cst.lines import LineIndex
from codesmell.cst.names import target_names
from codesmell.cst.walk import SOURCE_ORDER, CodeHooks, walk_code
from codesmell.graph.facts import (
    ALIAS,
    CLASS,
    CLS,
    COMPREHENSION,
    DEF,
    FUNCTION,
    GLOBAL,
    LAMBDA,
    NONLOCAL,
    OPAQUE,
    SELF,
    SUPER,
    BindingFact,
    CallFact,
    ImportFact,
    ModuleFacts,
    ScopeFact,
    resolve_relative,
)
from codesmell.graph.flows import (
    ASSIGN,
    CALL_SITE,
    DEFINE,
    ELEMENTS,
    EVALUATE,
    FOR,
    PARAM_DEFAULT,
    PARAMS,
    RAISE,
    RETURN,
    VERSIONS,
    WITH,
    YIELD,
    YIELD_FROM,
)

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
_CLASS_FIRST_PARAM = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})

_Handler = Callable[["_Collector", cst.CSTNode], bool]
_Scopeish = cst.FunctionDef | cst.ClassDef


def chain_of(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a dotted name, `super().m` for a zero-argument super call, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    elif (
        parts
        and isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Name)
        and node.func.value == "super"
    ):
        parts.append(SUPER)
    else:
        return None
    parts.reverse()
    return ".".join(parts)


def _base_chain(node: cst.BaseExpression) -> str:
    """A class base as a dotted chain; `Base[T]` counts as `Base`."""
    if isinstance(node, cst.Subscript):
        node = node.value
    chain = chain_of(node)
    return chain if chain is not None and not chain.startswith(SUPER) else ""


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_error(caught: cst.BaseExpression | None) -> bool:
    """`except ImportError`, `except (ModuleNotFoundError, OSError)`, `except Exception`, a bare `except`."""
    if caught is None:
        return True
    elements = [element.value for element in caught.elements] if type(caught) is cst.Tuple else [caught]
    for element in elements:
        chain = chain_of(element)
        if chain is not None and chain.rsplit(".", 1)[-1] in _IMPORT_ERRORS:
            return True
    return False


def _is_type_checking(test: cst.BaseExpression) -> bool:
    chain = chain_of(test)
    return chain is not None and (chain == "TYPE_CHECKING" or chain.endswith(".TYPE_CHECKING"))


def _literal_names(node: cst.BaseExpression) -> list[str] | None:
    """The strings of a literal list/tuple such as `__all__ = ["a", "b"]`."""
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    names: list[str] = []
    for element in node.elements:
        value = element.value
        if not isinstance(value, cst.SimpleString):
            return None
        evaluated = value.evaluated_value
        if not isinstance(evaluated, str):
            return None
        names.append(evaluated)
    return names


_PENDING_LAMBDA = "l?"  # (_PENDING_LAMBDA, id(node)) until the walk numbers the lambda


def _constant_key(node: cst.BaseExpression) -> str | int | None:
    """A literal string or non-negative integer used as a container key, else None."""
    kind = type(node)
    if kind is cst.Integer:
        value = node.evaluated_value  # type: ignore[attr-defined]
        return value if isinstance(value, int) else None
    if kind is cst.SimpleString:
        value = node.evaluated_value  # type: ignore[attr-defined]
        return value if isinstance(value, str) else None
    return None


def _subscript_key(node: cst.Subscript) -> str | int | None:
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    return _constant_key(index.value) if type(index) is cst.Index else None


_EXITS = (cst.Return, cst.Raise, cst.Continue, cst.Break)


def _exits(body: cst.BaseSuite) -> bool:
    """Whether a suite always leaves the block it is in (its last statement returns, raises, ...)."""
    statements = body.body
    if not statements:
        return False
    last = statements[-1]
    if type(body) is cst.SimpleStatementSuite:
        return type(last) in _EXITS
    if type(last) is not cst.SimpleStatementLine:
        return False
    return bool(last.body) and type(last.body[-1]) in _EXITS


def _union(left: Any, right: Any) -> Any:
    if left is None:
        return right
    if right is None:
        return left
    return ("u", (left, right))


def _top_assignments(body: Any) -> set[int]:
    """Ids of the assignments written directly in a scope's body, outside any compound statement.

    Only their names get versions (README "What call resolution resolves"): code that runs
    between two of them runs straight through, so a read sees the last one before it.
    """
    found: set[int] = set()
    if body is None:
        return found
    statements = body.body
    if type(body) is cst.SimpleStatementSuite:
        statements = (body,)
    for statement in statements:
        if type(statement) is cst.SimpleStatementLine or type(statement) is cst.SimpleStatementSuite:
            for small in statement.body:
                if type(small) is cst.Assign or type(small) is cst.AnnAssign:
                    found.add(id(small))
    return found


class _FlowScope:
    """Per-scope state of the light flow sensitivity: versions of locals and active type guards."""

    __slots__ = ("bad", "conditions", "counter", "current", "guards", "none_params", "pending", "qualname", "top")

    def __init__(self, qualname: str, body: Any) -> None:
        self.qualname = qualname
        self.top = _top_assignments(body)
        self.current: dict[str, int] = {}  # name -> version a read sees now
        self.counter: dict[str, int] = {}  # name -> versions made so far
        self.pending: dict[int, list[tuple[str, int]]] = {}  # assignment -> versions it makes current
        self.bad: set[str] = set()  # names bound some other way: never versioned
        self.guards: dict[Any, tuple[str, Any]] = {}  # guarded expression -> (its chain, guard)
        self.none_params: frozenset[str] = frozenset()  # parameters whose default is `None`
        self.conditions: dict[str, bool] = {}  # such a parameter -> whether it is None where the walk is

    def versioned(self) -> tuple[str, ...]:
        return tuple(sorted(name for name in self.counter if name not in self.bad))

    def drop_guards(self, chain: str) -> None:
        """A binding of `chain` (or of a prefix of it) ends the guards on it."""
        if self.guards:
            prefix = chain + "."
            for key, (guarded, _) in list(self.guards.items()):
                if guarded == chain or guarded.startswith(prefix):
                    del self.guards[key]


class _Collector:
    """Walks the tree keeping a stack of scopes; see `ModuleFacts` for the output."""

    def __init__(
        self,
        module_name: str,
        is_package: bool,
        lines: LineIndex | None = None,
        text_lines: Sequence[str] | None = None,
    ) -> None:
        self.module_name = module_name
        self.is_package = is_package
        self.lines = lines
        self.text_lines = text_lines
        self.stack: list[tuple[str, str]] = [("", "module")]
        self.type_checking = 0
        self.pseudo_count = 0
        self.imports: list[ImportFact] = []
        self.scopes: list[ScopeFact] = []
        self.bindings: dict[BindingFact, None] = {}
        self.calls: dict[tuple[str, str], int] = {}
        self.dynamic_calls = 0
        self.all_names: list[str] | None = None
        self.all_known = True
        # Points-to flow facts (`codesmell.graph.flows`): encoded expressions are
        # memoised per node so a call met again by the walk is not recorded twice.
        self.flows: list[tuple[Any, ...]] = []
        self.memo: dict[int, Any] = {}
        self.sites = 0
        self.lambda_names: dict[int, str] = {}
        self.comprehension_sites: dict[int, int] = {}
        self.placeholders = False
        self.flow_scopes: list[_FlowScope] = [_FlowScope("", None)]
        self.global_names: set[str] = set()
        self.block_guards: list[dict[Any, tuple[str, Any]]] = []
        self.block_conditions: list[dict[str, bool]] = []
        # ImportError-guarded `try` bodies being walked: (their scope, indices of their `from` imports)
        self.guarded_tries: list[tuple[str, list[int]]] = []
        # (scope, name) -> guarded imports of it, whose guard a later binding of the name lifts
        self.accelerators: dict[tuple[str, str], list[int]] = {}

    # -- traversal -----------------------------------------------------------

    def walk(self, node: cst.CSTNode) -> None:
        """Walk `node`'s code in source order, through the handlers below."""
        walk_code(node, self, _HOOKS, SOURCE_ORDER)

    # -- scopes and bindings -------------------------------------------------

    @property
    def scope(self) -> str:
        return self.stack[-1][0]

    def child_qualname(self, name: str) -> str:
        qualname, kind = self.stack[-1]
        if not qualname:
            return name
        return f"{qualname}.{name}" if kind == CLASS else f"{qualname}.<locals>.{name}"

    def bind(
        self, name: str, kind: str = OPAQUE, target: str = "", scope: str | None = None, versioned: bool = False
    ) -> None:
        """Record a binding; any but a parameter or a straight-line assignment stops versioning `name`."""
        fact = BindingFact(self.scope if scope is None else scope, name, kind, target)
        self.bindings[fact] = None
        flow = self.flow_scopes[-1]
        if scope is not None:
            for candidate in reversed(self.flow_scopes):
                if candidate.qualname == scope:
                    flow = candidate
                    break
        flow.drop_guards(name)
        if name in flow.none_params:  # its value is no longer the call's (nor its default)
            flow.none_params = flow.none_params - {name}
            flow.conditions.pop(name, None)
        if self.accelerators:
            self.lift_guards(fact.scope, name)
        if not versioned:
            flow.bad.add(name)
            if kind == GLOBAL:
                self.global_names.add(name)
            elif kind == NONLOCAL:
                for outer in self.flow_scopes[1:-1]:
                    outer.bad.add(name)

    def bind_targets(self, node: cst.CSTNode) -> None:
        for name in target_names(node):
            self.bind(name.value)

    def push_pseudo(self, kind: str, label: str, qualname: str | None = None) -> None:
        if qualname is None:
            self.pseudo_count += 1
            qualname = self.child_qualname(f"<{label}#{self.pseudo_count}>")
        self.scopes.append(ScopeFact(qualname, kind, self.scope))
        self.push_scope(qualname, kind, None)

    def push_scope(self, qualname: str, kind: str, body: Any) -> None:
        self.stack.append((qualname, kind))
        self.flow_scopes.append(_FlowScope(qualname, body))

    def pop_scope(self) -> None:
        self.stack.pop()
        flow = self.flow_scopes.pop()
        if flow.counter:
            names = flow.versioned()
            if names:
                self.flows.append((VERSIONS, flow.qualname, names))

    # -- flow facts (points-to) ------------------------------------------------

    def lambda_name(self, node: cst.Lambda) -> str:
        """The lambda's `<lambda#N>` name, numbered when the walk reaches it (source order)."""
        name = self.lambda_names.get(id(node))
        if name is None:
            self.pseudo_count += 1
            name = self.lambda_names[id(node)] = self.child_qualname(f"<lambda#{self.pseudo_count}>")
        return name

    def lambda_ref(self, node: cst.Lambda) -> Any:
        """A lambda met by the encoder before the walk numbered it: a placeholder, named in `result`."""
        name = self.lambda_names.get(id(node))
        if name is not None:
            return ("l", name)
        self.placeholders = True
        return (_PENDING_LAMBDA, id(node))

    def expr(self, node: cst.BaseExpression) -> Any:
        """`node` encoded as in `codesmell.graph.flows`, or None for a value no flow tracks."""
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        encoded = self._expr(node)
        self.memo[key] = encoded
        return encoded

    def _expr(self, node: cst.BaseExpression) -> Any:
        kind = type(node)
        if kind is cst.Name:
            flow = self.flow_scopes[-1]
            name = node.value  # type: ignore[attr-defined]
            version = flow.current.get(name)
            read = ("n", name) if version is None else ("n", name, version)
            if flow.guards:
                guarded = flow.guards.get(read)
                if guarded is not None:
                    return ("k", read, guarded[1])
            return read
        if kind is cst.Attribute:
            base = self.expr(node.value)  # type: ignore[attr-defined]
            if base is None:
                return None
            read = ("a", base, node.attr.value)  # type: ignore[attr-defined]
            guards = self.flow_scopes[-1].guards
            if guards:
                guarded = guards.get(read)
                if guarded is not None:
                    return ("k", read, guarded[1])
            return read
        if kind is cst.Call:
            return self.call_site(node)  # type: ignore[arg-type]
        if kind is cst.Subscript:
            base = self.expr(node.value)  # type: ignore[attr-defined]
            if base is None:
                return None
            if any(type(element.slice) is cst.Slice for element in node.slice):  # type: ignore[attr-defined]
                return base  # `xs[1:]` holds the elements of `xs`, not an element (nor a string's letters)
            return ("s", base, _subscript_key(node))  # type: ignore[arg-type]
        if kind is cst.Lambda:
            return self.lambda_ref(node)  # type: ignore[arg-type]
        if kind is cst.Tuple or kind is cst.List or kind is cst.Set:
            self.sites += 1
            site = self.sites
            elements = tuple(
                ("*", self.expr(e.value)) if type(e) is cst.StarredElement else self.expr(e.value)
                for e in node.elements  # type: ignore[attr-defined]
            )
            if kind is cst.Tuple and not any(elements):
                return None  # a tuple of literals and arithmetic never holds anything: no value to track
            return ("t", site, elements)
        if kind is cst.Dict:
            self.sites += 1
            site = self.sites
            items: list[tuple[Any, Any]] = []
            for element in node.elements:  # type: ignore[attr-defined]
                if type(element) is cst.DictElement:
                    items.append((_constant_key(element.key), self.expr(element.value)))
            return ("d", site, tuple(items))
        if kind is cst.IfExp:
            return _union(self.expr(node.body), self.expr(node.orelse))  # type: ignore[attr-defined]
        if kind is cst.BooleanOperation:
            return _union(self.expr(node.left), self.expr(node.right))  # type: ignore[attr-defined]
        if kind in _COMPREHENSIONS:
            return ("t", self.comprehension_site(node), ())
        if kind is cst.Await:
            return self.expr(node.expression)  # type: ignore[attr-defined]
        if kind is cst.NamedExpr:
            return self.expr(node.value)  # type: ignore[attr-defined]
        return None

    def call_site(self, node: cst.Call) -> Any:
        func = node.func
        if type(func) is cst.Name and func.value == "super":
            if not node.args:
                return ("S",)
            if len(node.args) == 2 and not any(arg.keyword or arg.star for arg in node.args):
                return ("S", self.expr(node.args[0].value), self.expr(node.args[1].value))
        callee = self.expr(func)
        self.sites += 1
        site = self.sites
        args: list[Any] = []
        keywords: list[tuple[str | None, Any]] = []
        for arg in node.args:
            value = self.expr(arg.value)
            if arg.keyword is not None:
                keywords.append((arg.keyword.value, value))
            elif arg.star == "*":
                args.append(("*", value))
            elif arg.star == "**":
                keywords.append((None, value))
            else:
                args.append(value)
        if callee is not None:
            self.flows.append((CALL_SITE, self.scope, site, callee, tuple(args), tuple(keywords)))
        if type(func) is cst.Name and args and not keywords:
            # Two builtins whose result a reader follows (shadowing them is not modelled):
            # `next(it)` is the next element, `getattr(obj, "literal")` the attribute.
            if func.value == "next" and len(args) == 1 and args[0] is not None and args[0][0] != "*":
                return ("x", args[0])
            if func.value == "getattr" and len(args) in (2, 3) and args[0] is not None:
                name = node.args[1].value
                if type(name) is cst.SimpleString and isinstance(name.evaluated_value, str):
                    attribute = ("a", args[0], name.evaluated_value)
                    return attribute if len(args) == 2 else _union(attribute, args[2])
        return ("r", site)

    def pattern(self, node: cst.BaseExpression, made: list[tuple[str, int]] | None = None) -> Any:
        """An assignment target: name, attribute, subscript, or (starred) unpacking.

        With `made` (a straight-line assignment), each name gets a new version, listed in `made`.
        """
        kind = type(node)
        if kind is cst.Name:
            name = node.value  # type: ignore[attr-defined]
            if made is not None:
                flow = self.flow_scopes[-1]
                if name not in flow.bad:
                    version = flow.counter.get(name, 0) + 1
                    flow.counter[name] = version
                    made.append((name, version))
                    return ("n", name, version)
            return ("n", name)
        if kind is cst.Attribute:
            base = self.expr(node.value)  # type: ignore[attr-defined]
            return None if base is None else ("a", base, node.attr.value)  # type: ignore[attr-defined]
        if kind is cst.Subscript:
            base = self.expr(node.value)  # type: ignore[attr-defined]
            return None if base is None else ("s", base, _subscript_key(node))  # type: ignore[arg-type]
        if kind is cst.Tuple or kind is cst.List:
            return (
                "u",
                tuple(
                    ("*", self.pattern(e.value, made))
                    if type(e) is cst.StarredElement
                    else self.pattern(e.value, made)
                    for e in node.elements  # type: ignore[attr-defined]
                ),
            )
        return None

    def flow_assign(self, target: cst.BaseExpression, value: Any, made: list[tuple[str, int]] | None = None) -> None:
        flow = self.flow_scopes[-1]
        if flow.guards and type(target) is cst.Attribute:
            chain = chain_of(target)
            if chain is not None:
                flow.drop_guards(chain)
        if value is None:
            if made is not None:
                self.pattern(target, made)  # a new, empty version: `f = g; f = 0` leaves no `g`
            return
        pattern = self.pattern(target, made)
        if pattern is not None:
            self.flows.append((ASSIGN, self.scope, pattern, value))

    def straight_line(self, node: cst.CSTNode) -> list[tuple[str, int]] | None:
        """The version list for an assignment written directly in its scope's body, else None."""
        flow = self.flow_scopes[-1]
        if id(node) not in flow.top:
            return None
        made: list[tuple[str, int]] = []
        flow.pending[id(node)] = made
        return made

    def leave_assign(self, node: cst.CSTNode) -> None:
        """The versions an assignment made are what later reads see (its own value read the old ones)."""
        flow = self.flow_scopes[-1]
        made = flow.pending.pop(id(node), None)
        if made:
            for name, version in made:
                flow.current[name] = version

    def flow_params(self, qualname: str, params: cst.Parameters) -> None:
        positional = tuple(p.name.value for p in (*params.posonly_params, *params.params))
        keyword = tuple(p.name.value for p in params.kwonly_params)
        star = params.star_arg.name.value if isinstance(params.star_arg, cst.Param) else None
        double = params.star_kwarg.name.value if params.star_kwarg is not None else None
        self.flows.append((PARAMS, qualname, positional, keyword, star, double))
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                value = self.expr(param.default)
                if value is not None:
                    self.flows.append((PARAM_DEFAULT, self.scope, qualname, param.name.value, value))

    def record_call(self, chain: str) -> None:
        key = (self.scope, chain)
        self.calls[key] = self.calls.get(key, 0) + 1

    # -- definitions -----------------------------------------------------------

    def enter_definition(self, node: _Scopeish, kind: str, bases: tuple[str, ...]) -> str:
        """Record the definition and evaluate what runs in the enclosing scope.

        Under `if TYPE_CHECKING:` nothing runs: the definition is a scope of its own, but neither
        its decorators are called nor is its name bound to it (`def instance_state(...): ...` there,
        `instance_state = operator.attrgetter(...)` in the `else:`: the call is the run-time one's).
        """
        if self.type_checking:
            qualname = self.child_qualname(node.name.value)
            self.scopes.append(ScopeFact(qualname, kind, self.scope, bases, ()))
            return qualname
        decorators: list[str] = []
        applied: list[Any] = []
        for decorator in node.decorators:
            expression = decorator.decorator
            chain = chain_of(expression)
            if chain is not None:  # `@dec` calls dec(f) where the def runs
                decorators.append(chain)
                self.record_call(chain)
            else:
                inner = chain_of(expression.func) if isinstance(expression, cst.Call) else None
                decorators.append(inner or "")
            applied.append(self.expr(expression))
            if chain is None:
                self.walk(expression)
        qualname = self.child_qualname(node.name.value)
        self.bind(node.name.value, DEF, qualname)
        self.scopes.append(ScopeFact(qualname, kind, self.scope, bases, tuple(decorators)))
        self.flows.append((DEFINE, self.scope, node.name.value, qualname, tuple(applied)))
        return qualname

    def visit_function(self, node: cst.FunctionDef) -> bool:
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.walk(param.default)
        parent_kind = self.stack[-1][1]
        qualname = self.enter_definition(node, FUNCTION, ())
        self.flow_params(qualname, params)
        self.push_scope(qualname, FUNCTION, node.body)
        first_role = OPAQUE
        if parent_kind == CLASS:
            first_role = self._method_role(node)
        positional = (*params.posonly_params, *params.params)
        for index, param in enumerate(positional):
            if index == 0 and first_role != OPAQUE:
                self.bind(param.name.value, first_role, self.stack[-2][0], versioned=True)
            else:
                self.bind(param.name.value, versioned=True)
        for param in params.kwonly_params:
            self.bind(param.name.value, versioned=True)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.bind(star.name.value, versioned=True)
        self.flow_scopes[-1].none_params = frozenset(
            param.name.value
            for param in (*params.posonly_params, *params.params, *params.kwonly_params)
            if type(param.default) is cst.Name and param.default.value == "None"
        )
        self.walk(node.body)
        self.pop_scope()
        return False

    @staticmethod
    def _method_role(node: cst.FunctionDef) -> str:
        names = {chain_of(d.decorator) or "" for d in node.decorators}
        last = {name.rsplit(".", 1)[-1] for name in names}
        if "staticmethod" in last:
            return CLS if node.name.value == "__new__" else OPAQUE
        if "classmethod" in last or node.name.value in _CLASS_FIRST_PARAM:
            return CLS
        return SELF

    def visit_class(self, node: cst.ClassDef) -> bool:
        bases: list[str] = []
        for arg in node.bases:
            self.walk(arg.value)
            bases.append("" if arg.star else _base_chain(arg.value))
        for arg in node.keywords:
            self.walk(arg.value)
        qualname = self.enter_definition(node, CLASS, tuple(bases))
        self.push_scope(qualname, CLASS, node.body)
        self.walk(node.body)
        self.pop_scope()
        return False

    def visit_lambda(self, node: cst.Lambda) -> bool:
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.walk(param.default)
        qualname = self.lambda_name(node)
        self.flow_params(qualname, params)
        self.push_pseudo(LAMBDA, "lambda", qualname)
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self.bind(param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.bind(star.name.value)
        body = self.expr(node.body)
        if body is not None:
            self.flows.append((RETURN, qualname, body))
        self.walk(node.body)
        self.pop_scope()
        return False

    def visit_comprehension(self, node: cst.CSTNode) -> bool:
        self.push_pseudo(COMPREHENSION, type(node).__name__.lower())
        # The display the comprehension builds holds its element (a dict comprehension: its values).
        element = node.value if type(node) is cst.DictComp else node.elt  # type: ignore[attr-defined]
        value = self.expr(element)
        if value is not None:
            self.flows.append((ELEMENTS, self.scope, self.comprehension_site(node), value))
        return True

    def comprehension_site(self, node: cst.CSTNode) -> int:
        site = self.comprehension_sites.get(id(node))
        if site is None:
            self.sites += 1
            site = self.comprehension_sites[id(node)] = self.sites
        return site

    def leave_comprehension(self, node: cst.CSTNode) -> None:
        self.pop_scope()

    # -- imports -------------------------------------------------------------

    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """(line, indent of that line) of an imported name; (0, 0) without a line index."""
        if self.lines is None:
            return 0, 0
        line = self.lines.line_of(node)
        text = self.text_lines
        if text is None or not 0 < line <= len(text):
            return line, 0
        row = text[line - 1]
        return line, len(row) - len(row.lstrip(" \t\f"))

    def visit_import(self, node: cst.Import) -> bool:
        for alias in node.names:
            module = chain_of(alias.name) or ""
            asname = alias.evaluated_alias
            line, col = self.position(alias)
            self.imports.append(
                ImportFact(self.scope, module, None, asname, 0, self.type_checking > 0, line, col)
            )
            self.unversion(asname or module.split(".")[0])
        return False

    def unversion(self, name: str) -> None:
        """A binding the flow facts do not see (an import): `name` keeps one node, all its values."""
        flow = self.flow_scopes[-1]
        flow.bad.add(name)
        flow.drop_guards(name)

    def visit_import_from(self, node: cst.ImportFrom) -> bool:
        written = chain_of(node.module) if node.module is not None else None
        level = len(node.relative)
        module = resolve_relative(self.module_name, self.is_package, level, written)
        checking = self.type_checking > 0
        if isinstance(node.names, cst.ImportStar):
            line, col = self.position(node)
            self.imports.append(ImportFact(self.scope, module, "*", None, level, checking, line, col))
            flow = self.flow_scopes[-1]
            flow.bad.update(flow.counter)  # it may rebind any of them
            flow.guards.clear()
            return False
        tries = self.guarded_tries
        guarded = bool(tries) and tries[-1][0] == self.scope
        for alias in node.names:
            name = chain_of(alias.name) or ""
            asname = alias.evaluated_alias
            line, col = self.position(alias)
            if guarded:
                tries[-1][1].append(len(self.imports))
            self.imports.append(ImportFact(self.scope, module, name, asname, level, checking, line, col, guarded))
            self.unversion(asname or name)
        return False

    def visit_try(self, node: cst.Try) -> bool:
        """A `try` that catches ImportError: its `from` imports are guarded (see `ImportFact.guarded`)."""
        if not any(_catches_import_error(handler.type) for handler in node.handlers):
            return True
        self.guarded_tries.append((self.scope, []))
        self.walk(node.body)
        _, indices = self.guarded_tries.pop()
        for handler in node.handlers:
            self.walk(handler)  # the fallback it defines does not lift the guard
        for index in indices:
            fact = self.imports[index]
            self.accelerators.setdefault((fact.scope, fact.bound_name or ""), []).append(index)
        if node.orelse is not None:
            self.walk(node.orelse)
        if node.finalbody is not None:
            self.walk(node.finalbody)
        return False

    def lift_guards(self, scope: str, name: str) -> None:
        """A binding after a guarded import's `try` is what the name ends up as: the import no longer wins."""
        for index in self.accelerators.pop((scope, name), ()):
            self.imports[index] = dataclasses.replace(self.imports[index], guarded=False)

    def visit_if(self, node: cst.If) -> bool:
        if _is_type_checking(node.test):
            self.type_checking += 1
            self.walk(node.body)
            self.type_checking -= 1
            if node.orelse is not None:
                self.walk(node.orelse)
            return False
        tested = self.none_test(node.test)
        if tested is not None:
            self.conditional_walk(node, *tested)
            return False
        body_guards, else_guards = self.guards_of(node.test)
        if not body_guards and not else_guards:
            return True
        self.walk(node.test)
        self.guarded_walk(node.body, body_guards)
        if node.orelse is not None:
            self.guarded_walk(node.orelse, else_guards)
        elif else_guards and _exits(node.body):
            # `if not isinstance(x, C): return` — the rest of the block sees only a C
            guards = self.flow_scopes[-1].guards
            for key, chain, guard in else_guards:
                guards[key] = (chain, guard)
        return False

    def none_test(self, test: cst.BaseExpression) -> tuple[str, bool] | None:
        """`(p, True)` for `if p is None:`, `(p, False)` for `is not None`, `p` a parameter defaulting to None."""
        if type(test) is not cst.Comparison or len(test.comparisons) != 1:
            return None
        left, target = test.left, test.comparisons[0]
        operator = type(target.operator)
        if (
            (operator is cst.Is or operator is cst.IsNot)
            and type(left) is cst.Name
            and left.value in self.flow_scopes[-1].none_params
            and type(target.comparator) is cst.Name
            and target.comparator.value == "None"
        ):
            return left.value, operator is cst.Is
        return None

    def conditional_walk(self, node: cst.If, name: str, is_none: bool) -> None:
        """Walk an `if p is None:` with the returns of each branch marked (RETURN facts, `graph.flows`).

        The optional-function idiom (`def deco(func=None, *, opt=...)`: `@deco` and `@deco(opt=1)`)
        returns a wrapper in one branch and a decorator in the other; which one a call gets depends
        on whether it passes `func` (`PointsTo._holds`). With no `else` and a body that always
        leaves, the rest of the block is the other branch.
        """
        flow = self.flow_scopes[-1]
        self.walk(node.test)
        saved = flow.conditions
        flow.conditions = {**saved, name: is_none}
        self.walk(node.body)
        flow.conditions = {**saved, name: not is_none}
        if node.orelse is not None:
            self.walk(node.orelse)
        flow.conditions = saved
        if node.orelse is None and _exits(node.body):
            flow.conditions = {**saved, name: not is_none}

    def guarded_walk(self, node: cst.CSTNode, guards: list[tuple[Any, str, Any]]) -> None:
        """Walk `node` with reads of the guarded expressions narrowed; bindings inside end a guard."""
        flow = self.flow_scopes[-1]
        saved = flow.guards
        flow.guards = dict(saved)
        for key, chain, guard in guards:
            flow.guards[key] = (chain, guard)
        self.walk(node)
        flow.guards = {key: value for key, value in saved.items() if key in flow.guards}

    def guards_of(self, test: cst.BaseExpression) -> tuple[list[tuple[Any, str, Any]], list[tuple[Any, str, Any]]]:
        """Guards a test puts on its `if` body and on its `else`: (expression, chain, guard) each.

        `isinstance(x, C)` / `isinstance(x, (C, D))` -> ("i", chains); `type(x) is C` or `==`
        -> ("t", chain); `callable(x)` -> ("c",); `not g` -> ("!", g) and the reverse for the
        `else`; `a and b` guards the body with both and the `else` with neither.
        """
        kind = type(test)
        if kind is cst.UnaryOperation and type(test.operator) is cst.Not:  # type: ignore[attr-defined]
            body, orelse = self.guards_of(test.expression)  # type: ignore[attr-defined]
            return orelse, body
        if kind is cst.BooleanOperation:
            if type(test.operator) is not cst.And:  # type: ignore[attr-defined]
                return [], []
            left, _ = self.guards_of(test.left)  # type: ignore[attr-defined]
            right, _ = self.guards_of(test.right)  # type: ignore[attr-defined]
            return left + right, []
        subject: cst.BaseExpression | None = None
        guard: Any = None
        if kind is cst.Call and type(test.func) is cst.Name:  # type: ignore[attr-defined]
            args = test.args  # type: ignore[attr-defined]
            if any(arg.keyword is not None or arg.star for arg in args):
                return [], []
            name = test.func.value  # type: ignore[attr-defined]
            if name == "isinstance" and len(args) == 2:
                classes = args[1].value
                elements = classes.elements if type(classes) is cst.Tuple else None
                chains = (
                    tuple(chain_of(element.value) for element in elements)
                    if elements is not None
                    else (chain_of(classes),)
                )
                if chains and all(chain is not None and not chain.startswith(SUPER) for chain in chains):
                    subject, guard = args[0].value, ("i", chains)
            elif name == "callable" and len(args) == 1:
                subject, guard = args[0].value, ("c",)
        elif kind is cst.Comparison and len(test.comparisons) == 1:  # type: ignore[attr-defined]
            left = test.left  # type: ignore[attr-defined]
            target = test.comparisons[0]  # type: ignore[attr-defined]
            if (
                type(target.operator) in (cst.Is, cst.Equal)
                and type(left) is cst.Call
                and type(left.func) is cst.Name
                and left.func.value == "type"
                and len(left.args) == 1
                and not left.args[0].keyword
                and not left.args[0].star
            ):
                chain = chain_of(target.comparator)
                if chain is not None and not chain.startswith(SUPER):
                    subject, guard = left.args[0].value, ("t", chain)
        if subject is None or (type(subject) is not cst.Name and type(subject) is not cst.Attribute):
            return [], []
        chain = chain_of(subject)
        if chain is None or chain.startswith(SUPER):
            return [], []
        key = self.expr(subject)
        if key is None:
            return [], []
        if key[0] == "k":  # already narrowed by an enclosing guard: this one replaces it
            key = key[1]
        return [(key, chain, guard)], [(key, chain, ("!", guard))]

    def visit_block(self, node: cst.CSTNode) -> bool:
        flow = self.flow_scopes[-1]
        self.block_guards.append(flow.guards)
        flow.guards = dict(flow.guards)
        self.block_conditions.append(flow.conditions)
        return True

    def leave_block(self, node: cst.CSTNode) -> None:
        """Guards an early exit set inside a block end with it (bindings inside it still end outer ones)."""
        flow = self.flow_scopes[-1]
        saved = self.block_guards.pop()
        flow.guards = {key: value for key, value in saved.items() if key in flow.guards}
        outer = self.block_conditions.pop()  # a binding inside ends the outer condition too
        flow.conditions = {key: value for key, value in outer.items() if key in flow.conditions}

    # -- calls and bindings --------------------------------------------------

    def visit_call(self, node: cst.Call) -> bool:
        chain = chain_of(node.func)
        if chain is None:
            self.dynamic_calls += 1
        else:
            self.record_call(chain)
        if id(node) not in self.memo:
            self.expr(node)
        return True

    def visit_assign(self, node: cst.Assign) -> bool:
        value_chain = chain_of(node.value)
        made = self.straight_line(node)
        versioned = made is not None
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and value_chain is not None
            and not value_chain.startswith(SUPER)
        ):
            self.bind(node.targets[0].target.value, ALIAS, value_chain, versioned=versioned)
        else:
            for target in node.targets:
                for name in target_names(target.target):
                    self.bind(name.value, versioned=versioned)
        value = self.expr(node.value)
        for target in node.targets:
            self.flow_assign(target.target, value, made)
        if self.scope == "" and any(
            isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in node.targets
        ):
            self.set_all(_literal_names(node.value), extend=False)
        return True

    def set_all(self, names: list[str] | None, extend: bool) -> None:
        if names is None:
            self.all_known = False
        elif extend and self.all_names is not None:
            self.all_names.extend(names)
        elif not extend:
            self.all_names = list(names)

    def visit_ann_assign(self, node: cst.AnnAssign) -> bool:
        target = node.target
        made = self.straight_line(node) if node.value is not None else None
        if isinstance(target, cst.Name):
            chain = chain_of(node.value) if node.value is not None else None
            if chain is not None and not chain.startswith(SUPER):
                self.bind(target.value, ALIAS, chain, versioned=made is not None)
            elif node.value is not None or self.stack[-1][1] == FUNCTION:
                self.bind(target.value, versioned=made is not None)
        if node.value is not None:
            self.flow_assign(target, self.expr(node.value), made)
        self.walk(node.target)
        if node.value is not None:
            self.walk(node.value)
        return False

    def visit_aug_assign(self, node: cst.AugAssign) -> bool:
        self.bind_targets(node.target)
        self.flow_assign(node.target, self.expr(node.value))  # `x += [f]`: x may hold both
        if self.scope == "" and isinstance(node.target, cst.Name) and node.target.value == "__all__":
            self.set_all(_literal_names(node.value), extend=True)
        return True

    def visit_for(self, node: cst.For) -> bool:
        self.bind_targets(node.target)
        self.flow_for(node.target, node.iter, node.asynchronous is not None)
        return True

    def visit_comp_for(self, node: cst.CompFor) -> bool:
        self.bind_targets(node.target)
        self.flow_for(node.target, node.iter, node.asynchronous is not None)
        return True

    def flow_for(self, target: cst.BaseExpression, iterable: cst.BaseExpression, asynchronous: bool) -> None:
        source = self.expr(iterable)
        pattern = self.pattern(target)
        if source is not None and pattern is not None:
            self.flows.append((FOR, self.scope, pattern, source, asynchronous))

    def visit_with(self, node: cst.With) -> bool:
        asynchronous = node.asynchronous is not None
        for item in node.items:
            value = self.expr(item.item)
            if value is not None:
                pattern = self.pattern(item.asname.name) if item.asname is not None else None
                self.flows.append((WITH, self.scope, value, pattern, asynchronous))
        return True

    def visit_with_item(self, node: cst.WithItem) -> bool:
        if node.asname is not None:
            self.bind_targets(node.asname.name)
        return True

    def visit_return(self, node: cst.Return) -> bool:
        if node.value is not None:
            value = self.expr(node.value)
            if value is not None:
                conditions = self.flow_scopes[-1].conditions
                if conditions:
                    self.flows.append((RETURN, self.scope, value, tuple(sorted(conditions.items()))))
                else:
                    self.flows.append((RETURN, self.scope, value))
        return True

    def visit_yield(self, node: cst.Yield) -> bool:
        value = node.value
        if isinstance(value, cst.From):
            self.flows.append((YIELD_FROM, self.scope, self.expr(value.item)))
        else:
            self.flows.append((YIELD, self.scope, None if value is None else self.expr(value)))
        return True

    def visit_expr(self, node: cst.Expr) -> bool:
        if type(node.value) is cst.Attribute:  # `obj.prop` alone runs a property getter
            value = self.expr(node.value)
            if value is not None:
                self.flows.append((EVALUATE, self.scope, value))
        return True

    def visit_raise(self, node: cst.Raise) -> bool:
        exc = node.exc
        if exc is not None and type(exc) is not cst.Call:
            value = self.expr(exc)
            if value is not None:
                self.flows.append((RAISE, self.scope, value))
        return True

    def visit_except(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> bool:
        if node.name is not None:
            self.bind_targets(node.name.name)
        return True

    def visit_named_expr(self, node: cst.NamedExpr) -> bool:
        # An assignment expression binds in the nearest scope that is not a comprehension.
        for qualname, kind in reversed(self.stack):
            if kind != COMPREHENSION:
                for name in target_names(node.target):
                    self.bind(name.value, scope=qualname)
                break
        self.flow_assign(node.target, self.expr(node.value))
        return True

    def visit_global(self, node: cst.Global) -> bool:
        for item in node.names:
            self.bind(item.name.value, GLOBAL)
        return False

    def visit_nonlocal(self, node: cst.Nonlocal) -> bool:
        for item in node.names:
            self.bind(item.name.value, NONLOCAL)
        return False

    def visit_match_name(self, node: cst.MatchAs | cst.MatchStar) -> bool:
        if node.name is not None:
            self.bind(node.name.value)
        return True

    def visit_match_mapping(self, node: cst.MatchMapping) -> bool:
        if node.rest is not None:
            self.bind(node.rest.value)
        return True

    def visit_type_alias(self, node: cst.CSTNode) -> bool:
        name = getattr(node, "name", None)
        if isinstance(name, cst.Name):
            self.bind(name.value)
        return False  # the value is evaluated lazily, never at definition time

    def _named(self, data: Any) -> Any:
        """`data` with every lambda placeholder replaced by the lambda's name."""
        if type(data) is not tuple:
            return data
        if data and data[0] == _PENDING_LAMBDA:
            return ("l", self.lambda_names[data[1]])
        return tuple(self._named(item) for item in data)

    def result(self) -> ModuleFacts:
        calls = tuple(CallFact(scope, target, count) for (scope, target), count in self.calls.items())
        all_names = tuple(self.all_names) if self.all_names is not None and self.all_known else None
        module_flow = self.flow_scopes[0]
        module_flow.bad |= self.global_names  # a function's `global x` rebinds it between any two reads
        versioned = module_flow.versioned()
        if versioned:
            self.flows.append((VERSIONS, "", versioned))
        return ModuleFacts.of(
            module=self.module_name,
            is_package=self.is_package,
            imports=tuple(self.imports),
            scopes=tuple(self.scopes),
            bindings=tuple(self.bindings),
            calls=calls,
            dynamic_calls=self.dynamic_calls,
            all_names=all_names,
            flows=tuple(self._named(fact) for fact in self.flows) if self.placeholders else tuple(self.flows),
        )


def _skip(collector: _Collector, node: cst.CSTNode) -> bool:
    return False


def _handlers() -> dict[type, _Handler]:
    table: dict[type, Callable[..., bool]] = {
        cst.FunctionDef: _Collector.visit_function,
        cst.ClassDef: _Collector.visit_class,
        cst.Lambda: _Collector.visit_lambda,
        cst.Import: _Collector.visit_import,
        cst.ImportFrom: _Collector.visit_import_from,
        cst.If: _Collector.visit_if,
        cst.Try: _Collector.visit_try,
        cst.Call: _Collector.visit_call,
        cst.Assign: _Collector.visit_assign,
        cst.AnnAssign: _Collector.visit_ann_assign,
        cst.AugAssign: _Collector.visit_aug_assign,
        cst.For: _Collector.visit_for,
        cst.CompFor: _Collector.visit_comp_for,
        cst.WithItem: _Collector.visit_with_item,
        cst.With: _Collector.visit_with,
        cst.Return: _Collector.visit_return,
        cst.Yield: _Collector.visit_yield,
        cst.Raise: _Collector.visit_raise,
        cst.Expr: _Collector.visit_expr,
        cst.ExceptHandler: _Collector.visit_except,
        cst.ExceptStarHandler: _Collector.visit_except,
        cst.NamedExpr: _Collector.visit_named_expr,
        cst.Global: _Collector.visit_global,
        cst.Nonlocal: _Collector.visit_nonlocal,
        cst.MatchAs: _Collector.visit_match_name,
        cst.MatchStar: _Collector.visit_match_name,
        cst.MatchMapping: _Collector.visit_match_mapping,
        # Annotations do not run (or run once, without calling project code
        # worth a graph edge) and docstrings hold no code: skip their subtrees.
        cst.Annotation: _skip,
        cst.SimpleString: _skip,
        cst.Integer: _skip,
        cst.Float: _skip,
        cst.Imaginary: _skip,
        cst.Comment: _skip,
        cst.EmptyLine: _skip,
        cst.Newline: _skip,
    }
    for comprehension in _COMPREHENSIONS:
        table[comprehension] = _Collector.visit_comprehension
    table[cst.IndentedBlock] = _Collector.visit_block
    try_star = getattr(cst, "TryStar", None)
    if try_star is not None:
        table[try_star] = _Collector.visit_try
    type_alias = getattr(cst, "TypeAlias", None)
    if type_alias is not None:
        table[type_alias] = _Collector.visit_type_alias
    return table


_HANDLERS: dict[type, _Handler] = _handlers()
_HOOKS = CodeHooks(
    attributes={},
    visit=_HANDLERS,
    leave={
        **{comprehension: _Collector.leave_comprehension for comprehension in _COMPREHENSIONS},
        cst.Assign: _Collector.leave_assign,
        cst.AnnAssign: _Collector.leave_assign,
        cst.IndentedBlock: _Collector.leave_block,
    },
)


def collect(
    module: cst.Module,
    module_name: str,
    is_package: bool,
    lines: LineIndex | None = None,
    text_lines: Sequence[str] | None = None,
) -> ModuleFacts:
    """Walk `module` once; see `extract_module_facts`."""
    collector = _Collector(module_name, is_package, lines, text_lines)
    collector.flow_scopes[0].top = _top_assignments(module)
    collector.walk(module)
    return collector.result()
