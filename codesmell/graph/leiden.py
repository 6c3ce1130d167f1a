"""Leiden communities (leidenalg on igraph) as a fine-to-coarse hierarchy of connected partitions.

Leiden (Traag, Waltman & van Eck 2019) moves nodes as Louvain does, then
*refines* every community: it is rebuilt from single nodes that may only merge
with a neighbouring part inside it, and the graph is aggregated by those parts.
So each community is connected by construction, the defect that
`codesmell.graph.communities.split_disconnected` repairs after Louvain.

leidenalg (the `leiden` extra) is imported only here and only when asked for.
Its quality is `RBConfigurationVertexPartition`, Newman's modularity with the
resolution γ on the expected-edges term: python-louvain's `resolution` exactly,
so `--resolution` means the same for both algorithms.

The report, the contracts and the drift gate read a dendrogram, fine to coarse,
each level a coarsening of the one before, as Louvain's aggregations give. Leiden
returns one partition; its levels are built the way Leiden's own refinement
aggregates, so every level is connected too:

- below the partition, its refinement: start from single nodes; each node still
  alone merges into the neighbouring part of its own community that raises the
  quality most (`merge_nodes_constrained` over all neighbour parts), then the
  graph is aggregated by the parts and the next level merges those; a part only
  ever grows by an edge, so it stays connected. It ends when no merge gains.
- the partition itself: leidenalg iterated until an iteration improves nothing
  (`n_iterations=-1`).
- above it, while the quality still rises: Leiden on the graph of its
  communities (their union is joined by edges, so it stays connected).

Determinism: the igraph is built from the nodes in sorted order and the edges in
sorted order, and leidenalg's generator is seeded, so the output is the same
on every run and under every PYTHONHASHSEED.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from codesmell.config import ConfigError

INSTALL_HINT = "pip install 'codesmell[leiden]'"

Membership = list[int]  # community label per node index (nodes in sorted order)


def import_leidenalg() -> ModuleType:
    """leidenalg, or a usage error naming the extra to install (exit 2 on the command line)."""
    try:
        import igraph  # noqa: F401  (leidenalg's graphs; a clear error when only it is missing)
        import leidenalg as module
    except ImportError as exc:
        raise ConfigError(
            f"--algorithm leiden needs leidenalg and igraph ({exc.name or 'leidenalg'} is missing): {INSTALL_HINT}"
        ) from None
    found: ModuleType = module
    return found


def sorted_igraph(
    nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]
) -> tuple[Any, list[str], list[float]]:
    """(igraph, node names by index, edge weights by edge index), nodes and edges sorted.

    `edges` is undirected, each pair once (a networkx `Graph`'s `edges(data="weight")`).
    """
    import igraph

    names = sorted(nodes)
    index = {node: number for number, node in enumerate(names)}
    pairs = sorted(
        (min(index[left], index[right]), max(index[left], index[right]), float(weight))
        for left, right, weight in edges
        if left != right
    )
    built = igraph.Graph(n=len(names), edges=[(left, right) for left, right, _ in pairs])
    return built, names, [weight for _, _, weight in pairs]


def leiden_memberships(
    nodes: Iterable[str], edges: Iterable[tuple[str, str, float]], seed: int, resolution: float
) -> tuple[list[str], list[Membership]]:
    """(node names, memberships fine to coarse): the refinement levels, the partition, the coarser ones.

    Every membership labels the nodes in sorted order; consecutive equal levels
    appear once. A graph without edges has one level of single nodes.
    """
    la = import_leidenalg()
    built, names, weights = sorted_igraph(nodes, edges)
    if not weights or sum(weights) <= 0:
        return names, [list(range(len(names)))]
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed % 2**31)  # igraph's generator takes a non-negative C int

    def singletons() -> Any:
        return la.RBConfigurationVertexPartition(built, weights=weights, resolution_parameter=resolution)

    partition = singletons()
    optimiser.optimise_partition(partition, n_iterations=-1)
    levels = _refinement(la, optimiser, singletons(), partition)
    levels.append(list(partition.membership))
    levels.extend(_coarser(optimiser, partition))  # last: changes `partition` in place
    unique = [levels[0]]
    for level in levels[1:]:
        if _relabel(level) != _relabel(unique[-1]):
            unique.append(level)
    return names, unique


def _refinement(la: ModuleType, optimiser: Any, parts: Any, constraint: Any) -> list[Membership]:
    """The levels below `constraint`: its refinement merged and aggregated until no merge gains.

    `parts` starts as the singleton partition of the graph `constraint` lives on.
    """
    levels: list[Membership] = []
    node_to_part = list(range(constraint.graph.vcount()))  # original node -> node of the current graph
    communities = len(set(constraint.membership))
    while True:
        optimiser.merge_nodes_constrained(parts, constraint, consider_comms=la.ALL_NEIGH_COMMS)
        merged = list(parts.membership)
        if len(set(merged)) == len(merged):  # no merge gained: the refinement is done
            return levels
        node_to_part = [merged[part] for part in node_to_part]
        if len(set(merged)) <= communities:  # reached the communities themselves
            return levels
        levels.append(list(node_to_part))
        # next level: one node per part, each in the community its members are in
        constraint = parts.aggregate_partition(constraint)
        parts = parts.aggregate_partition()


def _coarser(optimiser: Any, partition: Any) -> list[Membership]:
    """Levels above `partition` (changed in place): Leiden on the graph of its communities, while it gains."""
    levels: list[Membership] = []
    while True:
        aggregate = partition.aggregate_partition()
        before = len(aggregate)
        gain = optimiser.optimise_partition(aggregate, n_iterations=-1)
        if gain <= 1e-12 or len(aggregate) == before:
            return levels
        partition.from_coarse_partition(aggregate)
        levels.append(list(partition.membership))


def _relabel(membership: Sequence[int]) -> tuple[int, ...]:
    """Labels renumbered by first appearance, so equal partitions compare equal."""
    seen: dict[int, int] = {}
    return tuple(seen.setdefault(label, len(seen)) for label in membership)
