"""Louvain (python-louvain) or Leiden (leidenalg) communities, made connected, numbered and scored.

Louvain can leave a community whose members are not connected to each other
(a node that held it together moved away); Leiden's refinement step exists to
prevent that. Louvain stays the default (`--algorithm leiden` asks for Leiden,
from the `leiden` extra), and every community of either is split into its
connected components, at every level of the dendrogram, recording each split.
Splitting never lowers modularity: the parts have no edge between them, so
only the negative expected-edges term between the parts disappears.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import community as community_louvain  # python-louvain
import networkx as nx

from codesmell.graph.model import Level, Split

Partition = tuple[tuple[str, ...], ...]  # communities, each a sorted tuple; index = id


def number_communities(groups: Iterable[Iterable[str]]) -> Partition:
    """Stable ids: largest community first, ties by first module name."""
    sorted_groups = [tuple(sorted(group)) for group in groups]
    sorted_groups = [group for group in sorted_groups if group]
    sorted_groups.sort(key=lambda group: (-len(group), group[0]))
    return tuple(sorted_groups)


def groups_of(assignment: Mapping[str, int]) -> list[list[str]]:
    """Invert node -> community into lists of nodes."""
    groups: dict[int, list[str]] = {}
    for node, label in assignment.items():
        groups.setdefault(label, []).append(node)
    return list(groups.values())


def split_disconnected(
    graph: nx.Graph, partition: Partition, level: int
) -> tuple[Partition, tuple[Split, ...]]:
    """Replace every community that is not connected in `graph` by its components."""
    groups: list[tuple[str, ...]] = []
    splits: list[Split] = []
    for group in partition:
        if len(group) == 1:
            groups.append(group)
            continue
        components = list(nx.connected_components(graph.subgraph(group)))
        if len(components) == 1:
            groups.append(group)
            continue
        parts = number_communities(components)
        splits.append(Split(level, group, parts))
        groups.extend(parts)
    return number_communities(groups), tuple(splits)


def modularity(graph: nx.Graph, partition: Partition) -> float:
    """Newman modularity (resolution 1) of the weighted undirected graph; 0 without edges.

    The same value as `nx.community.modularity`, summed with `math.fsum` (exact,
    so independent of order): networkx adds the weights of each community in set
    order, which varies with PYTHONHASHSEED once weights are not whole numbers.
    Self-loops do not occur in the clustering graph.
    """
    label = {module: index for index, group in enumerate(partition) for module in group}
    internal: list[list[float]] = [[] for _ in partition]
    degree: list[list[float]] = [[] for _ in partition]
    weights = []
    for left, right, weight in graph.edges(data="weight"):
        weights.append(weight)
        degree[label[left]].append(weight)
        degree[label[right]].append(weight)
        if label[left] == label[right]:
            internal[label[left]].append(weight)
    total = math.fsum(weights)
    if total == 0:
        return 0.0
    return math.fsum(
        math.fsum(inside) / total - (math.fsum(ends) / (2 * total)) ** 2
        for inside, ends in zip(internal, degree, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Clustering:
    levels: tuple[Level, ...]  # fine to coarse; the last is the reported partition
    splits: tuple[Split, ...]

    @property
    def final(self) -> Level:
        return self.levels[-1]


def louvain(graph: nx.Graph, seed: int, resolution: float) -> Clustering:
    """The Louvain dendrogram with connected communities at every level."""
    if graph.number_of_nodes() == 0:
        return Clustering((Level(0, 0.0, ()),), ())
    dendrogram = community_louvain.generate_dendrogram(
        graph, weight="weight", resolution=resolution, random_state=seed
    )
    return scored_levels(
        graph,
        [
            number_communities(groups_of(community_louvain.partition_at_level(dendrogram, index)))
            for index in range(len(dendrogram))
        ],
    )


def leiden(graph: nx.Graph, seed: int, resolution: float) -> Clustering:
    """Leiden's partition and the levels of its refinement (see `codesmell.graph.leiden`).

    Its communities are connected by construction; they go through
    `split_disconnected` all the same, so a split would show in `splits`.
    """
    from codesmell.graph.leiden import import_leidenalg, leiden_memberships

    import_leidenalg()  # asked for: say what to install even when there is nothing to cluster
    if graph.number_of_nodes() == 0:
        return Clustering((Level(0, 0.0, ()),), ())
    nodes, memberships = leiden_memberships(graph.nodes, graph.edges(data="weight", default=1.0), seed, resolution)
    return scored_levels(
        graph, [number_communities(groups_of(dict(zip(nodes, labels, strict=True)))) for labels in memberships]
    )


def scored_levels(graph: nx.Graph, partitions: Sequence[Partition]) -> Clustering:
    """The levels (fine to coarse), each split into connected parts and scored."""
    levels: list[Level] = []
    splits: list[Split] = []
    for index, raw in enumerate(partitions):
        partition, level_splits = split_disconnected(graph, raw, index)
        splits.extend(level_splits)
        levels.append(Level(index, modularity(graph, partition), partition))
    return Clustering(tuple(levels), tuple(splits))


CLUSTERERS = {"louvain": louvain, "leiden": leiden}  # GraphOptions.algorithm -> its function


def cluster(graph: nx.Graph, algorithm: str, seed: int, resolution: float) -> Clustering:
    """The clustering `GraphOptions.algorithm` names (`louvain` or `leiden`)."""
    try:
        clusterer = CLUSTERERS[algorithm]
    except KeyError:
        raise ValueError(f"unknown clustering algorithm {algorithm!r} (known: {', '.join(CLUSTERERS)})") from None
    return clusterer(graph, seed, resolution)
