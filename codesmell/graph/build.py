"""Import and call edges between modules, and the networkx graphs built from them.

Edge weights (see README): an import adds `import_weight` per (importer,
imported) pair however many names it imports; calls add `call_weight` per
distinct (caller function, callee function) pair between two modules. The
clustering graph is undirected: weights are summed per pair of modules, both
directions and both kinds, self-loops left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from codesmell.graph.facts import ImportFact, ModuleFacts
from codesmell.graph.model import CALL, IMPORT, Edge, GraphOptions
from codesmell.graph.pointsto import KindedCall
from codesmell.graph.resolve import ResolvedCall, Resolver


def import_target(
    fact: ImportFact, modules: Mapping[str, object], packages: set[str]
) -> tuple[str, bool] | None:
    """(module depended on, is external) for one import, or None if it cannot be placed.

    `from pkg import name` depends on the submodule `pkg.name` when it is analysed,
    else on `pkg`; `import a.b.c` on the longest analysed prefix. An outside module
    is named by its top-level package. A missing module inside an analysed package
    (or a relative import above the top package) cannot be placed.
    """
    if not fact.module:
        return None
    parts = fact.module.split(".")
    candidates = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if fact.name is not None and fact.name != "*":
        candidates.insert(0, f"{fact.module}.{fact.name}")
    for candidate in candidates:
        if candidate in modules:
            return candidate, False
    top = parts[0]
    if top in packages:
        return None
    return top, True


@dataclass
class _Pair:
    count: int = 0
    type_checking: bool = True
    lazy: bool = True


@dataclass(frozen=True, slots=True)
class ImportEdges:
    edges: tuple[Edge, ...]
    externals: tuple[str, ...]
    unresolved: int


def import_edges(
    modules: Mapping[str, ModuleFacts], resolver: Resolver, options: GraphOptions
) -> ImportEdges:
    """Directed import edges between analysed modules (and outside ones if asked for)."""
    pairs: dict[tuple[str, str], _Pair] = {}
    externals: set[str] = set()
    unresolved = 0
    for source in sorted(modules):
        for fact in modules[source].imports:
            if fact.module == "__future__":
                continue  # a compiler directive, not a dependency
            placed = import_target(fact, modules, resolver.packages)
            if placed is None:
                unresolved += 1
                continue
            target, external = placed
            if target == source or (external and not options.external):
                continue
            if external:
                externals.add(target)
            pair = pairs.setdefault((source, target), _Pair())
            pair.count += 1
            pair.type_checking &= fact.type_checking
            pair.lazy &= resolver.caller_of(source, fact.scope) != ""
    edges = tuple(
        Edge(source, target, IMPORT, options.import_weight, pair.count, pair.type_checking, pair.lazy)
        for (source, target), pair in sorted(pairs.items())
    )
    return ImportEdges(edges, tuple(sorted(externals)), unresolved)


def call_edges(calls: Iterable[ResolvedCall | KindedCall], options: GraphOptions) -> tuple[Edge, ...]:
    """Module-level call edges: one per pair of different modules, `count` its distinct function pairs.

    The pairs are those of the points-to analysis (every kind: direct, method,
    argument, return, ...), so a module that only reaches another through
    callbacks or instances is still tied to it. The weight is `call_weight`
    per module pair whatever the count, as an import weighs the same however
    many names it brings: the count grows with how far points-to spreads a
    call (a method call reaches every override), not with how tightly two
    modules are coupled, and weighting by it lowered the communities' AMI
    against the packages (`bench/results/communities.md`).
    """
    counts: dict[tuple[str, str], int] = {}
    for call in calls:
        if call.caller_module != call.callee_module:
            key = (call.caller_module, call.callee_module)
            counts[key] = counts.get(key, 0) + 1
    return tuple(
        Edge(source, target, CALL, options.call_weight, count)
        for (source, target), count in sorted(counts.items())
    )


def clustering_graph(nodes: Iterable[str], edges: Iterable[Edge]) -> nx.Graph:
    """Undirected graph, weights summed per module pair; zero weights add no edge."""
    weights: dict[tuple[str, str], float] = {}
    for edge in edges:
        if edge.source == edge.target:
            continue
        key = (edge.source, edge.target) if edge.source < edge.target else (edge.target, edge.source)
        weights[key] = weights.get(key, 0.0) + edge.weight
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    for (left, right), weight in sorted(weights.items()):
        if weight > 0:
            graph.add_edge(left, right, weight=weight)
    return graph


def runtime_import_graph(nodes: Iterable[str], edges: Sequence[Edge]) -> nx.DiGraph:
    """Directed imports that run: `if TYPE_CHECKING:` imports cannot form a cycle at runtime."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(
        (edge.source, edge.target) for edge in edges if edge.kind == IMPORT and not edge.type_checking
    )
    return graph
