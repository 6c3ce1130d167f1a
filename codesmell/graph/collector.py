"""One walk of a LibCST tree collecting `ModuleFacts`.

This is not a `libcst.CSTVisitor` pass: that rebuilds every node on the way
back up (`_visit_and_replace_children`), which costs about 12 s over the
standard library, half as much as parsing it. `cst.walk.walk_code` reads the
fields in place, skipping whitespace and punctuation, in about 1 s; it walks
in `SOURCE_ORDER` (dataclass field order), which fixes the order of calls and
bindings and the `<lambda#N>` numbering of the graph document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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

    def bind(self, name: str, kind: str = OPAQUE, target: str = "", scope: str | None = None) -> None:
        fact = BindingFact(self.scope if scope is None else scope, name, kind, target)
        self.bindings[fact] = None

    def bind_targets(self, node: cst.CSTNode) -> None:
        for name in target_names(node):
            self.bind(name.value)

    def push_pseudo(self, kind: str, label: str) -> None:
        self.pseudo_count += 1
        qualname = self.child_qualname(f"<{label}#{self.pseudo_count}>")
        self.scopes.append(ScopeFact(qualname, kind, self.scope))
        self.stack.append((qualname, kind))

    def record_call(self, chain: str) -> None:
        key = (self.scope, chain)
        self.calls[key] = self.calls.get(key, 0) + 1

    # -- definitions -----------------------------------------------------------

    def enter_definition(self, node: _Scopeish, kind: str, bases: tuple[str, ...]) -> str:
        """Record the definition and evaluate what runs in the enclosing scope."""
        decorators: list[str] = []
        for decorator in node.decorators:
            expression = decorator.decorator
            chain = chain_of(expression)
            if chain is not None:  # `@dec` calls dec(f) where the def runs
                decorators.append(chain)
                self.record_call(chain)
            else:
                inner = chain_of(expression.func) if isinstance(expression, cst.Call) else None
                decorators.append(inner or "")
                self.walk(expression)
        qualname = self.child_qualname(node.name.value)
        self.bind(node.name.value, DEF, qualname)
        self.scopes.append(ScopeFact(qualname, kind, self.scope, bases, tuple(decorators)))
        return qualname

    def visit_function(self, node: cst.FunctionDef) -> bool:
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.walk(param.default)
        parent_kind = self.stack[-1][1]
        qualname = self.enter_definition(node, FUNCTION, ())
        self.stack.append((qualname, FUNCTION))
        first_role = OPAQUE
        if parent_kind == CLASS:
            first_role = self._method_role(node)
        positional = (*params.posonly_params, *params.params)
        for index, param in enumerate(positional):
            if index == 0 and first_role != OPAQUE:
                self.bind(param.name.value, first_role, self.stack[-2][0])
            else:
                self.bind(param.name.value)
        for param in params.kwonly_params:
            self.bind(param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.bind(star.name.value)
        self.walk(node.body)
        self.stack.pop()
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
        self.stack.append((qualname, CLASS))
        self.walk(node.body)
        self.stack.pop()
        return False

    def visit_lambda(self, node: cst.Lambda) -> bool:
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                self.walk(param.default)
        self.push_pseudo(LAMBDA, "lambda")
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self.bind(param.name.value)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.bind(star.name.value)
        self.walk(node.body)
        self.stack.pop()
        return False

    def visit_comprehension(self, node: cst.CSTNode) -> bool:
        self.push_pseudo(COMPREHENSION, type(node).__name__.lower())
        return True

    def leave_comprehension(self, node: cst.CSTNode) -> None:
        self.stack.pop()

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
        return False

    def visit_import_from(self, node: cst.ImportFrom) -> bool:
        written = chain_of(node.module) if node.module is not None else None
        level = len(node.relative)
        module = resolve_relative(self.module_name, self.is_package, level, written)
        checking = self.type_checking > 0
        if isinstance(node.names, cst.ImportStar):
            line, col = self.position(node)
            self.imports.append(ImportFact(self.scope, module, "*", None, level, checking, line, col))
            return False
        for alias in node.names:
            name = chain_of(alias.name) or ""
            asname = alias.evaluated_alias
            line, col = self.position(alias)
            self.imports.append(ImportFact(self.scope, module, name, asname, level, checking, line, col))
        return False

    def visit_if(self, node: cst.If) -> bool:
        if not _is_type_checking(node.test):
            return True
        self.type_checking += 1
        self.walk(node.body)
        self.type_checking -= 1
        if node.orelse is not None:
            self.walk(node.orelse)
        return False

    # -- calls and bindings --------------------------------------------------

    def visit_call(self, node: cst.Call) -> bool:
        chain = chain_of(node.func)
        if chain is None:
            self.dynamic_calls += 1
        else:
            self.record_call(chain)
        return True

    def visit_assign(self, node: cst.Assign) -> bool:
        value_chain = chain_of(node.value)
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and value_chain is not None
            and not value_chain.startswith(SUPER)
        ):
            self.bind(node.targets[0].target.value, ALIAS, value_chain)
        else:
            for target in node.targets:
                self.bind_targets(target.target)
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
        if isinstance(target, cst.Name):
            chain = chain_of(node.value) if node.value is not None else None
            if chain is not None and not chain.startswith(SUPER):
                self.bind(target.value, ALIAS, chain)
            elif node.value is not None or self.stack[-1][1] == FUNCTION:
                self.bind(target.value)
        self.walk(node.target)
        if node.value is not None:
            self.walk(node.value)
        return False

    def visit_aug_assign(self, node: cst.AugAssign) -> bool:
        self.bind_targets(node.target)
        if self.scope == "" and isinstance(node.target, cst.Name) and node.target.value == "__all__":
            self.set_all(_literal_names(node.value), extend=True)
        return True

    def visit_for(self, node: cst.For) -> bool:
        self.bind_targets(node.target)
        return True

    def visit_comp_for(self, node: cst.CompFor) -> bool:
        self.bind_targets(node.target)
        return True

    def visit_with_item(self, node: cst.WithItem) -> bool:
        if node.asname is not None:
            self.bind_targets(node.asname.name)
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

    def result(self) -> ModuleFacts:
        calls = tuple(CallFact(scope, target, count) for (scope, target), count in self.calls.items())
        all_names = tuple(self.all_names) if self.all_names is not None and self.all_known else None
        return ModuleFacts(
            module=self.module_name,
            is_package=self.is_package,
            imports=tuple(self.imports),
            scopes=tuple(self.scopes),
            bindings=tuple(self.bindings),
            calls=calls,
            dynamic_calls=self.dynamic_calls,
            all_names=all_names,
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
        cst.Call: _Collector.visit_call,
        cst.Assign: _Collector.visit_assign,
        cst.AnnAssign: _Collector.visit_ann_assign,
        cst.AugAssign: _Collector.visit_aug_assign,
        cst.For: _Collector.visit_for,
        cst.CompFor: _Collector.visit_comp_for,
        cst.WithItem: _Collector.visit_with_item,
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
    type_alias = getattr(cst, "TypeAlias", None)
    if type_alias is not None:
        table[type_alias] = _Collector.visit_type_alias
    return table


_HANDLERS: dict[type, _Handler] = _handlers()
_HOOKS = CodeHooks(
    attributes={},
    visit=_HANDLERS,
    leave={comprehension: _Collector.leave_comprehension for comprehension in _COMPREHENSIONS},
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
    collector.walk(module)
    return collector.result()
