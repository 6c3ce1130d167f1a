"""Flow-insensitive points-to analysis over every analysed module, solved to a fixed point.

Every variable (per module and scope), instance attribute (per class), container
element (per display in the source), parameter, return value and generator is a
node holding the set of values it may refer to: functions and lambdas, classes,
instances of classes, modules, bound methods, containers and generators.
`codesmell.graph.flows` facts become subset constraints between nodes; attribute
loads, stores, subscripts, calls, `for`, `with` and `raise` are constraints that
fire for each new value of their base node (Andersen-style, with difference
propagation over a work list). A call edge is recorded whenever a function (or
the `__init__` of a class, or a dunder an implicit call runs) reaches a call
site's callee node.

Lexical scoping, imports, star imports and the C3 MRO come from `Resolver`.
Bounds (README "What call resolution resolves"): a node keeps at most
`MAX_VALUES` values (later ones are dropped and the node counted as capped), and
the solver stops after `MAX_STEPS` value propagations, or `STEPS_PER_FACT` per flow
fact when that is more (the budget grows with the code); both are counted in
`PointsToStats`. Work is linear in the number of (node, value) pairs, so it is
never exponential.
"""

from __future__ import annotations

import builtins
import marshal
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from codesmell.graph.facts import CLASS, CLS, DEF, FUNCTION, GLOBAL, LAMBDA, NONLOCAL, SELF, ModuleFacts
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
from codesmell.graph.resolve import (
    _FROM,
    _IMPORT,
    _IMPORT_AS,
    _OBJECT,
    DEFINITION,
    EXTERNAL,
    MODULE,
    TRANSPARENT_BASES,
    CallStats,
    Resolver,
    _exported,
)
from codesmell.heap import give_back

MAX_VALUES = 32  # values one node may hold (64 costs a fifth more solve time on the standard library for 4 % more edges)
MAX_STEPS = 4_000_000  # value propagations in one solve, at least
STEPS_PER_FACT = 16  # ... and at most this many per flow fact (stdlib: 1.6 used, 164k facts)

# Edge kinds, strongest first (an edge seen with several kinds reports the first).
DIRECT = "direct"
METHOD = "method"
ARGUMENT = "argument"
RETURNED = "return"
CONTAINER = "container"
ATTRIBUTE = "attribute"
ALIASED = "alias"
LAMBDA_KIND = "lambda"
DECORATOR = "decorator"
IMPLICIT = "implicit"
KINDS = (DIRECT, METHOD, ATTRIBUTE, ALIASED, ARGUMENT, RETURNED, CONTAINER, LAMBDA_KIND, DECORATOR, IMPLICIT)
_RANK = {kind: index for index, kind in enumerate(KINDS)}
# A variable's kinds as a bit set, bit = rank: an int per variable instead of a set (a million on 3M lines).
_KIND_BIT = {kind: 1 << index for index, kind in enumerate(KINDS)}
_DIRECT_BIT = _KIND_BIT[DIRECT]
# Call shapes whose head fixes the kind (a written call's kind comes from its shape: `_shape_kind`).
_FIXED_KINDS = {"dec": DECORATOR, "implicit": IMPLICIT}

# Values (plain tuples, hashable):
F = "f"  # ("f", module, qualname): a function or lambda
C = "c"  # ("c", module, qualname): a class
I = "i"  # ("i", module, qualname): an instance of a class  # noqa: E741
M = "m"  # ("m", module): a module
B = "b"  # ("b", module, qualname, receiver value[, context]): a bound method
O = "o"  # ("o", module, site): a tuple/list/set/dict display  # noqa: E741
G = "g"  # ("g", module, qualname): the generator a generator function returned
CM = "cm"  # ("cm", container, method name): `xs.append` and friends
PAIRS = "pairs"  # ("pairs", container): what `d.items()` returns
PAIR = "pair"  # ("pair", container): one (key, value) of it
PF = "pf"  # ("pf", module, site): what a written `functools.partial(f, ...)` made (C code; `PointsTo.partials`)

_CALLABLE = frozenset({F, B, C, I})
_PARTIAL_TARGETS = frozenset({"functools.partial", "_functools.partial"})  # outside, or the C class of an analysed functools
# The shape of a call C code makes (a `partial` calling its function): what flows, and no edge (ground-truth rule 7)
_BY_C: tuple[Any, ...] = ("by-c",)
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_ITER_NAMES = ("__iter__", "__next__")
_ASYNC_ITER = ("__aiter__", "__anext__")
_CONTAINER_METHODS = frozenset(
    {"append", "add", "insert", "extend", "get", "pop", "setdefault", "values", "items", "copy", "update"}
)
_LAST = MAX_VALUES - 1  # a node's values before its last (a dict that gets one more is full: `_share_full`)
_FEW = 8  # a node holds 2 to this many values as a `_Few` tuple, a dict from one more (never full then: < _LAST)
_SHORT_SUBS = 8  # subscribers of a node searched in its list; from this many, its copy targets get a set
_GIVE_BACK_BYTES = 16 << 20  # packed flows freed (a fifth of what they unpack to) between `give_back`s
_UNSEEN = object()  # a memo's "not computed yet" (None is a result)
_EMPTY: tuple[()] = ()  # what a node holds before its first value (`PointsTo.pts`)
_MISSING = object()  # a parameter a call does not pass (`_holds`)
_NO_RECEIVER = ("?",)  # a context made at a call whose receiver the summary does not know
_ANY = "*"  # element node: every value stored in the container
_UNKEYED = "?"  # element node: values stored under a key that is not a literal


class _Frozen(tuple):  # type: ignore[type-arg]
    """A capped node's values (`PointsTo.pts`): a tuple of them, told apart from one bare value."""

    __slots__ = ()


class _Few(tuple):  # type: ignore[type-arg]
    """A node's 2 to `_FEW` values (`PointsTo.pts`), in the order they came: scanned, not hashed.

    40 + 8n bytes where a dict of 2 to 8 keys is 224 to 360 (on 3.4M lines 237k nodes hold 2 to 8
    values, 134k of them 2). Its type tells it from one bare value (a plain tuple) and `_Frozen`.
    """

    __slots__ = ()


class _Pair(tuple):  # type: ignore[type-arg]
    """A node's exactly 2 subscribers (`PointsTo.subs`), in the order they came; a list from the third.

    64 bytes where a list of 2 is 80 (its object and its items apart): on 3.4M lines 872k of the
    1.21M subscriber lists hold 2. Immutable: the drain's snapshot (`subs[:seen]`) of it is itself,
    and a third subscriber makes a new list of the same 2 first, so `seen` counts the same ones.
    """

    __slots__ = ()


# The shape of a call a wrapper makes for one context (`_pass_through`, "^call"): no edge of its own
_THROUGH: tuple[Any, ...] = ("through",)
_MANY = (list, _Pair)  # the types of a node's subscribers when it has more than one (`PointsTo.subs`)


def _grown(held: _Few, value: Any) -> dict[Any, None]:
    """The dict a `_Few` node becomes with one more value (`_FEW` + 1 < `_LAST`: not full)."""
    grown = dict.fromkeys(held)
    grown[value] = None
    return grown


# Subscriber tags (copies are bare target nodes and calls bare `_Site`s: `_COPY` and `_CALL` tag nothing).
_COPY, _BIND, _LOAD, _STORE, _CALL, _SUBL, _SUBS, _ITER, _NEXT, _UNPACK, _WITH, _RAISE, _SUPER, _FILTER, _DESC = range(15)
_CLASS_OF, _RECLASS = 15, 16  # `type(self)`, `self.__class__`; `x.__class__ = C`

# `isinstance(x, str)` and friends: builtin classes no analysed class is, unless it derives from outside code.
_BUILTIN_TYPES = frozenset(
    f"builtins.{name}"
    for name in ("str", "bytes", "bytearray", "int", "float", "complex", "bool", "list", "tuple", "dict", "set",
                 "frozenset", "type")
)
_DISPLAY_TYPES = frozenset({"builtins.list", "builtins.tuple", "builtins.dict", "builtins.set", "builtins.frozenset"})


@dataclass(frozen=True, slots=True)
class PointsToStats:
    """Size of the solve, and how often the bounds were hit."""

    nodes: int = 0
    values: int = 0  # (node, value) pairs held at the fixed point
    steps: int = 0  # value propagations
    capped_nodes: int = 0  # nodes that reached MAX_VALUES and dropped values
    guards: int = 0  # reads narrowed by an isinstance / type() / callable() test
    filtered: int = 0  # values a guard kept out of the read it narrows
    versions: int = 0  # straight-line versions of locals (a read sees the last assignment before it)
    truncated: bool = False  # MAX_STEPS reached before the fixed point
    max_values: int = MAX_VALUES
    max_steps: int = MAX_STEPS


@dataclass(frozen=True, slots=True)
class KindedCall:
    """Calls from one function (or module body) to one analysed function or class."""

    caller_module: str
    caller: str
    callee_module: str
    callee: str
    count: int  # call sites
    kind: str  # the strongest kind (KINDS order)
    kinds: tuple[str, ...]


class _Site:
    """One call (written or implicit) and where its arguments and result go.

    No kind slot: a decorator's or an implicit call's kind is its shape's head ("dec",
    "implicit", see `_FIXED_KINDS`), so `edges` keeps each site's shape alone.
    """

    __slots__ = ("args", "caller", "key", "keywords", "result", "shape")

    def __init__(
        self,
        key: Any,
        caller: tuple[str, str],
        args: tuple[int | None, ...],
        keywords: tuple[tuple[str, int | None], ...],
        result: int | None,
        shape: tuple[Any, ...],
    ) -> None:
        # A written call's result node (unique per site, `_call_site`); an implicit call's key tuple
        # ("for", module, ...), a decorator's ("dec", ...): what `edge_sites`, `starred` and contexts name it by.
        self.key = key
        self.caller = caller
        self.args = args
        self.keywords = keywords
        self.result = result
        self.shape = shape  # one tuple per distinct shape (`PointsTo._shapes`)


class PointsTo:
    """The constraint graph over every module's flows, and its solution."""

    def __init__(
        self,
        modules: Mapping[str, ModuleFacts],
        resolver: Resolver | None = None,
        flows: MutableMapping[str, bytes] | None = None,
    ) -> None:
        """`flows`, when given: every module's packed flows, handed over (see `_flows`); else read from `modules`."""
        self.modules = modules
        self.resolver = resolver if resolver is not None else Resolver(modules)
        # The packed flows when handed over: then the caller may drop them from its facts once this
        # is made, and `solve` drops each module's after its compile, keeping only what `call_stats`
        # reads (`_stat_sites`, a fifth of them): 0.1 GB less at the end of the drain on 3.4M lines.
        self._flows = flows
        self._exec_namespaces: dict[str, frozenset[tuple[str, str]]] = {}  # see `_note_exec_namespaces`
        self._compiled_sites: dict[str, bytes] = {}  # module -> `_pack_stat_sites` of its flows, once compiled
        # Written `X.register(...)` calls, (module, scope, X), for `_open_class` (made lazily from them):
        # read here, so that the facts' calls need not outlive the constructor.
        self._register_calls: list[tuple[str, str, str]] = []
        # Per node, insertion-ordered (the caps drop the same values every run): `_EMPTY`, the one
        # value itself (a value is a plain tuple; most nodes that hold any hold one: no container,
        # 2.2M on 3.4M lines), a `_Few` tuple of 2 to `_FEW`, a dict from one more, a `_Frozen` tuple
        # once capped (`values`).
        self.pts: list[Any] = []
        # per node: None, one subscriber (a copy's target node or a constraint tuple), a `_Pair` of 2, a list from 3
        self.subs: list[Any] = []
        self.named: dict[tuple[Any, ...], int] = {}
        self.variables: dict[tuple[str, str, str], int] = {}  # (module, scope, name) -> its node
        self.results: dict[str, list[int | None]] = {}  # module -> per call site, the node of its result
        # The copy targets of the sources with many subscribers (`copy`), sorted, 4 bytes each (a set of
        # ints took 65: 151 -> ~15 MB on 3.4M lines); the others are found in `subs`.
        self.copies: dict[int, array[int]] = {}
        self.once: set[tuple[Any, ...]] = set()
        # One tuple per distinct made value (`_made`): instances and bound methods are made again at
        # every call and member read (1.56M value objects, 0.65M distinct on 3.4M lines).
        self._values: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.work: list[tuple[int, Any, int]] = []  # (node, value, subscribers that had not seen it)
        self.decorated: list[tuple[int, int, int]] = []  # (decorator node, function in, result)
        self.decorating: set[int] = set()  # the nodes a decoration passes its decorator (functions, classes)
        # function -> the conditions of its returns under `if p is None:` (`_Collector.conditional_walk`)
        self.conditional: dict[tuple[str, str], list[tuple[tuple[str, bool], ...]]] = {}
        # `PF` value -> (the function's node, the arguments' nodes, the keywords' (name, node))
        self.partials: dict[tuple[Any, ...], tuple[int | None, tuple[int | None, ...], tuple[Any, ...]]] = {}
        self.passed: set[int] = set()
        self.receivers: list[tuple[int, Any, str]] = []  # (self/cls parameter, the class's own value, method)
        self._heirs: dict[tuple[str, str], list[tuple[str, str]]] | None = None  # class -> analysed subclasses
        self.steps = 0
        self.max_steps = max(MAX_STEPS, STEPS_PER_FACT * sum(facts.flow_count for facts in modules.values()))
        self.capped: set[int] = set()
        self.truncated = False
        self.params: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.generators: set[tuple[str, str]] = set()
        self.modes: dict[tuple[str, str], str] = {}
        # Classes whose `__get__(self, obj, ...)` calls a field of `self` with `obj` (`cached_property`'s
        # shape), their `__get__` by class (memo), and the names of methods an analysed decorator wraps.
        self.calling_gets: set[tuple[str, str]] = set()
        self._gets: dict[tuple[str, str], tuple[str, str] | None] = {}
        # An open-world `self` filled by default -> its method's class, where only the heirs construct
        self._open_bases: dict[int, tuple[str, str]] = {}
        self._constructors: dict[tuple[str, str], bool] = {}  # `_constructs` memo
        self.descriptor_names: set[str] = set()
        self.stored_attrs: set[str] = set()
        # (caller module, caller, callee module, callee) -> its sites' shapes: one bare, or a list
        self.edges: dict[tuple[str, str, str, str], Any] = {}
        self.edge_sites: set[tuple[Any, ...]] = set()
        # The dicts full nodes share (`_share_full`), by the ids of their first and last values: (the values, the dict);
        # by the id of such a dict, its values as the `_Frozen` its nodes hold once capped (`_freeze`).
        self._full: dict[int, list[tuple[tuple[Any, ...], dict[Any, None]]]] = {}
        self._frozen_of: dict[int, _Frozen | None] = {}
        # Call shapes by value, one tuple for all the sites of one shape (1.3M sites, 138k shapes on 3.4M lines)
        self._shapes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        # node -> its kinds (`_KIND_BIT`s), 0 for none: 2 bytes a node up to the highest marked one, not a
        # dict entry and an int object per variable (40 -> 10 MB on 3.4M lines); read by `_kinds_of`.
        self.var_kinds = array("H")
        self.site_callees: dict[tuple[Any, ...], int] = {}
        self._callers: dict[tuple[str, str], tuple[str, str]] = {}
        self._reads: dict[tuple[str, str, str], int] = {}
        # RETURN values per function, and the CALL_SITE facts by (module, site) that `_summarise` reads
        # through them (returned calls and their arguments); both dropped once it is done.
        self.returns: dict[tuple[str, str], list[tuple[Any, Any]]] = {}  # (value, its conditions or None)
        # (module, qualname, summarised parameter) -> the conditions of the only returns passing it
        self.ref_conditions: dict[tuple[Any, ...], list[tuple[tuple[str, bool], ...]]] = {}
        self.sites: dict[tuple[str, int], tuple[Any, ...]] = {}
        # The module being compiled, and its CALL_SITE facts by site (the very tuples compiled: keys take their id)
        self._sites_module: str | None = None
        self._sites_flows: tuple[tuple[Any, ...], ...] = ()
        self._sites_map: dict[int, tuple[Any, ...]] | None = None
        # Parameters a function may return as they came in (see `_summarise`); name, or ("*", k).
        self.summary: dict[tuple[str, str], set[Any]] = {}
        self.starred: set[int] = set()  # the keys of the call sites whose positions end at a `*xs`
        # Nested functions returned bound to the call that made them: (site, module, maker, receiver).
        # (site or its key, module, maker, receiver); `_NO_RECEIVER` where a method's receiver is not known.
        self.contexts: list[tuple[Any, str, str, Any]] = []
        # Call site records by key, for the contexts that name their site by key (`_split_return`);
        # those are made while the site's module compiles, so `solve` keeps only theirs after it.
        self.site_records: dict[Any, _Site] = {}
        self.context_ids: dict[tuple[Any, ...], int] = {}
        self._named_sites: set[Any] = set()  # the keys of the contexts' sites named by key
        self.versioned: set[tuple[str, str, str]] = set()  # (module, scope, name) with straight-line versions
        self._guard_tests: dict[tuple[str, str, Any], Any] = {}
        self._registered: set[tuple[str, str]] | None = None
        self._members: dict[tuple[str, str, str, bool], int | None] = {}
        self._loads: dict[tuple[str, str, Any], int] = {}
        self._kept_loads: dict[tuple[str, str, Any], int] = {}  # `_loads` a drain-time unpacking may read
        self._field_nodes: dict[tuple[str, str, str], list[int]] = {}
        self._located: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.guard_count = 0
        self.filtered = 0
        self._final: PointsToStats | None = None  # `stats` once `drop_constraints` ran
        self._resolved: dict[str, bytearray] | None = None  # `_resolved_sites` once `drop_constraints` ran
        self._index()
        self._summarise()
        self.returns = {}
        self.sites = {}

    # -- setup ---------------------------------------------------------------

    def _index(self) -> None:
        """One pass over each module's flows (unpacked, then dropped, one module at a time)."""
        register_calls = self._register_calls
        for module, facts in self.modules.items():
            for scope in facts.scopes:
                if scope.kind == FUNCTION:
                    mode = _method_mode(scope.decorators)
                    if mode:
                        self.modes[(module, scope.qualname)] = mode
            for call in facts.calls:
                if call.target.endswith(".register"):
                    register_calls.append((module, call.scope, call.target[: -len(".register")]))
            sites: dict[int, tuple[Any, ...]] = {}
            returned: list[Any] = []
            gets: list[tuple[Any, ...]] = []  # call sites in a `__get__`
            for fact in self._unpacked(module):
                tag = fact[0]
                if tag == PARAMS:
                    self.params[(module, fact[1])] = fact[2:]
                elif tag in (YIELD, YIELD_FROM):
                    if self.resolver.kind(module, fact[1]) == FUNCTION:
                        self.generators.add((module, fact[1]))
                elif tag == RETURN:
                    self.returns.setdefault((module, fact[1]), []).append((fact[2], fact[3] if len(fact) > 3 else None))
                    returned.append(fact[2])
                    if len(fact) > 3:
                        known = self.conditional.setdefault((module, fact[1]), [])
                        if fact[3] not in known:
                            known.append(fact[3])
                elif tag == CALL_SITE:
                    sites[fact[2]] = fact
                    if fact[1].endswith(".__get__"):
                        gets.append(fact)
                elif tag in (ASSIGN, FOR):
                    _stored_attrs(fact[2], self.stored_attrs)
                elif tag == WITH:
                    _stored_attrs(fact[3], self.stored_attrs)
                elif tag == VERSIONS:
                    scope = fact[1]
                    self.versioned.update((module, scope, name) for name in fact[2])
            self._keep_returned_sites(module, returned, sites)
            for fact in gets:
                if self._calls_getter(module, fact):
                    self.calling_gets.add((module, fact[1][: -len(".__get__")]))

    def _calls_getter(self, module: str, fact: tuple[Any, ...]) -> bool:
        """Whether a call in `__get__(self, obj, ...)` is `self.<field>(obj)`: the descriptor runs a stored getter."""
        params = self.params.get((module, fact[1]))
        if params is None or len(params[0]) < 2 or self.resolver.kind(module, fact[1]) != FUNCTION:
            return False
        owner, obj = params[0][0], params[0][1]
        callee, args = fact[3], fact[4]
        return (
            callee is not None
            and callee[0] == "a"
            and callee[1] is not None
            and callee[1][0] == "n"
            and callee[1][1] == owner
            and len(args) >= 1
            and args[0] is not None
            and args[0][0] == "n"
            and args[0][1] == obj
        )

    def _keep_returned_sites(self, module: str, returned: list[Any], sites: dict[int, tuple[Any, ...]]) -> None:
        """Into `self.sites`: the call sites `_split_return` may read from these return values.

        Those it follows: unions, returned calls, and their arguments (transitively), a
        small part of all call sites: the others need not outlive their module's pass.
        """
        pending = list(returned)
        while pending:
            value = pending.pop()
            if value is None:
                continue
            head = value[0]
            if head == "u":
                pending.extend(value[1])
            elif head == "r":
                site_fact = sites.get(value[1])
                if site_fact is not None and (module, value[1]) not in self.sites:
                    self.sites[(module, value[1])] = site_fact
                    pending.extend(site_fact[4])
                    pending.extend(arg for _, arg in site_fact[5])
            elif head in ("*", "k"):
                pending.append(value[1])

    def _packed(self, module: str) -> bytes:
        """The `marshal` bytes of `module`'s flows; handed over ones only until compiled."""
        if self._flows is None:
            return self.modules[module].packed_flows
        return self._flows[module]  # a KeyError once compiled: no pass reads them again

    def _unpacked(self, module: str) -> tuple[tuple[Any, ...], ...]:
        """The flows of `module`, unpacked (a new copy at each call); handed over ones only until compiled."""
        packed = self._packed(module)
        return marshal.loads(packed) if packed else ()  # type: ignore[no-any-return]

    def _call_sites(self, module: str) -> dict[int, tuple[Any, ...]]:
        """The CALL_SITE facts of `module` by site: those `solve` is compiling, else unpacked now.

        Made on first use (few modules need it: returned calls of summarised functions, decorator
        factories; always while `module` compiles: `_split_return` and `_applies` of its facts).
        """
        if module != self._sites_module:
            self._sites_module = module
            self._sites_flows = self._unpacked(module)
            self._sites_map = None
        if self._sites_map is None:
            self._sites_map = {fact[2]: fact for fact in self._sites_flows if fact[0] == CALL_SITE}
        return self._sites_map

    # -- context: functions that return a parameter ----------------------------

    def _summarise(self) -> None:
        """Which parameters each function returns unchanged, directly or through a call it makes.

        `def register(f): ...; return f`, `def deco(wrapper): return wrapper`, a method
        returning `self`, `return inner(check)` where `inner` returns its argument: the
        value of such a return is, at each call, that call's own argument, not the union
        over every caller (which made one identity decorator merge everything it was
        applied to). Computed before solving, from the syntax and the static bindings
        (a call counts only where its callee is one undecorated `def`); growing to a
        fixed point, since summaries only add parameters.
        """
        for _round in range(10):
            changed = False
            for key, values in self.returns.items():
                if key in self.generators or self.params.get(key) is None:
                    continue
                refs = self.summary.get(key)
                found: set[Any] = set()
                for value, _ in values:
                    self._split_return(key[0], key[1], value, found, None)
                if found and (refs is None or not found <= refs):
                    self.summary[key] = found if refs is None else refs | found
                    changed = True
            if not changed:
                break
        for key in self.conditional:  # the summarised parameters returned only under `if p is None:`
            if not self.summary.get(key):
                continue
            plain: set[Any] = set()
            under: dict[Any, list[tuple[tuple[str, bool], ...]]] = {}
            for value, conditions in self.returns[key]:
                found = set()
                self._split_return(key[0], key[1], value, found, None)
                if conditions is None:
                    plain |= found
                else:
                    for ref in found:
                        under.setdefault(ref, []).append(conditions)
            for ref, lists in under.items():
                if ref not in plain:
                    self.ref_conditions[(key[0], key[1], ref)] = lists

    def _param_ref(self, module: str, scope: str, expr: Any, star: bool = False) -> Any:
        """The parameter of `scope` that `expr` reads unchanged (bound only as a parameter), else None.

        `star`: the `*args` parameter instead of a named one.
        """
        if expr is not None and expr[0] == "k":
            expr = expr[1]
        if expr is None or expr[0] != "n":
            return None
        params = self.params.get((module, scope))
        name = expr[1]
        if params is None or not (name == params[2] if star else name in params[0] or name in params[1]):
            return None
        specs = self.resolver.specs.get((module, scope, name))
        return name if specs is not None and len(specs) == 1 else None

    def _closure_ref(self, module: str, scope: str, expr: Any) -> Any:
        """`("^", p)`: `expr` reads parameter `p` of the enclosing function unchanged.

        `("nested", q)`: `expr` is the nested function `q` defined here, whose result
        depends on such a closure parameter; a call of this function then returns `q`
        bound to that call's arguments (the decorator factory's `dec` knows its own `name`).
        """
        if expr is not None and expr[0] == "k":
            expr = expr[1]
        if expr is None or expr[0] != "n":
            return None
        resolver = self.resolver
        where, at, name = self.locate(module, scope, expr[1])
        if where != module or not at:
            return None
        specs = resolver.specs.get((where, at, name))
        if not specs:
            return None
        if at == scope:
            # one nested def, or several of one name in different branches (one scope, one qualname)
            if any(spec.kind != DEF or spec.target != specs[0].target for spec in specs):
                return None
            nested = specs[0].target
            fact = resolver.scopes.get((module, nested))
            refs = self.summary.get((module, nested), ())
            if (
                fact is not None
                and fact.kind == FUNCTION
                and (not fact.decorators or self._wraps_only(module, nested, fact.decorators))
                and any(isinstance(ref, tuple) and ref[0] in ("^", "^call") for ref in refs)
            ):
                return ("nested", nested)
            return None
        if resolver.kind(module, scope) not in (FUNCTION, LAMBDA) or resolver.parent(module, scope) != at:
            return None
        return ("^", name) if self._param_ref(module, at, expr) is not None else None

    def _is_partial(self, module: str, scope: str, callee: Any) -> bool:
        """Whether a call's callee is `functools.partial` (C code, outside or the accelerator of analysed functools)."""
        head = callee[0]
        if not ((head == "n" and callee[1] == "partial") or (head == "a" and callee[2] == "partial")):
            return False  # the cheap test first: it runs for every call site
        chain = _chain(callee)
        if chain is None:
            return False
        target = self.resolver.resolve_chain(module, scope, chain)
        return target is not None and target.kind == EXTERNAL and target.module in _PARTIAL_TARGETS

    def _callable(self, value: Any, seen: frozenset[Any] = frozenset()) -> bool:
        """Whether calling `value` may run analysed code (a `partial` of analysed code included)."""
        if value[0] in _CALLABLE:
            return True
        if value[0] != PF or value in seen:  # `f = partial(f, x)` in a loop holds itself
            return False
        function = self.partials[value][0]
        inner = seen | {value}
        return function is not None and any(self._callable(held, inner) for held in self.values(function))

    def _wraps_only(self, module: str, qualname: str, decorators: tuple[str, ...]) -> bool:
        """Whether every decorator of `qualname` is `functools.wraps(...)`, which returns the wrapper itself."""
        parent = self.resolver.parent(module, qualname)
        for chain in decorators:
            target = self.resolver.resolve_chain(module, parent, chain) if chain else None
            if target is None or not (
                (target.kind == EXTERNAL and target.module == "functools.wraps")
                or (target.kind == DEFINITION and (target.module, target.qualname) == ("functools", "wraps"))
            ):
                return False
        return True

    def _static_callee(self, module: str, scope: str, callee: Any) -> tuple[tuple[str, str], int] | None:
        """(function, receiver offset) a call's callee always is: one undecorated `def`, or `self.m` of one."""
        resolver = self.resolver
        if callee[0] == "n":
            where, at, name = self.locate(module, scope, callee[1])
            owner, offset = (where, at), 0
        elif callee[0] == "a" and callee[1][0] == "n":
            where, at, base = self.locate(module, scope, callee[1][1])  # `self`, maybe of an enclosing method
            receiver = self.params.get((where, at))
            specs = resolver.specs.get((where, at, base))
            if (
                not receiver
                or not receiver[0]
                or receiver[0][0] != base
                or not specs
                or specs[0].kind != SELF
            ):
                return None
            name, offset = callee[2], 1
            for entry in resolver.mro(module, specs[0].target):
                if entry.kind != DEFINITION:
                    return None
                if resolver.specs.get((entry.module, entry.qualname, name)):
                    owner = (entry.module, entry.qualname)
                    break
            else:
                return None
            where, at = owner
        else:
            return None
        specs = resolver.specs.get((where, at, name))
        if not specs or len(specs) != 1 or specs[0].kind != DEF:
            return None
        target = (where, specs[0].target)
        scope_fact = resolver.scopes.get(target)
        if scope_fact is None or scope_fact.kind != FUNCTION or scope_fact.decorators:
            return None
        return target, offset

    def _site_arg(self, site_fact: tuple[Any, ...], callee: tuple[str, str], offset: int, ref: Any) -> Any:
        """The argument expression a call passes for the callee's parameter `ref`; ("*", e) or "?" if unknown."""
        params = self.params[callee]
        args, keywords = site_fact[4], site_fact[5]
        if isinstance(ref, tuple) and ref[0] == "^":
            # the callee is nested in the calling function: its closure is this call's own scope
            return ("n", ref[1]) if self.resolver.parent(*callee) == site_fact[1] else "?"
        if isinstance(ref, tuple) and ref[0] == "nested":
            return ("plain", ref[1])
        if isinstance(ref, tuple) and ref[0] == "^call":
            return "?"  # the callee returns what a call of its closure's parameter returns: not an argument
        if isinstance(ref, tuple):
            index = len(params[0]) + ref[1] - offset
        elif ref in params[0]:
            index = params[0].index(ref) - offset
            if index < 0:  # the receiver: `self` of `self.m(...)`
                return site_fact[3][1]
        else:
            index = -1
        if index >= 0:
            for position, arg in enumerate(args):
                if arg is not None and arg[0] == "*":
                    return ("*", arg[1], index - position) if position == len(args) - 1 else "?"
                if position == index:
                    return arg
        for name, value in keywords:
            if name is None:
                return "?"
            if name == ref:
                return value
        return "?"

    def _split_return(self, module: str, scope: str, value: Any, refs: set[Any], into: int | None) -> None:
        """Parameters `return value` passes through into `refs`; the rest copied into `into` (when given)."""
        if value is None:
            return
        head = value[0]
        if head == "u":
            for part in value[1]:
                self._split_return(module, scope, part, refs, into)
            return
        ref = self._param_ref(module, scope, value)
        if ref is None:
            ref = self._closure_ref(module, scope, value)
        if ref is not None:
            refs.add(ref)
            return
        if head == "r":
            # summarising (no `into`): the kept sites; compiling: the facts being compiled
            site_fact = self.sites.get((module, value[1])) if into is None else self._call_sites(module).get(value[1])
            if site_fact is not None:
                called = self._closure_ref(module, scope, site_fact[3])
                if called is not None and called[0] == "^":  # `return func(*args)` in a wrapper
                    refs.add(("^call", called[1]))
                    if into is not None:  # what the call returns for every `func`: `_pass_through`
                        self.copy(self.result_node(module, value[1]), self.named_node(("ret^", module, scope)))
                    return
            found = self._static_callee(module, scope, site_fact[3]) if site_fact is not None else None
            if found is not None and found[0] not in self.generators and found[0] in self.params:
                callee, offset = found
                passed = []
                for callee_ref in sorted(self.summary.get(callee, ()), key=repr):
                    arg = self._site_arg(site_fact, callee, offset, callee_ref)  # type: ignore[arg-type]
                    if arg == "?":
                        break
                    passed.append(arg)
                else:
                    if into is not None:
                        self.copy(self.named_node(("ret", *callee)), into)
                        for conditions in self.conditional.get(callee, ()):  # every branch: no call to judge
                            self.copy(self.named_node(("retc", *callee, conditions)), into)
                    for arg in passed:
                        if arg is not None and arg[0] == "plain":  # the nested function, made at this call
                            if into is not None:
                                key = ("static", module, value[1], callee)
                                context = self.context_ids.get(key)
                                if context is None:
                                    context = self.context_ids[key] = len(self.contexts)
                                    made_by = (
                                        self.result_node(module, value[1]),  # the site's key
                                        *callee,
                                        _NO_RECEIVER if offset else None,
                                    )
                                    self.contexts.append(made_by)
                                    self._named_sites.add(made_by[0])
                                self.add(into, (F, callee[0], arg[1], context))
                        elif arg is not None and arg[0] == "*":
                            if self._param_ref(module, scope, arg[1], star=True) is not None:
                                refs.add(("*", arg[2]))
                            elif into is not None:
                                self.copy(self.result_node(module, value[1]), into)
                        else:
                            self._split_return(module, scope, arg, refs, into)
                    return
        if into is not None:
            self.copy(self.expr(module, scope, value), into)

    def _pass_through(
        self, site: _Site, module: str, qualname: str, receiver: Any, ref: Any, result: int, value: Any
    ) -> None:
        """A summarised parameter's value at this call goes to `result` (the call's result)."""
        params = self.params[(module, qualname)]
        positional = params[0]
        offset = 1 if receiver is not None and positional else 0
        if isinstance(ref, tuple) and ref[0] == "nested":
            key = (site.key, module, qualname, receiver)
            context = self.context_ids.get(key)
            if context is None:
                context = self.context_ids[key] = len(self.contexts)
                self.contexts.append((site, module, qualname, receiver))
            self.add(result, (F, module, ref[1], context))
            return
        if isinstance(ref, tuple) and ref[0] == "^call":
            # A wrapper made at one decoration (`@logged`): what its `func` is there (the decorated
            # function), called with this call's arguments (no edge: the wrapper's own call of `func`
            # has them). Else (made at a written call, whose argument may be any function a
            # parameter was given) what that call returns for every `func` the wrapper was made with.
            context = _context_of(value)
            maker = self.contexts[context] if context is not None else None
            if (
                maker is not None
                and isinstance(maker[0], _Site)
                and type(maker[0].key) is tuple
                and maker[0].key[0] == "dec"
                and maker[1:3] == (module, self.resolver.parent(module, qualname))
            ):
                called = self.node()
                self._pass_through(maker[0], maker[1], maker[2], maker[3], ref[1], called, value)
                args = site.args
                if receiver is not None:  # a method's wrapper gets `self` first, in its `*args`
                    first = self.node()
                    if receiver is not _NO_RECEIVER:
                        self.add(first, receiver)
                    args = (first, *args)
                self.subscribe(called, _Site(site.key, (module, qualname), args, site.keywords, result, _THROUGH))
            else:
                self.copy(self.named_node(("ret^", module, qualname)), result)
            return
        if isinstance(ref, tuple) and ref[0] == "^":
            parent = self.resolver.parent(module, qualname)
            context = _context_of(value)
            if context is not None:
                made, made_module, made_qualname, made_receiver = self.contexts[context]
                if not isinstance(made, _Site):
                    made = self.site_records.get(made)
                if made is not None and (made_module, made_qualname) == (module, parent):
                    self._pass_through(made, module, parent, made_receiver, ref[1], result, value)
                    return
            self.copy(self.var(module, parent, ref[1]), result)
            return
        if isinstance(ref, tuple):
            index = len(positional) - offset + ref[1]
            if index < len(site.args):
                self.copy(site.args[index], result)
            elif site.key in self.starred:  # the element came in through `*xs`: any of them
                self.copy(self._element((O, module, ("*args", qualname)), _ANY), result)
            return
        if ref in positional:
            index = positional.index(ref)
            if offset and index == 0:
                if receiver is _NO_RECEIVER:
                    self.copy(self.var(module, qualname, ref), result)
                else:
                    self.add(result, receiver)
                return
            if index - offset < len(site.args):
                self.copy(site.args[index - offset], result)
                return
        for name, arg in site.keywords:
            if name == ref:
                self.copy(arg, result)
                return
        if site.key in self.starred:  # perhaps passed through `*xs` or `**kw`: any value it ever had
            self.copy(self.var(module, qualname, ref), result)
        else:  # not given: its default
            self.copy(self.named_node(("default", module, qualname, ref)), result)

    def solve(self) -> None:
        # One module's flows unpacked at a time: its facts live while it compiles (the `id`s that
        # key its for/with/raise/next sites and unpackings are unique meanwhile, and every such
        # key names the module too), then all but what the constraints hold are freed.
        if self._flows is not None:
            give_back()  # what reading the per-file results freed (their cache entries, the workers' pickles)
        freed = 0  # bytes of handed-over packed flows freed since memory was last given back
        for module in sorted(self.modules):
            packed = self._packed(module)
            flows = marshal.loads(packed) if packed else ()
            if b"exec" in packed or b"eval" in packed:  # the marshal bytes hold every name once
                self._note_exec_namespaces(module, flows)
            self._sites_module, self._sites_flows, self._sites_map = module, flows, None
            for fact in flows:
                self._compile(module, fact)
            self._keep_unpacked_loads(module, flows)
            if self._flows is not None:
                self._compiled_sites[module] = _pack_stat_sites(flows)
                freed += len(self._flows.pop(module))
            self._sites_flows = ()
            del flows
            # Pure memos of the module's name look-ups (each key names the module), seldom asked
            # again once it is compiled (only a drain-time unpacking reads a name): recomputed then.
            self._reads, self._located, self._callers = {}, {}, {}
            if self.site_records:
                named_sites = self._named_sites
                self.site_records = {key: site for key, site in self.site_records.items() if key in named_sites}
            if freed >= _GIVE_BACK_BYTES:
                give_back()  # the freed facts' pages: the small objects made meanwhile could not reuse them
                freed = 0
        self._sites_module, self._sites_map = None, None
        if self._flows is not None:
            give_back()
        self._drain()
        # A decorator that turned out to hold no analysed callable (an outside
        # decorator reached through a variable), or whose result may be a C
        # accelerator's wrapper (`functools.cache`), leaves the function as it was.
        # Then `self`/`cls` of a method nothing calls on any instance holds any
        # instance of its class (an open world: library code is called from outside).
        for _round in range(8):
            passed = self._pass_decorations(self._holds_no_analysed_callable)
            if not passed:
                passed = self._pass_decorations(self._may_be_accelerated)
            if not passed:
                passed = self._pass_decorations(self._gives_nothing)
            if not passed:
                for node, value, method in self.receivers:
                    if not self.pts[node]:
                        heirs = self._inheritors(value[1], value[2], method)
                        if value[0] == I and heirs and self._made_by_heirs_only(value[1], value[2], heirs):
                            self._open_bases[node] = (value[1], value[2])
                        self.add(node, value)
                        if len(heirs) >= MAX_VALUES:
                            heirs = self._heirs_that_differ_first(node, value, heirs)
                        for heir in heirs:
                            self.add(node, self._made((value[0], *heir)))
                        passed = True
            if not passed:
                break
            self._drain()

    def _made_by_heirs_only(self, module: str, qualname: str, heirs: list[tuple[str, str]]) -> bool:
        """Whether no `__init__`/`__new__` of the analysed code is in the class's MRO, but one is in every heir's.

        `ipaddress._BaseNetwork` leaves construction to `IPv4Network` and `IPv6Network`:
        `self.__class__(...)` in its `supernet`, which nothing calls, makes one of them, never a
        `_BaseNetwork` (which would take no arguments).
        """
        return not self._constructs(module, qualname) and all(self._constructs(*heir) for heir in heirs)

    def _constructs(self, module: str, qualname: str) -> bool:
        """Whether an analysed `__init__` or `__new__` is in the class's MRO (memoised)."""
        key = (module, qualname)
        found = self._constructors.get(key)
        if found is None:
            found = self._constructors[key] = any(
                self._defining(module, qualname, dunder) is not None for dunder in ("__init__", "__new__")
            )
        return found

    def _inheritors(self, module: str, qualname: str, method: str) -> list[tuple[str, str]]:
        """The analysed subclasses of a class that inherit its `method` (the open world's other receivers).

        `BaseProcess.start` runs `self._Popen(...)` for a `ForkProcess` as well; a subclass that
        overrides the method, or reaches another definition of it first, does not run this one.
        """
        if self._heirs is None:
            heirs: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for key in sorted(self.resolver.scopes):
                if self.resolver.kind(*key) == CLASS:
                    for entry in self.resolver.mro(*key)[1:]:
                        if entry.kind == DEFINITION:
                            heirs.setdefault((entry.module, entry.qualname), []).append(key)
            self._heirs = heirs
        parent = self.resolver.parent(module, method)
        if parent != qualname:  # `self` of a function nested in a method: not the method's own
            return []
        name = method[len(qualname) + 1 :]
        here = (module, qualname)
        return [heir for heir in self._heirs.get(here, ()) if self._defining(*heir, name) == here]

    def _heirs_that_differ_first(
        self, node: int, value: tuple[Any, ...], heirs: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """`heirs` reordered for a receiver that will be capped: first one heir per distinct way of answering the method's reads.

        A mixin's `self.operate(...)` (SQLAlchemy's `ColumnOperators`, 142 heirs) is answered by
        whichever override each heir reaches; taken in name order, the first 31 heirs are mostly
        classes that reach the same few `operate`s, and the overrides of the later ones are never
        called. An heir is told apart by what the names read on `self` here find through its MRO
        (the definition, and the instance fields that hold values); heirs alike come after, in
        their order, so nothing changes for a receiver under the cap.
        """
        subs = self.subs[node]
        listed = subs if type(subs) in _MANY else () if subs is None else (subs,)
        names = sorted({sub[2] for sub in listed if type(sub) is tuple and sub[0] == _LOAD})
        if not names:
            return heirs
        seen = {self._reads_answer(value[1], value[2], names)}
        first: list[tuple[str, str]] = []
        later: list[tuple[str, str]] = []
        for heir in heirs:
            answer = self._reads_answer(heir[0], heir[1], names)
            if answer in seen:
                later.append(heir)
            else:
                seen.add(answer)
                first.append(heir)
        return first + later

    def _reads_answer(self, module: str, qualname: str, names: list[str]) -> tuple[Any, ...]:
        """What reading each of `names` on an instance of the class finds, without making nodes."""
        named, pts = self.named, self.pts
        answer = []
        for name in names:
            keys = self._field_keys(module, qualname, name) if name in self.stored_attrs else []
            fields = [named.get(key) for key in keys]
            held = tuple(field for field in fields if field is not None and pts[field])
            answer.append((self._defining(module, qualname, name), held))
        return tuple(answer)

    def _pass_decorations(self, leaves: Callable[[int, int], bool]) -> bool:
        """Decorations not passed yet whose (decorator, result) `leaves` tells leave the function as it was; whether any did."""
        done = False
        for index, (func, source, result) in enumerate(self.decorated):
            if index not in self.passed and leaves(func, result):
                self.passed.add(index)
                self.copy(source, result)
                done = True
        return done

    def _holds_no_analysed_callable(self, func: int, result: int) -> bool:
        """The decorator is outside code reached through a variable: it leaves the function as outside decorators do."""
        return not any(self._callable(value) for value in self.values(func))

    def _may_be_accelerated(self, func: int, result: int) -> bool:
        """The result may be a C accelerator's wrapper, which calls the function itself.

        What the Python twin of an accelerator returns (`functools._lru_cache_wrapper`'s
        `wrapper`, see `Resolver._accelerate`) models a C wrapper, and the C wrapper calls the
        function itself: calls of the decorated name reach the function too.
        """
        is_fallback = self.resolver.is_fallback
        return any(value[0] in (F, C) and is_fallback(value[1], value[2]) for value in self.values(result))

    def _gives_nothing(self, func: int, result: int) -> bool:
        """The result holds nothing at the fixed point.

        An analysed decorator that returns only what outside or unanalysed code makes
        (SQLAlchemy's `util.decorator` returns `update_wrapper(exec'd_wrapper, fn)`) would
        otherwise leave the name holding nothing, and every call of it unresolved; the
        wrapper it builds calls the function, as an outside decorator's does.
        """
        return not self.values(result)

    def _note_exec_namespaces(self, module: str, flows: tuple[tuple[Any, ...], ...]) -> None:
        """The names `exec(code, ns)` / `eval(code, ns, ns2)` are given as namespaces, per scope.

        `exec` defines what the code defines in `ns`, and that code is not analysed: reading
        `ns[name]` back would give the values the dict was made with instead (SQLAlchemy's
        `util.decorator` builds every decorated function so, from one `{target: ..., fn: ...}`
        display per call: read back, each decorated name held every function ever decorated).
        """
        found: set[tuple[str, str]] = set()
        for fact in flows:
            if fact[0] != CALL_SITE:
                continue
            callee, args = fact[3], fact[4]
            if callee[0] != "n" or callee[1] not in ("exec", "eval") or len(args) < 2:
                continue
            scope = fact[1]
            if not self._builtin(module, scope, callee[1]):
                continue
            for arg in args[1:3]:
                if arg is not None and arg[0] == "n":
                    found.add((scope, arg[1]))
        if found:
            self._exec_namespaces[module] = frozenset(found)

    def _keep_unpacked_loads(self, module: str, flows: tuple[tuple[Any, ...], ...]) -> None:
        """Forget the module's attribute-load memo but for what a drain-time unpacking may ask.

        Its keys hold the flows' attribute expressions, which would otherwise be freed with the
        module's flows (a tenth of the solve's memory on the stdlib). After its compile, only
        `_unpack` evaluates the module's expressions again: the bases of the attribute and
        subscript targets inside tuple targets, whose loads must stay the nodes they were.
        Every attribute expression inside such a base is kept (a superset is harmless).
        """
        wanted: list[tuple[str, str, Any]] = []
        for fact in flows:
            tag = fact[0]
            if tag in (ASSIGN, FOR):
                pattern = fact[2]
            elif tag == WITH:
                pattern = fact[3]
            else:
                continue
            if pattern is not None and pattern[0] == "u":
                _unpacked_bases(module, fact[1], pattern, wanted)
        loads = self._loads
        kept = self._kept_loads
        for key in wanted:
            found = loads.get(key)
            if found is not None:
                kept[key] = found
        self._loads = dict(kept)

    # -- nodes ---------------------------------------------------------------

    def node(self) -> int:
        pts = self.pts
        pts.append(_EMPTY)  # a dict of its own only once it holds a value: half the nodes never do
        self.subs.append(None)
        return len(pts) - 1

    def named_node(self, key: tuple[Any, ...]) -> int:
        found = self.named.get(key)
        if found is None:  # `self.node()`, inlined
            pts = self.pts
            found = self.named[key] = len(pts)
            pts.append(_EMPTY)
            self.subs.append(None)
        return found

    def result_node(self, module: str, site: int) -> int:
        """The node of what call `site` of `module` returns.

        A list per module indexed by site (a module's sites are numbered from 0): no key
        tuple, dict entry or site int kept per call (86 -> 31 MB on 3.4M lines).
        """
        table = self.results.get(module)
        if table is None:
            table = self.results[module] = []
        if site >= len(table):
            table.extend([None] * (site + 1 - len(table)))
        found = table[site]
        if found is None:
            pts = self.pts
            found = table[site] = len(pts)
            pts.append(_EMPTY)
            self.subs.append(None)
        return found

    def values(self, node: int) -> Any:
        """The values `node` holds, in the order they came (see `pts`)."""
        held = self.pts[node]
        return (held,) if held and type(held) is tuple else held

    def add(self, node: int, value: Any) -> None:
        held = self.pts[node]
        if held is _EMPTY:
            self.pts[node] = value
        elif type(held) is dict:
            if value in held:
                return
            if len(held) >= _LAST:  # full, or full with this value (`_share_full`)
                if len(held) > _LAST:  # capped: frozen into a tuple (a quarter of the dict's memory)
                    self.pts[node] = self._freeze(held)
                    self.capped.add(node)
                    return
                held[value] = None
                self._share_full(node, held, value)
            else:
                held[value] = None
        elif type(held) is tuple:  # one value, bare
            if value == held:
                return
            if MAX_VALUES == 1:
                self.capped.add(node)
                return
            self.pts[node] = _Few((held, value))
        elif type(held) is _Few:
            if value in held:
                return
            self.pts[node] = _Few((*held, value)) if len(held) < _FEW else _grown(held, value)
        else:  # frozen: capped, nothing more gets in
            return
        subs = self.subs[node]
        if subs is not None:
            self.work.append((node, value, len(subs) if type(subs) in _MANY else 1))

    def _share_full(self, node: int, held: dict[Any, None], last: Any) -> None:
        """`node` just got its MAX_VALUES-th value, `last`: one dict for all the full nodes holding these values in this order.

        A full node's dict is never changed again (a new value caps the node, into a `_Frozen`
        copy), so full nodes can share it: on 3.4M lines 144k nodes hold exactly MAX_VALUES values
        (copies of capped nodes, mostly), 1.2 kB each as dicts of their own. The shared ones are
        filed by the ids of their first and last values (a shared dict keeps its values alive, so
        the ids stay theirs), each with its values as a tuple, compared in order (the same
        objects, mostly: fast) instead of hashed.
        """
        key = id(next(iter(held))) ^ id(last)
        values = tuple(held)
        candidates = self._full.get(key)
        if candidates is None:
            self._full[key] = [(values, held)]
        else:
            for other, shared in candidates:
                if other == values:
                    self.pts[node] = shared
                    return
            candidates.append((values, held))
        self._frozen_of[id(held)] = None  # made when a node holding it is capped

    def _made(self, value: tuple[Any, ...]) -> tuple[Any, ...]:
        """`value`, or the equal value made before it (one object for all: the nodes and keys holding it share it)."""
        return self._values.setdefault(value, value)

    def _freeze(self, held: dict[Any, None]) -> _Frozen:
        """A full node's values once it is capped: one tuple for all the nodes of a shared dict."""
        key = id(held)  # the shared dicts live as long as `_full` holds them: their ids are theirs
        frozen_of = self._frozen_of
        if key not in frozen_of:
            return _Frozen(held)
        frozen = frozen_of[key]
        if frozen is None:
            frozen = frozen_of[key] = _Frozen(held)
        return frozen

    def subscribe(self, node: int, sub: Any) -> None:
        # A node's subscribers: None, the one subscriber itself (2 in 3 nodes that have any: no
        # list for them), or a list from the second.
        subs = self.subs[node]
        if subs is None:
            self.subs[node] = sub
        elif type(subs) is list:
            subs.append(sub)
        elif type(subs) is _Pair:
            self.subs[node] = [*subs, sub]
        else:
            self.subs[node] = _Pair((subs, sub))
        held = self.pts[node]
        if held:
            apply = self._apply
            # a snapshot: applying may add here
            for value in list(held) if type(held) is dict else (held,) if type(held) is tuple else held:
                apply(sub, value)

    def copy(self, source: int | None, target: int | None) -> None:
        if source is None or target is None or source == target:
            return
        # `subscribe(source, (_COPY, target))`, inlined (the most frequent constraint by far) and
        # stored as the bare target node (a tuple fewer to make and free), once per pair: the
        # ints among a node's subscribers are exactly its copy targets, so a short list is its
        # own index (an int never equals a constraint tuple), a long one a sorted array (5.6M pairs
        # on 3M lines: a global set of them was 0.4 GB). Adding to `target` leaves `source`'s
        # values as they are, so no snapshot of them.
        subs = self.subs[source]
        if subs is None:
            self.subs[source] = target
        elif type(subs) is _Pair:
            if target in subs:
                return
            self.subs[source] = [*subs, target]
        elif type(subs) is not list:
            if subs == target:
                return
            self.subs[source] = _Pair((subs, target))
        elif len(subs) < _SHORT_SUBS:
            if target in subs:
                return
            subs.append(target)
        else:
            targets = self.copies.get(source)
            if targets is None:
                targets = self.copies[source] = array("i", sorted([sub for sub in subs if type(sub) is int]))
            at = bisect_left(targets, target)
            if at < len(targets) and targets[at] == target:
                return
            targets.insert(at, target)  # mostly at the end: targets are mostly nodes made after the source's
            subs.append(target)
        pts = self.pts
        held = pts[source]
        if not held:
            return
        if type(held) is tuple:  # one value, bare
            held = (held,)
        # `add(target, value)` for each value, inlined (most adds come from here)
        target_subs = self.subs[target]
        pushed = 0 if target_subs is None else len(target_subs) if type(target_subs) in _MANY else 1
        push = self.work.append
        if type(held) is dict and len(held) == MAX_VALUES and pts[target] is _EMPTY:
            # A full node's every value into an empty one: what adding them one by one ends with, the
            # dict they share (`_share_full`; `held` is one), without the 32 insertions.
            pts[target] = held
            if pushed:
                for value in held:
                    push((target, value, pushed))
            return
        for value in held:
            into = pts[target]
            if into is _EMPTY:
                pts[target] = value
            elif type(into) is dict:
                if value in into:
                    continue
                if len(into) >= _LAST:
                    if len(into) > _LAST:
                        pts[target] = self._freeze(into)
                        self.capped.add(target)
                        return  # frozen: nothing more gets in
                    into[value] = None
                    self._share_full(target, into, value)
                else:
                    into[value] = None
            elif type(into) is tuple:  # one value, bare
                if value == into:
                    continue
                if MAX_VALUES == 1:
                    self.capped.add(target)
                    return
                pts[target] = _Few((into, value))
            elif type(into) is _Few:
                if value in into:
                    continue
                pts[target] = _Few((*into, value)) if len(into) < _FEW else _grown(into, value)
            else:
                return  # frozen: capped
            if pushed:
                push((target, value, pushed))

    def _drain(self) -> None:
        """Propagate pending values; copies (most subscribers) are applied inline (`add`, inlined)."""
        work = self.work
        pop = work.pop
        push = work.append
        subs_of = self.subs
        pts = self.pts
        capped = self.capped
        apply = self._apply
        call = self._call
        site_type = _Site
        steps = self.steps
        max_steps = self.max_steps
        integer = int
        many = _MANY
        mapping = dict
        freeze = self._freeze
        share_full = self._share_full
        bare = tuple
        few = _Few
        few_max = _FEW
        grown = _grown
        empty = _EMPTY
        max_values = MAX_VALUES
        last = _LAST
        while work:
            if steps >= max_steps:
                self.truncated = True
                work.clear()
                break
            node, value, seen = pop()
            steps += 1
            subs = subs_of[node]
            # later subscribers saw the value when they subscribed; the slice is what they were
            for sub in subs[:seen] if type(subs) in many else (subs,):  # type: ignore[index]
                if type(sub) is integer:  # a copy, applied inline
                    target = sub
                    held = pts[target]
                    if held is empty:
                        pts[target] = value
                    elif type(held) is mapping:
                        if value in held:
                            continue
                        if len(held) >= last:  # full, or full with this value
                            if len(held) > last:
                                pts[target] = freeze(held)
                                capped.add(target)
                                continue
                            held[value] = None
                            share_full(target, held, value)
                        else:
                            held[value] = None
                    elif type(held) is bare:  # one value
                        if value == held:
                            continue
                        if max_values == 1:
                            capped.add(target)
                            continue
                        pts[target] = few((held, value))
                    elif type(held) is few:
                        if value in held:
                            continue
                        pts[target] = few((*held, value)) if len(held) < few_max else grown(held, value)
                    else:  # frozen: capped
                        continue
                    target_subs = subs_of[target]
                    if target_subs is not None:
                        push((target, value, len(target_subs) if type(target_subs) in many else 1))
                elif type(sub) is site_type:  # a call (`_apply`, inlined)
                    call(sub, value)
                else:
                    apply(sub, value)
        self.steps = steps

    # -- variables -----------------------------------------------------------

    def locate(self, module: str, scope: str, name: str) -> tuple[str, str, str]:
        """The (module, scope, name) whose binding `name` read in `scope` refers to (memoised)."""
        key = (module, scope, name)
        found = self._located.get(key)
        if found is None:  # `_locate_key`, inlined
            found = self._locate(module, scope, name)
            if found == key:
                found = key
            self._located[key] = found
        return found

    def _locate_key(self, key: tuple[str, str, str]) -> tuple[str, str, str]:
        found = self._located.get(key)
        if found is None:
            found = self._locate(*key)
            if found == key:  # bound where it is read (most names): the key is the answer, one tuple
                found = key
            self._located[key] = found
        return found

    def _locate(self, module: str, scope: str, name: str) -> tuple[str, str, str]:
        resolver = self.resolver
        specs_of = resolver.specs
        scopes = resolver.scopes  # `resolver.kind` and `resolver.parent` of one look-up
        direct = True
        while scope:
            info = scopes[(module, scope)]
            if direct or info.kind != CLASS:
                specs = specs_of.get((module, scope, name))
                if specs:
                    kinds = {spec.kind for spec in specs}
                    if GLOBAL in kinds:
                        break
                    if NONLOCAL not in kinds:
                        return module, scope, name
            scope = info.parent
            direct = False
        return module, "", name

    def var(self, module: str, scope: str, name: str) -> int:
        key = (module, scope, name)
        variables = self.variables
        found = variables.get(key)
        if found is not None:  # `_var_key`, inlined
            return found
        pts = self.pts
        node = variables[key] = len(pts)
        pts.append(_EMPTY)
        self.subs.append(None)
        self._init_var(node, module, scope, name)
        return node

    def _var_key(self, key: tuple[str, str, str]) -> int:
        """The node of the variable `key` = (module, scope, name), made on first use."""
        variables = self.variables
        found = variables.get(key)
        if found is not None:
            return found
        pts = self.pts  # `self.node()`, inlined
        node = variables[key] = len(pts)
        pts.append(_EMPTY)
        self.subs.append(None)
        self._init_var(node, *key)
        return node

    def read(self, module: str, scope: str, name: str) -> int:
        key = (module, scope, name)
        found = self._reads.get(key)
        if found is None:  # one key tuple for this memo and `_located`, the answer's for `variables`
            found = self._reads[key] = self._var_key(self._locate_key(key))
        return found

    def _builtin(self, module: str, scope: str, name: str) -> bool:
        """Whether `name` read in `scope` is a builtin no analysed binding shadows."""
        if name not in _BUILTINS:
            return False
        where, at, _ = self.locate(module, scope, name)
        return (
            not at and not self.resolver.specs.get((where, "", name)) and not self.resolver.stars.get(where)
        )

    def _is_receiver(self, module: str, scope: str, expr: Any) -> bool:
        """Whether `expr` is a method's `self`, bound by nothing else: the only name whose class is taken.

        `self` holds the receivers calls pass, so `type(self)(...)` makes what it can. Any other
        name holds the union of what every path gives it (`copy._deepcopy_method`'s `x`, fed
        every value `deepcopy` meets through a dispatch dict), and calling its class would turn
        each such value into an instantiation that cannot happen.
        """
        if expr is None or expr[0] != "n":
            return False
        specs = self.resolver.specs.get((module, scope, expr[1])) or ()
        return bool(specs) and all(spec.kind == SELF for spec in specs)

    def _init_var(self, node: int, module: str, scope: str, name: str) -> None:
        """Values a binding has by itself: imports, `self`/`cls`; star imports for globals."""
        resolver = self.resolver
        specs = resolver.specs.get((module, scope, name))
        if not specs:
            if not scope:
                for base in resolver.stars.get(module, ()):
                    facts = self.modules.get(base)
                    if facts is not None and _exported(facts, name):
                        self.copy(self.var(base, "", name), node)
                        self._mark_kind(node, _DIRECT_BIT)
            return
        direct = False
        for spec in specs:
            kind = spec.kind
            if kind in (SELF, CLS):
                # What calls pass; only when none does, any instance of the class (see `solve`).
                self.receivers.append((node, (I if kind == SELF else C, module, spec.target), scope))
                direct = True
            elif kind == DEF:
                direct = True  # the DEFINE flow adds the (decorated) value
            elif kind in (_IMPORT, _IMPORT_AS):
                dotted = spec.target if kind == _IMPORT_AS else spec.target.split(".")[0]
                if resolver.is_known_module(dotted):
                    self.add(node, self._made((M, dotted)))
                direct = True
            elif kind == _FROM:
                direct = True
                self._member_into(spec.target, spec.name, node)  # type: ignore[union-attr]
        if direct:
            self._mark_kind(node, _DIRECT_BIT)

    def _mark_kind(self, node: int, bit: int) -> None:
        """`node` (a variable's) has the kind of `bit` too (`var_kinds`, grown to the node as needed)."""
        kinds = self.var_kinds
        if node >= len(kinds):  # zeros up to every node made so far and some: seldom grown again
            kinds.frombytes(bytes(kinds.itemsize * (max(node + 1, len(self.pts)) + 4096 - len(kinds))))
        kinds[node] |= bit

    def _kinds_of(self, node: int) -> int:
        kinds = self.var_kinds
        return kinds[node] if node < len(kinds) else 0

    def _member_into(self, module: str, name: str, node: int) -> None:
        """`module.name` (a binding of the module, or a submodule) flows into `node`."""
        if not module:
            return
        if module in self.modules:
            self.copy(self.var(module, "", name), node)
        submodule = f"{module}.{name}"
        if self.resolver.is_known_module(submodule):
            self.add(node, self._made((M, submodule)))

    # -- compiling facts -------------------------------------------------------

    def _caller(self, module: str, scope: str) -> tuple[str, str]:
        key = (module, scope)
        caller = self._callers.get(key)
        if caller is None:
            # Lambdas are callers too: what runs in a lambda's body is its own call.
            resolver = self.resolver
            found = scope
            while found and resolver.kind(module, found) not in (FUNCTION, LAMBDA):
                found = resolver.parent(module, found)
            caller = self._callers[key] = (module, found)  # one tuple, shared by every site it makes
        return caller

    def _compile(self, module: str, fact: tuple[Any, ...]) -> None:
        tag = fact[0]
        if tag == CALL_SITE:
            _, scope, site, callee, args, keywords = fact
            self._call_site(module, scope, site, callee, args, keywords)
        elif tag == ASSIGN:
            _, scope, pattern, value = fact
            self._assign(module, scope, pattern, self.expr(module, scope, value), value)
        elif tag == RETURN:
            scope, value = fact[1], fact[2]
            into = self.named_node(("ret", module, scope) if len(fact) == 3 else ("retc", module, scope, fact[3]))
            if (module, scope) in self.summary:
                self._split_return(module, scope, value, set(), into)
            else:
                self.copy(self.expr(module, scope, value), into)
        elif tag == YIELD:
            _, scope, value = fact
            if value is not None:
                self.copy(self.expr(module, scope, value), self.named_node(("yield", module, scope)))
        elif tag == YIELD_FROM:
            _, scope, value = fact
            source = self.expr(module, scope, value)
            if source is not None:
                target = self.named_node(("yield", module, scope))
                caller = self._caller(module, scope)
                self.subscribe(source, (_ITER, target, caller, ("yf", module, id(fact)), _ITER_NAMES))
        elif tag == FOR:
            _, scope, pattern, iterable, asynchronous = fact
            source = self.expr(module, scope, iterable)
            if source is not None:
                target = self.node()
                names = _ASYNC_ITER if asynchronous else _ITER_NAMES
                self.subscribe(
                    source, (_ITER, target, self._caller(module, scope), ("for", module, id(fact)), names)
                )
                self._assign(module, scope, pattern, target, None)
        elif tag == WITH:
            _, scope, value, pattern, asynchronous = fact
            source = self.expr(module, scope, value)
            if source is not None:
                target = self.node()
                names = ("__aenter__", "__aexit__") if asynchronous else ("__enter__", "__exit__")
                self.subscribe(
                    source, (_WITH, target, self._caller(module, scope), names, ("with", module, id(fact)))
                )
                if pattern is not None:
                    self._assign(module, scope, pattern, target, None)
        elif tag == RAISE:
            _, scope, value = fact
            source = self.expr(module, scope, value)
            if source is not None:
                self.subscribe(source, (_RAISE, self._caller(module, scope), ("raise", module, id(fact))))
        elif tag == DEFINE:
            self._define(module, *fact[1:])
        elif tag == ELEMENTS:
            _, scope, site, value = fact
            self._store_element((O, module, site), None, self.expr(module, scope, value))
        elif tag == EVALUATE:
            self.expr(module, fact[1], fact[2])
        elif tag == PARAM_DEFAULT:
            _, scope, qualname, name, value = fact
            source = self.expr(module, scope, value)
            self.copy(source, self.var(module, qualname, name))
            if (module, qualname) in self.summary:
                self.copy(source, self.named_node(("default", module, qualname, name)))

    def _define(self, module: str, scope: str, name: str, qualname: str, decorators: tuple[Any, ...]) -> None:
        kind = self.resolver.kind(module, qualname)
        current = self.node()
        self.add(current, (C if kind == CLASS else F, module, qualname))
        caller = self._caller(module, scope)
        if decorators and kind == FUNCTION and self.resolver.kind(module, scope) == CLASS:
            outermost = decorators[0]
            if outermost is not None and self._applies(module, scope, outermost):
                self.descriptor_names.add(name)  # what the decorator makes may be a descriptor (`_read_member`)
        for index in range(len(decorators) - 1, -1, -1):
            decorator = decorators[index]
            if decorator is None or not self._applies(module, scope, decorator):
                continue  # an outside decorator (property, functools.wraps, ...) keeps the function
            func = self.expr(module, scope, decorator)
            if func is None:
                continue
            result = self.node()
            self.decorating.add(current)
            site = _Site(("dec", module, qualname, index), caller, (current,), (), result, ("dec",))
            self.subscribe(func, site)
            self.decorated.append((func, current, result))
            current = result
        if kind != CLASS or (module, scope, name) not in self.resolver.shadowed:  # else the C class is the name
            self.copy(current, self.var(module, scope, name))

    def _applies(self, module: str, scope: str, decorator: Any) -> bool:
        """Whether a decorator (or decorator factory) is analysed code we can follow."""
        while decorator[0] == "r":  # `@factory(...)`: the factory decides
            site_fact = self._call_sites(module).get(decorator[1])
            if site_fact is None:
                return False
            decorator = site_fact[3]
        chain = _chain(decorator)
        if chain is None:
            return True  # `@registry[0]`, `@self.x`: let the analysis follow it
        target = self.resolver.resolve_chain(module, scope, chain)
        return target is None or target.kind != EXTERNAL

    def _call_site(
        self,
        module: str,
        scope: str,
        site: int,
        callee: Any,
        args: tuple[Any, ...],
        keywords: tuple[Any, ...],
    ) -> None:
        root = callee
        while root[0] == "a":
            root = root[1]
        if root[0] == "n" and self._builtin(module, scope, root[1]):
            # `len(x)`, `str.join(...)`: outside code, nothing flows (a third of all calls);
            # only an attribute read among the arguments may run a property getter.
            for arg in (*args, *(value for _, value in keywords)):
                if arg is not None and arg[0] == "a":
                    self.expr(module, scope, arg)
            if callee == ("n", "type") and len(args) == 1 and not keywords and self._is_receiver(module, scope, args[0]):
                of = self.expr(module, scope, args[0])
                if of is not None:  # `type(self)`: the class of each instance self holds
                    self.subscribe(of, (_CLASS_OF, self.result_node(module, site), of))
            return
        partial = self._is_partial(module, scope, callee)
        func = None if partial else self.expr(module, scope, callee)
        if func is None and not partial:
            return
        arg_nodes: list[int | None] = []
        starred = False
        for arg in args:
            if arg is not None and arg[0] == "*":
                starred = True
                break  # positions after `*xs` are unknown
            arg_nodes.append(self.expr(module, scope, arg))
        keyword_nodes = [
            (name, self.expr(module, scope, value)) for name, value in keywords if name is not None
        ]
        if len(keyword_nodes) < len(keywords):  # `**kw`
            starred = True
        result = self.result_node(module, site)
        if partial:
            if arg_nodes and not starred:  # `partial(*xs)`: which is the function is not known
                made = (PF, module, site)
                self.partials[made] = (arg_nodes[0], tuple(arg_nodes[1:]), tuple(keyword_nodes))
                self.add(result, made)
            return
        assert func is not None  # only a partial has none
        if starred:
            self.starred.add(result)
        shape: tuple[Any, ...]
        if callee[0] == "k":
            callee = callee[1]
        head = callee[0]
        if head == "n":
            shape = ("n", self.locate(module, scope, callee[1]))
        elif head == "a":
            shape = ("a", callee[2], callee[1][0] == "S")
        else:
            shape = (head,)
        shape = self._shapes.setdefault(shape, shape)
        # keyed by its result node: one per written call site, and an int the solve holds anyway
        record = _Site(result, self._caller(module, scope), tuple(arg_nodes), tuple(keyword_nodes), result, shape)
        self.site_records[record.key] = record
        self.subscribe(func, record)

    def expr(self, module: str, scope: str, expr: Any) -> int | None:
        """The node holding what `expr` (read in `scope`) may evaluate to."""
        if expr is None:
            return None
        head = expr[0]
        if head == "n":
            if len(expr) > 2 and (module, scope, expr[1]) in self.versioned:
                return self.named_node(("ver", module, scope, expr[1], expr[2]))
            return self.read(module, scope, expr[1])
        if head == "r":
            return self.result_node(module, expr[1])
        if head == "k":
            source = self.expr(module, scope, expr[1])
            test = self._guard_test(module, scope, expr[2])
            if source is None or test is None:
                return source
            target = self.node()
            self.guard_count += 1
            self.subscribe(source, (_FILTER, target, test))
            return target
        if head == "a":
            base = expr[1]
            if base[0] == "S":
                return self._super_attr(module, scope, expr[2], base)
            load = (module, scope, expr)
            found = self._loads.get(load)
            if found is not None:  # `self.x` read again in the same scope: the same node
                return found
            source = self.expr(module, scope, base)
            if source is None:
                return None
            target = self._loads[load] = self.node()
            if expr[2] == "__class__" and self._is_receiver(module, scope, base):
                self.subscribe(source, (_CLASS_OF, target, source))  # `self.__class__`: what `type(self)` is
            else:
                self.subscribe(source, (_LOAD, target, expr[2], self._caller(module, scope)))
            return target
        if head == "s":
            base = expr[1]
            if base[0] == "n" and self._exec_namespaces and (scope, base[1]) in self._exec_namespaces.get(module, ()):
                return None  # what `exec(code, ns)` put in `ns` is not modelled: nothing known comes out
            source = self.expr(module, scope, base)
            if source is None:
                return None
            target = self.node()
            self.subscribe(source, (_SUBL, target, expr[2]))
            return target
        if head == "l":
            target = self.node()
            self.add(target, (F, module, expr[1]))
            return target
        if head == "t" or head == "d":
            value = (O, module, expr[1])
            target = self.node()
            self.add(target, value)
            if head == "t":
                for index, element in enumerate(expr[2]):
                    if element is None:
                        continue
                    if element[0] == "*":
                        inner = self.expr(module, scope, element[1])
                        if inner is not None:
                            self.subscribe(
                                inner, (_ITER, self._element(value, _ANY), None, None, _ITER_NAMES)
                            )
                        continue
                    self._store_element(value, index, self.expr(module, scope, element))
            else:
                for key, element in expr[2]:
                    self._store_element(value, key, self.expr(module, scope, element))
            return target
        if head == "x":
            source = self.expr(module, scope, expr[1])
            if source is None:
                return None
            target = self.node()
            key = ("next", module, scope, id(expr))
            self.subscribe(source, (_NEXT, target, self._caller(module, scope), key, _ITER_NAMES))
            return target
        if head == "u":
            target = self.node()
            for part in expr[1]:
                self.copy(self.expr(module, scope, part), target)
            return target
        return None

    def _super_attr(self, module: str, scope: str, name: str, expr: Any) -> int | None:
        """`super().name`: looked up after the method's class in the MRO of what `self` holds."""
        resolver = self.resolver
        if len(expr) == 3:  # super(Class, obj)
            owner_target = resolver.resolve_chain(module, scope, _chain(expr[1]) or "")
            receiver = self.expr(module, scope, expr[2])
            if owner_target is None or not resolver.is_class(owner_target) or receiver is None:
                return None
            owner = (owner_target.module, owner_target.qualname)
        else:
            owner_name = resolver.enclosing_class(module, scope)
            if owner_name is None:
                return None
            owner = (module, owner_name)
            method = scope
            while resolver.kind(module, method) != FUNCTION or resolver.parent(module, method) != owner_name:
                method = resolver.parent(module, method)
            params = self.params.get((module, method))
            if not params or not params[0]:
                return None
            receiver = self.var(module, method, params[0][0])
        target = self.node()
        self.subscribe(receiver, (_SUPER, target, owner, name, self._caller(module, scope)))
        return target

    def _super_lookup(self, sub: tuple[Any, ...], value: Any) -> None:
        head = value[0]
        if head not in (I, C):
            return
        target, owner, name, caller = sub[1], sub[2], sub[3], sub[4]
        resolver = self.resolver
        dunder = name.startswith("__") and name.endswith("__")
        after = False
        for entry in resolver.mro(value[1], value[2]):
            if not after:
                after = entry.kind == DEFINITION and (entry.module, entry.qualname) == owner
                continue
            if entry.kind == DEFINITION:
                if resolver.specs.get((entry.module, entry.qualname, name)):
                    member = self.var(entry.module, entry.qualname, name)
                    self.subscribe(member, (_BIND, target, value, caller))
                    return
            elif entry.module == _OBJECT or (entry.module in TRANSPARENT_BASES and not dunder):
                continue
            else:
                return

    def _assign(self, module: str, scope: str, pattern: Any, source: int | None, value: Any) -> None:
        if source is None or pattern is None:
            return
        head = pattern[0]
        if head == "n":
            target = self.read(module, scope, pattern[1])
            self.copy(source, target)  # the name's one node: every version, for reads from other scopes
            self._mark_kind(target, _KIND_BIT[_assigned_kind(value)])
            if len(pattern) > 2 and (module, scope, pattern[1]) in self.versioned:
                self.copy(source, self.named_node(("ver", module, scope, pattern[1], pattern[2])))
        elif head == "a":
            base = self.expr(module, scope, pattern[1])
            if base is not None and pattern[2] == "__class__":  # `obj.__class__ = C`: obj is a C now
                self.subscribe(source, (_RECLASS, base))
            elif base is not None:
                self.subscribe(base, (_STORE, pattern[2], source))
        elif head == "s":
            base = self.expr(module, scope, pattern[1])
            if base is not None:
                self.subscribe(base, (_SUBS, pattern[2], source))
        elif head == "u":
            self.subscribe(source, (_UNPACK, module, scope, pattern[1]))

    # -- containers, members ---------------------------------------------------

    def _element(self, container: Any, key: Any) -> int:
        return self.named_node(("e", container, key))

    def _store_element(self, container: Any, key: Any, source: int | None) -> None:
        if source is None:
            return
        self.copy(source, self._element(container, _ANY))
        self.copy(source, self._element(container, _UNKEYED if key is None else key))

    def _member(self, module: str, qualname: str, name: str, skip_self: bool = False) -> int | None:
        """The class-body binding `Class.name` finds through the MRO, as a node (memoised)."""
        key = (module, qualname, name, skip_self)
        members = self._members
        if key in members:
            return members[key]
        found = members[key] = self._find_member(module, qualname, name, skip_self)
        return found

    def _find_member(self, module: str, qualname: str, name: str, skip_self: bool) -> int | None:
        found = self._defining(module, qualname, name, skip_self)
        return None if found is None else self.var(*found, name)

    def _defining(self, module: str, qualname: str, name: str, skip_self: bool = False) -> tuple[str, str] | None:
        """The class whose body binds `name` first in the MRO, or None (also where a base we cannot see comes first)."""
        resolver = self.resolver
        mro = resolver.mro(module, qualname)
        dunder = name.startswith("__") and name.endswith("__")
        for entry in mro[1:] if skip_self else mro:
            if entry.kind == DEFINITION:
                if resolver.specs.get((entry.module, entry.qualname, name)):
                    return entry.module, entry.qualname
            elif entry.module == _OBJECT or (entry.module in TRANSPARENT_BASES and not dunder):
                continue
            else:
                return None
        return None

    def _fields(self, module: str, qualname: str, name: str) -> list[int]:
        if name not in self.stored_attrs:
            return []
        key = (module, qualname, name)
        found = self._field_nodes.get(key)
        if found is None:  # memoised: the nodes `named_node` gives are the same every time
            found = self._field_nodes[key] = [self.named_node(field) for field in self._field_keys(*key)]
        return found

    def _field_keys(self, module: str, qualname: str, name: str) -> list[tuple[str, str, str, str]]:
        """The named-node keys of instance field `name` along the class's MRO (`_fields` makes the nodes)."""
        mro = self.resolver.mro(module, qualname)
        return [("field", entry.module, entry.qualname, name) for entry in mro if entry.kind == DEFINITION]

    # -- constraint application -----------------------------------------------

    def _apply(self, sub: Any, value: Any) -> None:
        # Copies never come here: they are bare target nodes, applied by `copy` and `_drain`; a call
        # is its bare `_Site` (a tuple fewer per call site), the others tagged tuples.
        if type(sub) is _Site:
            self._call(sub, value)
            return
        tag = sub[0]
        if tag == _LOAD:
            self._load(sub[1], sub[2], sub[3], value)
        elif tag == _BIND:
            self._bind(sub[1], sub[2], sub[3], value, len(sub) > 4)
        elif tag == _DESC:
            self._read_member(sub[1], sub[2], sub[3], sub[4], value)
        elif tag == _CLASS_OF:
            # Of an open-world `self`, a base that only its heirs construct is not taken (`_made_by_heirs_only`)
            if value[0] == I and self._open_bases.get(sub[2]) != (value[1], value[2]):
                self.add(sub[1], (C, value[1], value[2]))
        elif tag == _RECLASS:
            if value[0] == C:
                self.add(sub[1], self._made((I, value[1], value[2])))
        elif tag == _STORE:
            if value[0] == I:
                self.copy(sub[2], self.named_node(("field", value[1], value[2], sub[1])))
            elif value[0] == C and self.resolver.specs.get((value[1], value[2], sub[1])):
                self.copy(
                    sub[2], self.var(value[1], value[2], sub[1])
                )  # `cls.attr = ...` of a class attribute
        elif tag == _SUBL:
            self._subscript_load(sub[1], sub[2], value)
        elif tag == _SUBS:
            if value[0] == O:
                self._store_element(value, sub[1], sub[2])
        elif tag in (_ITER, _NEXT):
            self._iterate(sub, value)
        elif tag == _UNPACK:
            self._unpack(sub[1], sub[2], sub[3], value)
        elif tag == _WITH:
            self._with(sub, value)
        elif tag == _SUPER:
            self._super_lookup(sub, value)
        elif tag == _FILTER:
            if self._passes(sub[2], value):
                self.add(sub[1], value)
            else:
                self.filtered += 1
        elif tag == _RAISE and value[0] == C:
            site = _Site(sub[2], sub[1], (), (), None, ("implicit",))
            self._call(site, value)

    # -- guards: isinstance / type() / callable() tests narrowing a read ------------

    def _guard_test(self, module: str, scope: str, guard: Any) -> Any:
        """`(negated, kind, data)` for a guard, or None where it cannot narrow anything."""
        key = (module, scope, guard)
        if key in self._guard_tests:
            return self._guard_tests[key]
        negated = guard[0] == "!"
        inner = guard[1] if negated else guard
        test: Any = None
        if inner[0] == "c":
            test = (negated, "c", None)
        elif inner[0] in ("i", "t"):
            chains = inner[1] if inner[0] == "i" else (inner[1],)
            classes: list[tuple[str, str]] = []
            builtin: set[str] = set()
            for chain in chains:
                target = self.resolver.resolve_chain(module, scope, chain)
                if target is None:
                    break
                if self.resolver.is_class(target) and (inner[0] == "t" or not self._open_class(target)):
                    classes.append((target.module, target.qualname))
                elif target.kind == EXTERNAL and target.module in _BUILTIN_TYPES:
                    builtin.add(target.module)
                else:
                    break
            else:
                test = (negated, inner[0], (frozenset(classes), frozenset(builtin)))
        self._guard_tests[key] = test
        return test

    def _open_class(self, target: Any) -> bool:
        """Whether `isinstance(x, target)` may hold for a class that does not derive from it.

        A `__subclasshook__`/`__instancecheck__` in its MRO, a base outside the analysed
        code (its metaclass may decide), or `register()` of a virtual subclass on it or on
        one of its subclasses.
        """
        resolver = self.resolver
        for entry in resolver.mro(target.module, target.qualname):
            if entry.kind != DEFINITION:
                if entry.module != _OBJECT:
                    return True
                continue
            if resolver.specs.get((entry.module, entry.qualname, "__subclasshook__")) or resolver.specs.get(
                (entry.module, entry.qualname, "__instancecheck__")
            ):
                return True
        if self._registered is None:
            self._registered = set()
            for module, scope, registry in self._register_calls:
                found = resolver.resolve_chain(module, scope, registry)
                if found is not None and resolver.is_class(found):
                    self._registered.add((found.module, found.qualname))
        key = (target.module, target.qualname)
        return any(
            any(entry.kind == DEFINITION and (entry.module, entry.qualname) == key for entry in resolver.mro(*owner))
            for owner in self._registered
        )

    def _outside_bases(self, module: str, qualname: str) -> bool:
        return any(entry.kind != DEFINITION and entry.module != _OBJECT for entry in self.resolver.mro(module, qualname))

    def _passes(self, test: tuple[bool, str, Any], value: Any) -> bool:
        """Whether `value` may be what a read holds after the guard `test` held (or failed, negated)."""
        negated, kind, data = test
        head = value[0]
        if kind == "c":
            if head in (F, B, C, CM):
                return not negated
            if head == I:
                if self._member(value[1], value[2], "__call__") is not None:
                    return not negated
                return True if negated else self._outside_bases(value[1], value[2])
            return negated
        classes, builtin = data
        if kind == "i":
            certain = head == I and any(
                entry.kind == DEFINITION and (entry.module, entry.qualname) in classes
                for entry in self.resolver.mro(value[1], value[2])
            )
        else:
            certain = head == I and (value[1], value[2]) in classes
        if negated:
            return not certain
        if certain:
            return True
        if head == I:
            return kind == "i" and bool(builtin) and self._outside_bases(value[1], value[2])
        if head == C:
            return "builtins.type" in builtin
        if head == O:
            return bool(builtin & _DISPLAY_TYPES)
        if head == PAIR:
            return "builtins.tuple" in builtin
        return False

    def _load(self, target: int, name: str, caller: tuple[str, str], value: Any) -> None:
        head = value[0]
        if head == I:
            for field in self._fields(value[1], value[2], name):
                self.copy(field, target)
            member = self._member(value[1], value[2], name)
            if member is not None:
                if name in self.descriptor_names:
                    self.subscribe(member, (_DESC, target, value, caller, name))
                else:
                    self.subscribe(member, (_BIND, target, value, caller))
        elif head == C:
            member = self._member(value[1], value[2], name)
            if member is not None:
                self.subscribe(member, (_BIND, target, value, caller))
        elif head == M:
            self._member_into(value[1], name, target)
        elif head == O and name in _CONTAINER_METHODS:
            self.add(target, self._made((CM, value, name)))

    def _read_member(self, target: int, receiver: Any, caller: tuple[str, str], name: str, value: Any) -> None:
        """`obj.name` whose member may be what a decorator made: a descriptor runs, a method binds.

        When the member is an instance of an analysed class whose `__get__` calls what it stored
        with the instance (`_calls_getter`: `cached_property`, SQLAlchemy's `memoized_property`) and
        the class body decorated a method `name`, the read calls that `__get__` (the edge), and
        holds what the method returns (it flows as a call C code makes, with no edge of its own:
        `__get__` has the edges to every method it stores). `obj` is not passed: the method's `self`
        stays the open world's (every instance that may inherit it), which holds every receiver a
        read can have, where the receivers the reads pass would be only those the capped nodes kept.
        """
        if value[0] == I:
            get = self._calling_get(value[1], value[2])
            found = None if get is None else self._defining(receiver[1], receiver[2], name)
            method = None if found is None else self.resolver.scopes.get((found[0], f"{found[1]}.{name}"))
            if method is not None and method.kind == FUNCTION:  # not `name = memo(f)` in a class body
                assert get is not None and found is not None
                getter = (F, found[0], f"{found[1]}.{name}")
                key = ("desc", caller, getter, receiver)
                if key not in self.once:
                    self.once.add(key)
                    self._edge(_Site(key, caller, (), (), None, ("implicit",)), get[0], get[1], value)
                    self._call(_Site(key, caller, (), (), target, _BY_C), getter)
                return
        self._bind(target, receiver, caller, value)

    def _calling_get(self, module: str, qualname: str) -> tuple[str, str] | None:
        """The `__get__` (module, qualname) an instance of the class runs when read, if it calls a stored getter."""
        key = (module, qualname)
        if key not in self._gets:
            found = self._defining(module, qualname, "__get__") if self.calling_gets else None
            self._gets[key] = (found[0], f"{found[1]}.__get__") if found in self.calling_gets else None
        return self._gets[key]

    def _bind(
        self, target: int, receiver: Any, caller: tuple[str, str], value: Any, force: bool = False
    ) -> None:
        """A class member read through an instance or class: methods become bound."""
        if value[0] != F or self.resolver.kind(value[1], value[2]) != FUNCTION:
            self.add(target, value)
            return
        mode = self.modes.get((value[1], value[2]), "")
        made = value[3:]  # a function made at one call keeps its context (`contexts`) as a method
        if force:
            self.add(target, self._made((B, value[1], value[2], receiver, *made)))
        elif mode == "static":
            self.add(target, value)
        elif mode == "class":
            owner = receiver if receiver[0] == C else (C, receiver[1], receiver[2])
            self.add(target, self._made((B, value[1], value[2], owner, *made)))
        elif receiver[0] == C:
            self.add(target, value)  # `Class.method`: a plain function
        elif mode == "property":
            key = ("prop", caller, value, receiver)
            if key not in self.once:
                self.once.add(key)
                site = _Site(key, caller, (), (), target, ("implicit",))
                self._call(site, self._made((B, value[1], value[2], receiver, *made)))
        else:
            self.add(target, self._made((B, value[1], value[2], receiver, *made)))

    def _subscript_load(self, target: int, key: Any, value: Any) -> None:
        head = value[0]
        if head == O:
            if key is None:
                self.copy(self._element(value, _ANY), target)
            else:
                self.copy(self._element(value, key), target)
                self.copy(self._element(value, _UNKEYED), target)
        elif head == PAIR and key == 1:
            self.copy(self._element(value[1], _ANY), target)

    def _iterate(self, sub: tuple[Any, ...], value: Any) -> None:
        """`for x in value`: elements, yields, or the class's `__iter__`/`__next__`."""
        target, caller, key, names = sub[1], sub[2], sub[3], sub[4]
        head = value[0]
        if head == O:
            self.copy(self._element(value, _ANY), target)
        elif head == G:
            self.copy(self.named_node(("yield", value[1], value[2])), target)
        elif head == PAIRS:
            self.add(target, (PAIR, value[1]))
        elif head == I and caller is not None:
            name = names[1] if sub[0] == _NEXT else names[0]
            member = self._member(value[1], value[2], name)
            if member is None:
                return
            if sub[0] == _NEXT:
                result = target
            else:
                result = self.node()
                self.subscribe(result, (_NEXT, target, caller, key, names))
            site = _Site((*key, name, value), caller, (), (), result, ("implicit",))
            bound = self.node()
            self.subscribe(bound, site)
            self.subscribe(member, (_BIND, bound, value, caller))

    def _with(self, sub: tuple[Any, ...], value: Any) -> None:
        target, caller, names, key = sub[1], sub[2], sub[3], sub[4]
        head = value[0]
        if head == G:  # a @contextmanager generator: `as` gets what it yields
            self.copy(self.named_node(("yield", value[1], value[2])), target)
        elif head == I:
            for index, name in enumerate(names):
                member = self._member(value[1], value[2], name)
                if member is None:
                    continue
                site = _Site(
                    (*key, name, value),
                    caller,
                    (),
                    (),
                    target if index == 0 else None,
                    ("implicit",),
                )
                bound = self.node()
                self.subscribe(bound, site)
                self.subscribe(member, (_BIND, bound, value, caller))

    def _unpack(self, module: str, scope: str, patterns: tuple[Any, ...], value: Any) -> None:
        head = value[0]
        if head != O and head != PAIR:
            return
        key = ("unpack", module, scope, id(patterns), value)
        if key in self.once:
            return
        self.once.add(key)
        for index, pattern in enumerate(patterns):
            if pattern is None:
                continue
            if head == PAIR:
                if index == 1:
                    self._assign(module, scope, pattern, self._element(value[1], _ANY), None)
                continue
            if pattern[0] == "*":
                rest = (O, module, ("star", id(patterns), value))
                holder = self.node()
                self.add(holder, rest)
                self.copy(self._element(value, _ANY), self._element(rest, _ANY))
                self._assign(module, scope, pattern[1], holder, None)
                continue
            source = self.node()
            self.copy(self._element(value, index), source)
            self.copy(self._element(value, _UNKEYED), source)
            self._assign(module, scope, pattern, source, None)

    # -- calls -----------------------------------------------------------------

    def _call(self, site: _Site, value: Any) -> None:
        head = value[0]
        if head == F:
            self._enter(site, value[1], value[2], None, value)
        elif head == B:
            self._enter(site, value[1], value[2], value[3], value)
        elif head == C:
            new = self._member(value[1], value[2], "__new__")
            if new is not None:  # called with the class as its first argument
                bound = self.node()
                self.subscribe(new, (_BIND, bound, value, site.caller, True))
                shape = (*site.shape, "init", value)
                shape = self._shapes.setdefault(shape, shape)
                self.subscribe(bound, _Site(site.key, site.caller, site.args, site.keywords, None, shape))
            init = self._member(value[1], value[2], "__init__")
            instance = self._made((I, value[1], value[2]))
            if init is not None:
                bound = self.node()
                self.subscribe(init, (_BIND, bound, instance, site.caller))
                shape = (*site.shape, "init", value)
                shape = self._shapes.setdefault(shape, shape)
                self.subscribe(bound, _Site(site.key, site.caller, site.args, site.keywords, None, shape))
            elif new is None:
                self._edge(site, value[1], value[2], value)
            if site.result is not None:
                self.add(site.result, instance)
        elif head == I:
            member = self._member(value[1], value[2], "__call__")
            if member is not None:
                bound = self.node()
                self.subscribe(bound, site)
                self.subscribe(member, (_BIND, bound, value, site.caller))
        elif head == CM:
            self._container_method(site, value[1], value[2])
        elif head == PF:
            function, args, keywords = self.partials[value]
            key = (PF, site.key, value)  # once per site (a partial of itself would call itself forever)
            if function is not None and key not in self.once:  # C code calls the function: its result flows back, no edge
                self.once.add(key)
                call = _Site(site.key, site.caller, (*args, *site.args), (*keywords, *site.keywords), site.result, _BY_C)
                self.subscribe(function, call)

    def _container_method(self, site: _Site, container: Any, name: str) -> None:
        args = site.args
        if name in ("append", "add") and args:
            self._store_element(container, None, args[0])
        elif name == "insert" and len(args) > 1:
            self._store_element(container, None, args[1])
        elif name in ("extend", "update") and args and args[0] is not None:
            self.subscribe(args[0], (_ITER, self._element(container, _ANY), None, None, _ITER_NAMES))
        elif name in ("get", "pop", "setdefault") and site.result is not None:
            self.copy(self._element(container, _ANY), site.result)
            if name == "setdefault" and len(args) > 1:
                self._store_element(container, None, args[1])
        elif name in ("values", "copy") and site.result is not None:
            self.add(site.result, container)
        elif name == "items" and site.result is not None:
            self.add(site.result, (PAIRS, container))

    def _enter(self, site: _Site, module: str, qualname: str, receiver: Any, value: Any) -> None:
        """Run `module.qualname` at `site`: the edge, arguments into parameters, the result out."""
        self._edge(site, module, qualname, value)
        params = self.params.get((module, qualname))
        # A wrapper's call for one context (`_THROUGH`) is there for its result only. Its arguments are
        # the wrapper's own call's, which pass them on through `*args` and so carry nothing (README);
        # passing them here as well filled nodes past the cap (wrapper_contexts.md: 999 edges lost).
        if params is not None and site.shape is not _THROUGH:
            positional, keyword_only = params[0], params[1]
            offset = 0
            if receiver is not None and positional:
                self.add(self.var(module, qualname, positional[0]), receiver)
                offset = 1
            star, double = params[2], params[3]
            for index, arg in enumerate(site.args):
                if index + offset < len(positional):
                    self.copy(arg, self.var(module, qualname, positional[index + offset]))
                elif star is not None and arg is not None:  # `*args` is a tuple of the rest
                    rest = (O, module, ("*args", qualname))
                    self.add(self.var(module, qualname, star), rest)
                    self._store_element(rest, index + offset - len(positional), arg)
            for name, arg in site.keywords:
                if name in positional or name in keyword_only:
                    self.copy(arg, self.var(module, qualname, name))
                elif double is not None and arg is not None:  # `**kwargs` is a dict of the others
                    rest = (O, module, ("**kwargs", qualname))
                    self.add(self.var(module, qualname, double), rest)
                    self._store_element(rest, name, arg)
        if site.result is not None:
            if (module, qualname) in self.generators:
                self.add(site.result, (G, module, qualname))
            elif module in self.resolver.fallbacks and self.resolver.made_by_fallback(module, qualname):
                pass  # a C object's model (a cache's `wrapper`): its result is the wrapped function's own
            else:
                self.copy(self.named_node(("ret", module, qualname)), site.result)
                for conditions in self.conditional.get((module, qualname), ()):
                    if self._holds(site, module, qualname, receiver, conditions):
                        self.copy(self.named_node(("retc", module, qualname, conditions)), site.result)
                refs = self.summary.get((module, qualname))
                if refs:
                    for ref in sorted(refs, key=repr):
                        under = self.ref_conditions.get((module, qualname, ref)) if self.ref_conditions else None
                        if under is not None and not any(
                            self._holds(site, module, qualname, receiver, conditions) for conditions in under
                        ):
                            continue
                        self._pass_through(site, module, qualname, receiver, ref, site.result, value)

    def _holds(
        self, site: _Site, module: str, qualname: str, receiver: Any, conditions: tuple[tuple[str, bool], ...]
    ) -> bool:
        """Whether returns under `conditions` (`p` is / is not None) may run at this call.

        Only two things are known: a parameter the call does not pass holds its default, None,
        and the function a decoration passes is not None. Anything else may be either.
        """
        params = self.params.get((module, qualname))
        if params is None:
            return True
        positional, keyword_only = params[0], params[1]
        offset = 1 if receiver is not None and positional else 0
        specs = self.resolver.specs
        for name, is_none in conditions:
            found = specs.get((module, qualname, name))
            if found is None or len(found) != 1:  # bound again in the body: its value there is not the call's
                continue
            arg: Any = _MISSING
            if name in positional:
                index = positional.index(name) - offset
                if index < 0:
                    continue
                if index < len(site.args):
                    arg = site.args[index]
            elif name not in keyword_only:
                continue
            if arg is _MISSING:
                for keyword, value in site.keywords:
                    if keyword == name:
                        arg = value
                        break
            if arg is _MISSING:
                if site.key in self.starred:  # perhaps passed through `*xs` or `**kw`
                    continue
                if not is_none:  # not passed: its default, None
                    return False
            elif arg in self.decorating and is_none:
                return False
        return True

    def _edge(self, site: _Site, module: str, qualname: str, value: Any) -> None:
        if site.shape is _BY_C or site.shape is _THROUGH:
            return
        key = (site.key, module, qualname)
        if key in self.edge_sites:
            return
        caller_module, caller = site.caller
        fallbacks = self.resolver.fallbacks
        if fallbacks and (module in fallbacks or caller_module in fallbacks):
            is_fallback = self.resolver.is_fallback
            if is_fallback(module, qualname) or is_fallback(caller_module, caller):
                return  # C code runs instead (`Resolver._accelerate`): no edge, the site not resolved
        self.edge_sites.add(key)
        # One call site's shape bare (most function pairs have one), a list from the second.
        pair = (caller_module, caller, module, qualname)
        found = self.edges.get(pair)
        if found is None:
            self.edges[pair] = site.shape
        elif type(found) is list:
            found.append(site.shape)
        else:
            self.edges[pair] = [found, site.shape]

    def _shape_kind(self, shape: tuple[Any, ...], module: str, qualname: str) -> str:
        head = shape[0]
        if head == "n":
            where, scope, name = shape[1]
            node = self.variables.get((where, scope, name))
            kinds = self._kinds_of(node) if node is not None else 0
            params = self.params.get((where, scope))
            if kinds & _DIRECT_BIT:  # def, import, self, cls
                return DIRECT
            if params is not None and (name in params[0] or name in params[1] or name in params[2:]):
                return ARGUMENT
            if not kinds:
                return DIRECT
            return KINDS[(kinds & -kinds).bit_length() - 1]  # the strongest: the lowest bit
        if head == "a":
            attr, via_super = shape[1], shape[2]
            if via_super:
                return METHOD
            name = qualname.rsplit(".", 1)[-1]
            target_name = shape[4][2].rsplit(".", 1)[-1] if len(shape) > 4 else name
            if attr in (name, target_name):
                parent = self.resolver.parent(module, qualname)
                return (
                    METHOD
                    if parent and self.resolver.kind(module, parent) == CLASS and len(shape) <= 4
                    else DIRECT
                )
            return ATTRIBUTE
        return {"r": RETURNED, "s": CONTAINER, "l": LAMBDA_KIND, "u": ALIASED}.get(head, DIRECT)

    # -- results ---------------------------------------------------------------

    def calls(self) -> list[KindedCall]:
        """The edges in order, each with its sites' kinds (600k pairs, 1.1M sites on 3.4M lines).

        A name's shape (`("n", where)`) has one kind whatever the callee: found once per shape
        object (87k for 508k such sites), by its id (`edges` keeps the shapes alive meanwhile).
        Most pairs have one site: its kinds are one shared 1-tuple, not a set sorted.
        """
        edges = self.edges
        fixed = _FIXED_KINDS
        shape_kind = self._shape_kind
        named: dict[int, str] = {}  # id of an "n" shape -> its kind
        alone: dict[str, tuple[str]] = {}  # kind -> (kind,)

        def kind_of(shape: tuple[Any, ...], module: str, qualname: str) -> str:
            if shape[0] != "n":
                return fixed.get(shape[0]) or shape_kind(shape, module, qualname)
            kind = named.get(id(shape))
            if kind is None:
                kind = named[id(shape)] = shape_kind(shape, module, qualname)
            return kind

        result: list[KindedCall] = []
        append = result.append
        for key in sorted(edges):  # the keys are unique: the order of sorting the items
            caller_module, caller, callee_module, callee = key
            found = edges[key]
            if type(found) is list:
                kinds = {kind_of(shape, callee_module, callee) for shape in found}
                ordered = tuple(sorted(kinds, key=_RANK.__getitem__))
                count = len(found)
            else:
                kind = kind_of(found, callee_module, callee)
                ordered = alone.get(kind) or alone.setdefault(kind, (kind,))
                count = 1
            append(KindedCall(caller_module, caller, callee_module, callee, count, ordered[0], ordered))
        return result

    def drop_constraints(self) -> None:
        """Forget what only solving reads; the edges, what reading them out needs, and the stats stay.

        Most of the solve's memory on 3M lines (subscribers, the compile's memos, and the
        points-to sets themselves, counted first): dropped before the results are read out, it
        is reused by what comes after (calls, the graph, its JSON) instead of adding to the peak.
        `calls`, `call_stats` and `stats` answer as before; nothing may be added or solved after.
        """
        self._final = self.stats()
        self._resolved = self._resolved_sites()
        self.edge_sites = set()  # read only by `_edge` and `_resolved_sites` (100 MB on 3.4M lines)
        self.subs = []
        self.work = []
        self.copies = {}
        self.once = set()
        self._values = {}
        self._located = {}
        self._reads = {}
        self._loads = {}
        self._kept_loads = {}
        self._members = {}
        self._field_nodes = {}
        self.site_records = {}
        self.pts = []
        self.named = {}
        self.results = {}
        self.capped = set()
        self.contexts = []
        self.context_ids = {}
        self.summary = {}
        self.ref_conditions = {}
        self.starred = set()
        self.decorated = []
        self.decorating = set()
        self.conditional = {}
        self.partials = {}
        self.passed = set()
        self.receivers = []
        self._open_bases, self._constructors = {}, {}
        self._heirs = None
        self._guard_tests = {}
        self._callers = {}
        self.site_callees = {}
        self._shapes = {}
        self._full = {}
        self._frozen_of = {}

    def stats(self) -> PointsToStats:
        if self._final is not None:
            return self._final
        return PointsToStats(
            nodes=len(self.pts),
            values=sum(1 if type(held) is tuple and held else len(held) for held in self.pts),
            steps=self.steps,
            capped_nodes=len(self.capped),
            truncated=self.truncated,
            guards=self.guard_count,
            filtered=self.filtered,
            versions=sum(1 for key in self.named if key[0] == "ver"),
            max_steps=self.max_steps,
        )

    def _resolved_sites(self) -> dict[str, bytearray]:
        """Per module, per call site: 1 where the site reached an analysed callee (its key in `edge_sites`).

        A written site's key is its result node: a flag per node, not a set of them (which, made
        by `drop_constraints` before the tables go, was the peak of the run: +65 MB on 3.4M lines).
        """
        reached = bytearray(len(self.pts))
        for key in self.edge_sites:
            if type(key[0]) is int:
                reached[key[0]] = 1
        return {
            module: bytearray(0 if node is None else reached[node] for node in table)
            for module, table in self.results.items()
        }

    def call_stats(self) -> CallStats:
        """Call sites written in the source: resolved (an analysed callee), external, unresolved, dynamic."""
        flags = self._resolved if self._resolved is not None else self._resolved_sites()
        resolved = external = unresolved = dynamic = 0
        resolve_chain = self.resolver.resolve_chain
        targets: dict[tuple[str, str, str], Any] = {}  # `self.assertEqual` again and again in one scope
        for module in sorted(self.modules):
            facts = self.modules[module]
            dynamic += facts.dynamic_calls  # callees that are not dotted names, tracked or not
            row = flags.get(module, b"")  # per site of the module: 1 if it resolved
            packed = self._compiled_sites.get(module)
            stat_sites = _stat_sites(facts.flows) if packed is None else marshal.loads(packed) if packed else ()
            for scope, site, chain in stat_sites:
                if site < len(row) and row[site]:
                    resolved += 1
                    dynamic -= chain is None
                    continue
                if chain is None:
                    continue
                key = (module, scope, chain)
                target = targets.get(key, _UNSEEN)
                if target is _UNSEEN:
                    target = targets[key] = resolve_chain(module, scope, chain)
                if target is not None and target.kind == EXTERNAL:
                    external += 1
                elif target is not None and target.kind == MODULE:
                    external += 1  # calling a module object: not analysed code
                else:
                    unresolved += 1
        return CallStats(resolved, external, unresolved, dynamic)


def _stat_sites(flows: tuple[tuple[Any, ...], ...]) -> tuple[tuple[str, int, str | None], ...]:
    """What `call_stats` reads of a module's flows: (scope, site, callee chain or None) per CALL_SITE, in order."""
    return tuple([(fact[1], fact[2], _chain(fact[3])) for fact in flows if fact[0] == CALL_SITE])


def _pack_stat_sites(flows: tuple[tuple[Any, ...], ...]) -> bytes:
    """`_stat_sites` as `marshal` bytes (b"" for none): a fifth of the packed flows."""
    sites = _stat_sites(flows)
    return marshal.dumps(sites) if sites else b""


def _context_of(value: Any) -> int | None:
    """The context a function value was made in (`PointsTo.contexts`), a method's included; else None."""
    if value[0] == F:
        return value[3] if len(value) > 3 else None
    if value[0] == B:
        return value[4] if len(value) > 4 else None
    return None


def _chain(expr: Any) -> str | None:
    """`a.b.c` for a name/attribute expression (`super().m` too), else None."""
    parts: list[str] = []
    if expr is not None and expr[0] == "k":
        expr = expr[1]
    while expr is not None and expr[0] in ("a", "k"):
        if expr[0] == "k":
            expr = expr[1]
            continue
        parts.append(expr[2])
        expr = expr[1]
    if expr is None:
        return None
    if expr[0] == "n":
        parts.append(expr[1])
    elif expr[0] == "S" and parts:
        parts.append("super()")
    else:
        return None
    return ".".join(reversed(parts))


def _unpacked_bases(module: str, scope: str, pattern: Any, into: list[tuple[str, str, Any]]) -> None:
    """The `_loads` keys of every attribute expression in the bases of a tuple target's parts."""
    for part in pattern[1]:
        if part is None:
            continue
        if part[0] == "*":
            part = part[1]
        if part is None:
            continue
        head = part[0]
        if head == "u":
            _unpacked_bases(module, scope, part, into)
        elif head == "a" or head == "s":
            pending = [part[1]]
            while pending:
                expr = pending.pop()
                if type(expr) is not tuple:
                    continue
                if expr and expr[0] == "a":
                    into.append((module, scope, expr))
                pending.extend(expr)


def _assigned_kind(value: Any) -> str:
    if value is None:
        return ALIASED
    return {"r": RETURNED, "s": CONTAINER, "l": LAMBDA_KIND, "a": ATTRIBUTE}.get(value[0], ALIASED)


def _stored_attrs(pattern: Any, into: set[str]) -> None:
    if pattern is None:
        return
    if pattern[0] == "a":
        into.add(pattern[2])
    elif pattern[0] == "u":
        for part in pattern[1]:
            _stored_attrs(part[1] if part is not None and part[0] == "*" else part, into)


def _method_mode(decorators: tuple[str, ...]) -> str:
    last = {name.rsplit(".", 1)[-1] for name in decorators}
    if "staticmethod" in last:
        return "static"
    if "classmethod" in last:
        return "class"
    if last & {"property", "cached_property"}:
        return "property"
    return ""


def solve(
    modules: Mapping[str, ModuleFacts],
    resolver: Resolver | None = None,
    flows: MutableMapping[str, bytes] | None = None,
) -> PointsTo:
    """Build and solve the points-to constraints of `modules` (`flows`: see `PointsTo`)."""
    analysis = PointsTo(modules, resolver, flows)
    analysis.solve()
    return analysis
