"""Frozen result types of `codesmell graph`; every sequence is sorted for stable output."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

DEFAULT_SEED = 42
DEFAULT_RESOLUTION = 1.0
DEFAULT_IMPORT_WEIGHT = 1.0
DEFAULT_CALL_WEIGHT = 0.25
DEFAULT_HUB_WEIGHTING = 1.0
DEFAULT_ATTACH_WEIGHT = 1.0
ALGORITHMS = ("louvain", "leiden")  # `--algorithm`; leiden needs the `leiden` extra (leidenalg, igraph)
DEFAULT_ALGORITHM = "louvain"
ALGORITHM_NAMES = {"louvain": "Louvain", "leiden": "Leiden"}  # as outputs name them

FORMATS = ("json", "dot", "graphml", "importlinter", "tach")  # what `codesmell graph --format` can write

_T = TypeVar("_T")


def _pickled_as_tuples(cls: type[_T]) -> type[_T]:
    """Pickle instances as `cls(*fields)`: a slotted dataclass's default pickling calls
    `dataclasses.fields` per object (7 s of the 3M-line graph's cache entry, 1M calls)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)
    if len(names) == 1:
        def reduce(self: Any) -> tuple[Any, ...]:
            return cls, (values(self),)
    else:
        def reduce(self: Any) -> tuple[Any, ...]:
            return cls, values(self)
    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


IMPORT = "import"
CALL = "call"
PACKAGE = "package"  # attachment of a code-less module to its package (ModuleGraph.attachments only)


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class GraphOptions:
    """Clustering parameters; the defaults make every run reproducible."""

    seed: int = DEFAULT_SEED
    resolution: float = DEFAULT_RESOLUTION
    import_weight: float = DEFAULT_IMPORT_WEIGHT  # per importing module -> imported module
    call_weight: float = DEFAULT_CALL_WEIGHT  # per distinct (caller, callee) function pair
    external: bool = False  # keep imported modules outside the analysed code as nodes
    hub_weighting: float = DEFAULT_HUB_WEIGHTING  # exponent of the hub factor; 0 = off
    attach_weight: float = DEFAULT_ATTACH_WEIGHT  # code-less module <-> its package; 0 = off
    algorithm: str = DEFAULT_ALGORITHM  # one of ALGORITHMS


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class ModuleNode:
    name: str
    path: str  # "" for an external module
    package: str  # the package the file lives in ("" at top level)
    community: int
    external: bool = False


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Edge:
    """A directed dependency; `weight` is what it adds to the clustering graph."""

    source: str
    target: str
    kind: str  # IMPORT or CALL
    weight: float
    count: int  # imported names, or distinct (caller, callee) function pairs
    type_checking: bool = False  # every import of this pair is under `if TYPE_CHECKING:`
    lazy: bool = False  # every import of this pair is inside a function
    factor: float = 1.0  # hub factor of the target already applied to `weight`


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Call:
    caller: str
    callee: str
    count: int  # call sites
    kind: str = "direct"  # the strongest of `kinds` (see codesmell.graph.pointsto.KINDS)
    kinds: tuple[str, ...] = ("direct",)


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Community:
    id: int
    modules: tuple[str, ...]
    internal_weight: float  # undirected edges with both ends inside
    external_weight: float  # undirected edges with one end inside
    dominant_package: str
    dominant_share: float  # fraction of the modules that live in dominant_package
    name: str = ""  # tells communities apart: common package, hub modules when packages repeat


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Split:
    """A community whose members were not connected (Louvain's defect), and its connected parts."""

    level: int
    modules: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Level:
    """One level of the dendrogram (0 is the finest), after the connectivity split.

    Louvain's levels are its aggregations; Leiden's are its refinement's (see `codesmell.graph.leiden`).
    """

    level: int
    modularity: float
    communities: tuple[tuple[str, ...], ...]  # index = community id at this level


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Cycle:
    """A strongly connected component of the runtime import graph."""

    modules: tuple[str, ...]
    example: tuple[str, ...]  # one shortest cycle through the first module, closed


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class Misplaced:
    module: str
    package: str
    community: int
    dominant_package: str
    share: float
    reason: str = ""  # why, from its links: "3 of its 4 linked modules are in `billing`; ..."
    home: int = -1  # the community holding most of its own package: where it would belong
    score: float = 0.0  # strength of the evidence (verdicts come highest first); 0 without a graph


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class GraphStats:
    modules: int = 0
    external_modules: int = 0
    import_edges: int = 0
    call_edges: int = 0
    calls_resolved: int = 0
    calls_external: int = 0
    calls_unresolved: int = 0
    calls_dynamic: int = 0
    imports_unresolved: int = 0  # relative imports above the top package, missing modules
    duplicate_modules: tuple[str, ...] = ()  # module names given twice; the first path is kept
    pointsto: tuple[tuple[str, int | bool], ...] = ()  # solver size and bounds (PointsToStats fields)


@_pickled_as_tuples
@dataclass(frozen=True, slots=True)
class ModuleGraph:
    """Everything `codesmell graph` reports, computed without I/O."""

    options: GraphOptions
    modules: tuple[ModuleNode, ...]
    edges: tuple[Edge, ...]
    calls: tuple[Call, ...]
    communities: tuple[Community, ...]
    modularity: float
    levels: tuple[Level, ...]
    splits: tuple[Split, ...]
    cycles: tuple[Cycle, ...]
    misplaced: tuple[Misplaced, ...]
    stats: GraphStats
    attachments: tuple[Edge, ...] = ()  # kind PACKAGE: code-less modules tied to their package
