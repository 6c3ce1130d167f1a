"""What one module declares and references, recorded symbolically.

`ModuleFacts` is extracted from a single LibCST tree without knowing any other
module; names are resolved later, across every module at once (`resolve.py`).
That split lets the engine extract facts in worker processes and cache them as
JSON keyed by the file's content hash.
"""

from __future__ import annotations

import marshal
import sys
from dataclasses import dataclass, field
from itertools import starmap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # LibCST takes 0.15-0.25 s to import; a warm graph run parses nothing
    from collections.abc import Sequence

    import libcst as cst

    from codesmell.cst.lines import LineIndex

# Scope kinds. Only functions and classes are nodes of the call graph; lambdas
# and comprehensions are recorded because their parameters and targets shadow
# outer names.
FUNCTION = "function"
CLASS = "class"
LAMBDA = "lambda"
COMPREHENSION = "comprehension"

# Binding kinds (besides imports, which are kept as `ImportFact`s).
DEF = "def"  # def/class statement; target = qualname of the definition
ALIAS = "alias"  # `name = dotted.chain`; target = the chain
OPAQUE = "opaque"  # any other binding: parameters, assignments, loop targets...
SELF = "self"  # first parameter of a method; target = qualname of the class
CLS = "cls"  # first parameter of a classmethod; target = qualname of the class
GLOBAL = "global"  # `global name` in a function
NONLOCAL = "nonlocal"  # `nonlocal name` in a function

SUPER = "super()"  # first element of a call chain written `super().name`


@dataclass(frozen=True, slots=True)
class ImportFact:
    """One imported name.

    `module` is absolute (relative imports are resolved against the importing
    module) or "" when a relative import climbs above the top-level package.
    `name` is None for `import module`, the imported name (or "*") for
    `from module import name`. `alias` is the `as` name when one is written.
    `line` and `col` (0-based, the line's indent) locate the imported name, so
    the architecture gate (CSM3xx) can name the import line; 0 when unknown.
    `guarded`: a `from` import in the body of a `try` that catches ImportError,
    in the try's own scope, with no binding of the name after that `try`: when
    the import succeeds it is the name's value, whatever the handler defines
    (how CPython's modules put their C accelerators over the Python fallback).
    """

    scope: str
    module: str
    name: str | None
    alias: str | None
    level: int
    type_checking: bool
    line: int = 0
    col: int = 0
    guarded: bool = False

    @property
    def bound_name(self) -> str | None:
        """The local name this import binds (None for a star import)."""
        if self.alias is not None:
            return self.alias
        if self.name is None:
            return self.module.split(".")[0]
        return None if self.name == "*" else self.name

    def to_json(self) -> list[Any]:
        return [
            self.scope, self.module, self.name, self.alias, self.level, self.type_checking, self.line, self.col,
            self.guarded,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> ImportFact:
        return cls(*data)


@dataclass(frozen=True, slots=True)
class ScopeFact:
    """A function, class, lambda or comprehension and where it is nested.

    `qualname` follows `__qualname__` (`outer.<locals>.inner`, `Class.method`);
    lambdas and comprehensions get a numbered pseudo-name that never reaches
    the output. `bases` and `decorators` are dotted chains as written, "" for
    an expression that is not a plain dotted name.
    """

    qualname: str
    kind: str
    parent: str
    bases: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()

    def to_json(self) -> list[Any]:
        return [self.qualname, self.kind, self.parent, list(self.bases), list(self.decorators)]

    @classmethod
    def from_json(cls, data: list[Any]) -> ScopeFact:
        qualname, kind, parent, bases, decorators = data
        return cls(qualname, kind, parent, tuple(bases), tuple(decorators))


@dataclass(frozen=True, slots=True)
class BindingFact:
    """A local name bound in a scope by something other than an import."""

    scope: str
    name: str
    kind: str
    target: str = ""

    def to_json(self) -> list[Any]:
        return [self.scope, self.name, self.kind, self.target]

    @classmethod
    def from_json(cls, data: list[Any]) -> BindingFact:
        scope, name, kind, target = data
        return cls(scope, name, kind, target)


@dataclass(frozen=True, slots=True)
class CallFact:
    """Calls written `target(...)` in `scope`, `count` times.

    `target` is a dotted chain as written (`mod.f`, `self.method`, `Class`),
    with `super()` as a possible first element.
    """

    scope: str
    target: str
    count: int = 1

    def to_json(self) -> list[Any]:
        return [self.scope, self.target, self.count]

    @classmethod
    def from_json(cls, data: list[Any]) -> CallFact:
        scope, target, count = data
        return cls(scope, target, count)


def pack_flows(flows: tuple[tuple[Any, ...], ...], strings_interned: bool = False) -> bytes:
    """`flows` as `marshal` bytes: what a module's flow facts are kept as until the solver reads them.

    Held as objects, the flows are three quarters of the facts' memory (1.2 GB on the
    3.4M-line corpus); marshalled they are a sixth of that, and `marshal.loads` gives
    the same tuples back (sharing included) at C speed, one module at a time.

    Their strings are interned first (`interned`, unless `strings_interned` says they are):
    `marshal` marks them so and unpacking interns them again, so the names the solver keeps
    (variables, attributes, call shapes, parameters) are one string each across all modules
    instead of one per occurrence: 165 MB less at the end of the solve on 3.4M lines.
    """
    if not flows:
        return b""
    return marshal.dumps(flows if strings_interned else interned(flows))


def interned(data: Any) -> Any:
    """`data` (nested tuples) with every string interned; which tuples are one object is kept."""
    memo: dict[int, Any] = {}
    intern = sys.intern

    def walk(item: Any) -> Any:
        kind = type(item)
        if kind is str:
            return intern(item)
        if kind is not tuple:
            return item
        found = memo.get(id(item))
        if found is None:
            found = memo[id(item)] = tuple(map(walk, item))
        return found

    try:
        return walk(data)
    finally:
        walk = None  # type: ignore[assignment]  # a recursive closure: a cycle holding `memo`


@dataclass(frozen=True, slots=True, eq=False)
class ModuleFacts:
    """Everything the graph builder needs from one file, with no LibCST nodes.

    The points-to flows (`codesmell.graph.flows`) are stored packed (`pack_flows`):
    `flows` unpacks them on each read, so a caller reads them once per pass.
    """

    module: str
    is_package: bool
    imports: tuple[ImportFact, ...] = ()
    scopes: tuple[ScopeFact, ...] = ()
    bindings: tuple[BindingFact, ...] = ()
    calls: tuple[CallFact, ...] = ()
    dynamic_calls: int = 0  # calls whose callee is not a dotted name: f()(), x[0]()
    all_names: tuple[str, ...] | None = None  # literal `__all__`, if any
    packed_flows: bytes = field(default=b"", repr=False)  # `pack_flows` of the flow facts
    flow_count: int = 0  # len(flows)

    @classmethod
    def of(
        cls,
        module: str,
        is_package: bool,
        imports: tuple[ImportFact, ...] = (),
        scopes: tuple[ScopeFact, ...] = (),
        bindings: tuple[BindingFact, ...] = (),
        calls: tuple[CallFact, ...] = (),
        dynamic_calls: int = 0,
        all_names: tuple[str, ...] | None = None,
        flows: tuple[tuple[Any, ...], ...] = (),
        strings_interned: bool = False,
    ) -> ModuleFacts:
        """The facts with `flows` as tuples (packed here; `strings_interned`: see `pack_flows`)."""
        return cls(module, is_package, imports, scopes, bindings, calls, dynamic_calls, all_names,
                   pack_flows(flows, strings_interned), len(flows))

    @property
    def flows(self) -> tuple[tuple[Any, ...], ...]:
        """The flow facts, unpacked (a new copy at each read)."""
        packed = self.packed_flows
        return marshal.loads(packed) if packed else ()  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        """Equal facts; the flows compared unpacked (`marshal` bytes of equal tuples may differ in sharing)."""
        if type(other) is not ModuleFacts:
            return NotImplemented
        return (
            self.module == other.module
            and self.is_package == other.is_package
            and self.imports == other.imports
            and self.scopes == other.scopes
            and self.bindings == other.bindings
            and self.calls == other.calls
            and self.dynamic_calls == other.dynamic_calls
            and self.all_names == other.all_names
            and self.flow_count == other.flow_count
            and self.flows == other.flows
        )

    def __hash__(self) -> int:
        return hash((self.module, self.is_package, self.imports, self.scopes, self.bindings, self.calls))

    def to_json(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "is_package": self.is_package,
            "imports": [fact.to_json() for fact in self.imports],
            "scopes": [fact.to_json() for fact in self.scopes],
            "bindings": [fact.to_json() for fact in self.bindings],
            "calls": [fact.to_json() for fact in self.calls],
            "dynamic_calls": self.dynamic_calls,
            "all_names": None if self.all_names is None else list(self.all_names),
            "flows": self.flows,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain tuples, rebuilt by `_unpickle_facts`; the flows as their packed bytes.

        Results come back from the pool workers pickled; the default pickling of
        frozen slotted dataclasses calls `dataclasses.fields()` for each of the
        ~160k facts of the standard library (0.45 s CPU in the workers, 0.8 s in
        the main process). Plain tuples pickle in C and shrink the payload.
        """
        return (
            _unpickle_facts,
            (
                self.module,
                self.is_package,
                tuple(
                    (f.scope, f.module, f.name, f.alias, f.level, f.type_checking, f.line, f.col, f.guarded)
                    for f in self.imports
                ),
                tuple((f.qualname, f.kind, f.parent, f.bases, f.decorators) for f in self.scopes),
                tuple((f.scope, f.name, f.kind, f.target) for f in self.bindings),
                tuple((f.scope, f.target, f.count) for f in self.calls),
                self.dynamic_calls,
                self.all_names,
                self.packed_flows,
                self.flow_count,
            ),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModuleFacts:
        from codesmell.graph.flows import tuplify

        all_names = data["all_names"]
        return cls.of(
            module=data["module"],
            is_package=data["is_package"],
            imports=tuple(ImportFact.from_json(item) for item in data["imports"]),
            scopes=tuple(ScopeFact.from_json(item) for item in data["scopes"]),
            bindings=tuple(BindingFact.from_json(item) for item in data["bindings"]),
            calls=tuple(CallFact.from_json(item) for item in data["calls"]),
            dynamic_calls=data["dynamic_calls"],
            all_names=None if all_names is None else tuple(all_names),
            flows=tuplify(data["flows"]),
            strings_interned=True,
        )


def _unpickle_facts(
    module: str,
    is_package: bool,
    imports: tuple[tuple[str, str, str | None, str | None, int, bool, int, int, bool], ...],
    scopes: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...],
    bindings: tuple[tuple[str, str, str, str], ...],
    calls: tuple[tuple[str, str, int], ...],
    dynamic_calls: int,
    all_names: tuple[str, ...] | None,
    packed_flows: bytes = b"",
    flow_count: int = 0,
) -> ModuleFacts:
    """Inverse of `ModuleFacts.__reduce__`."""
    return ModuleFacts(
        module,
        is_package,
        tuple(starmap(ImportFact, imports)),
        tuple(starmap(ScopeFact, scopes)),
        tuple(starmap(BindingFact, bindings)),
        tuple(starmap(CallFact, calls)),
        dynamic_calls,
        all_names,
        packed_flows,
        flow_count,
    )


def extract_module_facts(
    module: cst.Module,
    module_name: str,
    is_package: bool,
    lines: LineIndex | None = None,
    text_lines: Sequence[str] | None = None,
) -> ModuleFacts:
    """Imports, definitions, bindings and call sites of an already parsed module.

    With the module's `LineIndex` and text lines, imports carry their line and column.
    """
    from codesmell.graph.collector import collect

    return collect(module, module_name, is_package, lines, text_lines)


def resolve_relative(module_name: str, is_package: bool, level: int, target: str | None) -> str:
    """Absolute module for `from <level dots><target> import ...`; "" if it climbs too high."""
    if level == 0:
        return target or ""
    package = module_name.split(".") if is_package else module_name.split(".")[:-1]
    if not module_name or len(package) < level:
        return ""
    base = package[: len(package) - (level - 1)]
    if target:
        base = [*base, target]
    return ".".join(base)
