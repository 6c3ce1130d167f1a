"""Symbolic names and call chains -> fully qualified definitions.

Resolution follows Python's own rules statically: lexical scopes (class bodies
are not visible from their methods), `global`/`nonlocal`, imports of every
style including re-exports through packages and star imports, `self`/`cls`
attribute lookup through the C3 MRO of resolved bases, zero-argument
`super()`, and constructors. Whenever a step is uncertain (a name bound twice
to different things, a parameter, a base class outside the analysed code that
may define the attribute) the answer is "unknown" and no edge is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from codesmell.graph.facts import (
    ALIAS,
    CLASS,
    CLS,
    DEF,
    FUNCTION,
    GLOBAL,
    NONLOCAL,
    SELF,
    SUPER,
    ImportFact,
    ModuleFacts,
    ScopeFact,
)

MODULE = "module"
DEFINITION = "def"
INSTANCE = "instance"
EXTERNAL = "external"

_IMPORT = "import"
_IMPORT_AS = "import-as"
_FROM = "from"

# External bases known to define no ordinary (non-dunder) attributes, so that
# lookup may continue past them to later bases.
TRANSPARENT_BASES = frozenset({"abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol"})
_OBJECT = "builtins.object"


class Target(NamedTuple):
    """What a name denotes: a module, a definition, an instance of a class, or an outside name."""

    kind: str
    module: str  # the dotted name itself for MODULE and EXTERNAL
    qualname: str = ""


class _Spec(NamedTuple):
    """How a name is bound: an import, or a binding's kind and target (`BindingFact`'s)."""

    kind: str
    target: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """Calls from one function (or module body) to one analysed function or class."""

    caller_module: str
    caller: str  # qualname within caller_module, "" for module-level code
    callee_module: str
    callee: str
    count: int


@dataclass(frozen=True, slots=True)
class CallStats:
    """How many call sites were resolved, and why the others were not."""

    resolved: int = 0
    external: int = 0  # to a name outside the analysed code (stdlib, builtins, third party)
    unresolved: int = 0  # a dotted name resolution gave up on
    dynamic: int = 0  # callee is not a dotted name: f()(), x[0](), getattr(o, n)()


def full_name(module: str, qualname: str) -> str:
    """`pkg.mod.Class.method`; module-level code is named by the module itself."""
    return f"{module}.{qualname}" if qualname else module


_Entry = tuple[str, str]  # (module, qualname)
_UNKNOWN = Target("?", "?")  # memo sentinel: None is a cached answer


class Resolver:
    """Index over every analysed module; answers are memoised per (module, scope, name)."""

    def __init__(self, modules: Mapping[str, ModuleFacts]) -> None:
        self.modules = modules
        self.packages: set[str] = set()
        self.scopes: dict[_Entry, ScopeFact] = {}
        # (module, scope, name) -> its specs, a tuple (1M keys on 3.4M lines, most with one: 16 bytes under a list)
        self.specs: dict[tuple[str, str, str], tuple[_Spec, ...]] = {}
        self.stars: dict[str, list[str]] = {}
        shared: dict[tuple[str, str, str], tuple[_Spec]] = {}  # the one-spec tuples, by spec (see `_add_spec`)
        guarded: list[tuple[str, ImportFact]] = []
        for name, facts in modules.items():
            parts = name.split(".")
            self.packages.update(".".join(parts[:i]) for i in range(1, len(parts)))
            self._index(name, facts, shared, guarded)
        # (module, scope, name) whose class an accelerator import replaces, and module -> the
        # qualnames of the defs and classes it takes over (C code runs instead: `_accelerate`)
        self.shadowed: set[tuple[str, str, str]] = set()
        self.fallbacks: dict[str, tuple[str, ...]] = {}
        self._accelerate(guarded)
        self._names: dict[tuple[str, str, str], Target | None] = {}
        self._members: dict[tuple[str, str], tuple[bool, Target | None]] = {}
        self._mros: dict[_Entry, tuple[Target, ...]] = {}
        self._active: set[tuple[str, ...]] = set()

    def _index(
        self,
        module: str,
        facts: ModuleFacts,
        shared: dict[tuple[str, str, str], tuple[_Spec]],
        guarded: list[tuple[str, ImportFact]],
    ) -> None:
        """`facts` into `scopes`, `stars` and `specs`; `shared` holds the one-spec tuples made so far.

        The guarded imports go to `guarded` too, for `_accelerate`.
        """
        for scope in facts.scopes:
            self.scopes[(module, scope.qualname)] = scope
        for fact in facts.imports:
            if fact.guarded:
                guarded.append((module, fact))
            if fact.name == "*":
                if fact.scope == "" and fact.module:
                    self.stars.setdefault(module, []).append(fact.module)
                continue
            bound = fact.bound_name
            if bound is None:
                continue
            if fact.name is None:
                spec = (_IMPORT_AS if fact.alias else _IMPORT, fact.module, "")
            else:
                spec = (_FROM, fact.module, fact.name)
            self._add_spec((module, fact.scope, bound), spec, shared)
        for binding in facts.bindings:
            where = binding.scope
            if not where and binding.kind in (GLOBAL, NONLOCAL):
                continue  # `global x` at module level changes nothing
            # a binding's spec is its kind and target (`name` only matters for `_FROM`, never a binding kind)
            self._add_spec((module, where, binding.name), (binding.kind, binding.target, ""), shared)

    def _accelerate(self, guarded: list[tuple[str, ImportFact]]) -> None:
        """A guarded import of a C accelerator takes over the defs and classes it shadows.

        CPython's `functools` defines `partial` in Python, then `try: from _functools import
        partial` / `except ImportError: pass`; `warnings.warn`, `asyncio.get_running_loop` and
        `collections.OrderedDict` do the same. The Python twin only runs where the C module is
        missing. So when the imported module is outside the analysed code and private (its
        last part starts with `_`, the convention of compiled accelerators: `_functools`,
        `markupsafe._speedups`), the twin becomes a fallback (`fallbacks`, `is_fallback`):
        no call edge goes into it or out of it. A class is replaced outright (`shadowed`: the
        name holds the C class, outside code): taken as a second binding, all its instances
        would be one analysed object, every `partial(...)()` reaching every function any
        `partial` was given. A function stays the name's model of its C twin (CPython tests
        the two against each other): what it returns still flows (`get_running_loop()` is
        the running loop). A public module (`simplejson`, `psycopg`) is an optional
        dependency that may be missing: nothing changes.
        """
        fallbacks: dict[str, set[str]] = {}
        for module, fact in guarded:
            bound = fact.bound_name
            imported = fact.module
            if bound is None or not imported or self.is_known_module(imported):
                continue
            if not imported.rsplit(".", 1)[-1].startswith("_"):
                continue
            key = (module, fact.scope, bound)
            specs = self.specs.get(key, ())
            defined = [spec.target for spec in specs if spec.kind == DEF]
            if not defined:
                continue
            fallbacks.setdefault(module, set()).update(defined)
            classes = {target for target in defined if self.kind(module, target) == CLASS}
            if classes:
                self.specs[key] = tuple(spec for spec in specs if spec.kind != DEF or spec.target not in classes)
                self.shadowed.add(key)
        self.fallbacks = {module: tuple(sorted(names)) for module, names in fallbacks.items()}

    def is_fallback(self, module: str, scope: str) -> bool:
        """Whether `scope` is (inside) a def/class an accelerator import takes over (`_accelerate`)."""
        return any(scope == qualname or scope.startswith(f"{qualname}.") for qualname in self.fallbacks.get(module, ()))

    def made_by_fallback(self, module: str, scope: str) -> bool:
        """Whether `scope` is a function nested in a function twin: what it models is made by C code.

        `functools._lru_cache_wrapper` returns its nested `wrapper`, the model of the C cache
        object. That object returns what the function it wraps returns; the Python `wrapper`,
        whose `user_function` is every function any cache was given, would return all of
        their results at every call of any of them.
        """
        return any(
            scope.startswith(f"{qualname}.<locals>.") and self.kind(module, qualname) == FUNCTION
            for qualname in self.fallbacks.get(module, ())
        )

    def _add_spec(
        self,
        key: tuple[str, str, str],
        spec: tuple[str, str, str],
        shared: dict[tuple[str, str, str], tuple[_Spec]],
    ) -> None:
        """One more spec of `key` (kind, target, name), in order.

        A name with one spec (1M of 1.03M keys on 3.4M lines) gets the one tuple of all the names
        with that spec (230k distinct: 580k are plain assignments or parameters, `opaque` with no
        target): no spec object and tuple per name, nor the facts' own binding kept alive by it.
        """
        specs = self.specs
        found = specs.get(key)
        if found is None:
            one = shared.get(spec)
            if one is None:
                one = shared[spec] = (_Spec(*spec),)
            specs[key] = one
        else:
            specs[key] = (*found, _Spec(*spec))

    # -- scopes --------------------------------------------------------------

    def kind(self, module: str, scope: str) -> str:
        return MODULE if scope == "" else self.scopes[(module, scope)].kind

    def parent(self, module: str, scope: str) -> str:
        return self.scopes[(module, scope)].parent

    def caller_of(self, module: str, scope: str) -> str:
        """The function (or "" for the module) whose execution runs code in `scope`."""
        while scope and self.kind(module, scope) != FUNCTION:
            scope = self.parent(module, scope)
        return scope

    def enclosing_class(self, module: str, scope: str) -> str | None:
        """The class whose method contains `scope` (what zero-argument super() uses)."""
        while scope:
            info = self.scopes[(module, scope)]
            if info.kind == FUNCTION and info.parent and self.kind(module, info.parent) == CLASS:
                return info.parent
            scope = info.parent
        return None

    def is_known_module(self, name: str) -> bool:
        return name in self.modules or name in self.packages

    # -- names ---------------------------------------------------------------

    def lookup(self, module: str, scope: str, name: str) -> Target | None:
        """What `name` denotes when read in `scope` of `module`."""
        key = (module, scope, name)
        known = self._names.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        if key in self._active:
            return None  # a binding that refers to itself
        self._active.add(key)
        try:
            result = self._lookup(module, scope, name)
        finally:
            self._active.discard(key)
        self._names[key] = result
        return result

    def _lookup(self, module: str, scope: str, name: str) -> Target | None:
        direct = True
        while scope:
            if direct or self.kind(module, scope) != CLASS:
                specs = self.specs.get((module, scope, name))
                if specs:
                    kinds = {spec.kind for spec in specs}
                    if GLOBAL in kinds:
                        scope = ""
                        break
                    if NONLOCAL not in kinds:
                        return self._evaluate(module, scope, specs)
            scope = self.parent(module, scope)
            direct = False
        found, target = self.global_name(module, name)
        return target if found else Target(EXTERNAL, f"builtins.{name}")

    def global_name(self, module: str, name: str) -> tuple[bool, Target | None]:
        """A module-level name: its own bindings, then star imports; (found, target)."""
        key = (module, name)
        if key in self._members:
            return self._members[key]
        guard = ("global", module, name)
        if guard in self._active:
            return False, None
        self._active.add(guard)
        try:
            result = self._global_name(module, name)
        finally:
            self._active.discard(guard)
        self._members[key] = result
        return result

    def _global_name(self, module: str, name: str) -> tuple[bool, Target | None]:
        specs = self.specs.get((module, "", name))
        if specs:
            return True, self._evaluate(module, "", specs)
        found: tuple[bool, Target | None] = (False, None)
        for base in self.stars.get(module, ()):  # a later star import wins
            facts = self.modules.get(base)
            if facts is None or not _exported(facts, name):
                continue
            candidate = self.global_name(base, name)
            if candidate[0]:
                found = candidate
        return found

    def module_member(self, module: str, name: str) -> Target | None:
        """`module.name`: a name bound in the module, else a submodule."""
        if module in self.modules:
            found, target = self.global_name(module, name)
            if found:
                return target
        submodule = f"{module}.{name}"
        if self.is_known_module(submodule):
            return Target(MODULE, submodule)
        if self.is_known_module(module):
            return None
        return Target(EXTERNAL, submodule)

    def _evaluate(self, module: str, scope: str, specs: tuple[_Spec, ...]) -> Target | None:
        """The one thing every binding of a name denotes, or None if they disagree."""
        result: Target | None = None
        for index, spec in enumerate(specs):
            target = self._spec_target(module, scope, spec)
            if target is None or (index and target != result):
                return None
            result = target
        return result

    def _spec_target(self, module: str, scope: str, spec: _Spec) -> Target | None:
        kind = spec.kind
        if kind == DEF:
            return Target(DEFINITION, module, spec.target)
        if kind == _FROM:
            return self.module_member(spec.target, spec.name) if spec.target else None
        if kind in (_IMPORT, _IMPORT_AS):
            dotted = spec.target if kind == _IMPORT_AS else spec.target.split(".")[0]
            return Target(MODULE if self.is_known_module(dotted) else EXTERNAL, dotted)
        if kind == ALIAS:
            return self.resolve_chain(module, scope, spec.target)
        if kind == SELF:
            return Target(INSTANCE, module, spec.target)
        if kind == CLS:
            return Target(DEFINITION, module, spec.target)
        return None  # OPAQUE, GLOBAL/NONLOCAL met in a class body

    # -- chains and attributes ---------------------------------------------

    def resolve_chain(self, module: str, scope: str, chain: str) -> Target | None:
        """`a.b.c` read in `scope`, or None when any step is unknown."""
        parts = chain.split(".")
        if parts[0] == SUPER:
            owner = self.enclosing_class(module, scope)
            if owner is None or len(parts) < 2:
                return None
            target = self.class_member(module, owner, parts[1], skip_self=True)
            rest = parts[2:]
        else:
            target = self.lookup(module, scope, parts[0])
            rest = parts[1:]
        for part in rest:
            if target is None:
                return None
            target = self.attribute(target, part)
        return target

    def attribute(self, target: Target, name: str) -> Target | None:
        if target.kind == MODULE:
            return self.module_member(target.module, name)
        if target.kind == EXTERNAL:
            return Target(EXTERNAL, f"{target.module}.{name}")
        if target.kind == INSTANCE or self.is_class(target):
            return self.class_member(target.module, target.qualname, name)
        return None  # attributes of functions

    def is_class(self, target: Target) -> bool:
        return target.kind == DEFINITION and self.scopes[(target.module, target.qualname)].kind == CLASS

    def class_member(self, module: str, qualname: str, name: str, skip_self: bool = False) -> Target | None:
        """`Class.name` through the MRO; None if a base we cannot see comes first."""
        mro = self.mro(module, qualname)
        dunder = name.startswith("__") and name.endswith("__")
        for entry in mro[1:] if skip_self else mro:
            if entry.kind == DEFINITION:
                specs = self.specs.get((entry.module, entry.qualname, name))
                if specs:
                    return self._evaluate(entry.module, entry.qualname, specs)
            elif entry.module == _OBJECT or (entry.module in TRANSPARENT_BASES and not dunder):
                continue
            else:
                return None
        return None

    def mro(self, module: str, qualname: str) -> tuple[Target, ...]:
        """C3 linearisation; bases outside the analysed code stay as opaque entries."""
        key = (module, qualname)
        cached = self._mros.get(key)
        if cached is not None:
            return cached
        me = Target(DEFINITION, module, qualname)
        guard = ("mro", module, qualname)
        if guard in self._active:
            return (me, Target(EXTERNAL, "?cycle"))
        self._active.add(guard)
        try:
            info = self.scopes[key]
            heads: list[list[Target]] = []
            for chain in info.bases:
                base = self.resolve_chain(module, info.parent, chain) if chain else None
                if base is not None and self.is_class(base):
                    heads.append(list(self.mro(base.module, base.qualname)))
                elif base is not None and base.kind == EXTERNAL:
                    heads.append([base])
                else:
                    heads.append([Target(EXTERNAL, f"?{chain}")])
            result = (me, *_c3_merge([*heads, [h[0] for h in heads]]))
        finally:
            self._active.discard(guard)
        self._mros[key] = result
        return result

    # -- calls ---------------------------------------------------------------

    def callee(self, target: Target | None) -> _Entry | None:
        """The analysed function a call to `target` runs; a class runs its `__init__`."""
        if target is None or target.kind != DEFINITION:
            return None
        info = self.scopes[(target.module, target.qualname)]
        if info.kind == FUNCTION:
            return target.module, target.qualname
        if info.kind != CLASS:
            return None
        init = self.class_member(target.module, target.qualname, "__init__")
        if init is not None and init.kind == DEFINITION and not self.is_class(init):
            return init.module, init.qualname
        return target.module, target.qualname  # no analysed __init__: the class itself

    def resolve_calls(self) -> tuple[list[ResolvedCall], CallStats]:
        """Every call site of every module, aggregated per (caller, callee)."""
        counts: dict[tuple[str, str, str, str], int] = {}
        resolved = external = unresolved = dynamic = 0
        callers: dict[str, str] = {}  # scope -> caller_of(module, scope), per module
        for module in sorted(self.modules):
            facts = self.modules[module]
            dynamic += facts.dynamic_calls
            callers.clear()
            for call in facts.calls:
                target = self.resolve_chain(module, call.scope, call.target)
                entry = self.callee(target)
                if entry is None:
                    if target is not None and target.kind == EXTERNAL:
                        external += call.count
                    else:
                        unresolved += call.count
                    continue
                resolved += call.count
                caller = callers.get(call.scope)
                if caller is None:
                    caller = callers[call.scope] = self.caller_of(module, call.scope)
                key = (module, caller, *entry)
                counts[key] = counts.get(key, 0) + call.count
        calls = [ResolvedCall(*key, count) for key, count in sorted(counts.items())]
        return calls, CallStats(resolved, external, unresolved, dynamic)


def _exported(facts: ModuleFacts, name: str) -> bool:
    """Whether `from module import *` binds `name`."""
    if facts.all_names is not None:
        return name in facts.all_names
    return not name.startswith("_")


def _c3_merge(sequences: Iterable[list[Target]]) -> list[Target]:
    """C3 merge; on an inconsistent hierarchy fall back to depth-first order."""
    pending = [list(seq) for seq in sequences if seq]
    original = [list(seq) for seq in pending]
    result: list[Target] = []
    while pending:
        for seq in pending:
            head = seq[0]
            if not any(head in other[1:] for other in pending):
                break
        else:
            fallback: list[Target] = []
            for seq in original:
                fallback.extend(item for item in seq if item not in fallback)
            return fallback
        result.append(head)
        pending = [[item for item in seq if item != head] for seq in pending]
        pending = [seq for seq in pending if seq]
    return result


def resolve_calls(modules: Mapping[str, ModuleFacts]) -> tuple[list[ResolvedCall], CallStats]:
    """Convenience wrapper: build a `Resolver` and resolve every call."""
    return Resolver(modules).resolve_calls()
