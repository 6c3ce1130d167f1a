"""Communities as boundaries other tools enforce: import-linter contracts and tach modules.

Both tools name a boundary by a module path that covers the module and everything below
it, while a community is any set of modules. So a community is written as its *units*:
the largest subtrees of the package tree that lie wholly inside it. A package whose
subtree spans several communities (say `shop/billing/__init__.py` in one, a submodule in
another) cannot be written as a unit of either; its own imports still decide which
imports are recorded as today's exceptions, so the contracts pass today whatever it does.

Only analysed modules with plain dotted names take part: an outside module or a file whose
name is not a valid import path (`pkg-<b>.py`) cannot be imported, so it can be named in
no contract (and must not end up in a configuration file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from codesmell.graph.model import IMPORT, ModuleGraph


def importable(name: str) -> bool:
    """A dotted name both tools can resolve: every part an identifier."""
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def ancestors(name: str) -> list[str]:
    """`a.b.c` -> `a.b`, `a`: the enclosing packages, nearest first."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]


@dataclass(frozen=True, slots=True)
class Partition:
    """One level's communities restricted to the importable analysed modules."""

    level: int
    groups: tuple[tuple[str, ...], ...]  # index = community id at that level
    community: Mapping[str, int]


def internal_modules(graph: ModuleGraph) -> tuple[str, ...]:
    return tuple(node.name for node in graph.modules if not node.external and importable(node.name))


def partitions(graph: ModuleGraph) -> tuple[Partition, ...]:
    """The dendrogram's levels, fine to coarse, each partition once (equal levels merged)."""
    keep = set(internal_modules(graph))
    seen: set[tuple[tuple[str, ...], ...]] = set()
    result: list[Partition] = []
    for level in graph.levels:
        groups = tuple(tuple(m for m in group if m in keep) for group in level.communities)
        key = tuple(sorted(group for group in groups if group))
        if not key or key in seen:
            continue
        seen.add(key)
        community = {module: index for index, group in enumerate(groups) for module in group}
        result.append(Partition(level.level, groups, community))
    return tuple(result)


def final_partition(graph: ModuleGraph) -> Partition:
    """The reported communities (ids as in `communities`), importable modules only."""
    keep = set(internal_modules(graph))
    groups = tuple(tuple(m for m in c.modules if m in keep) for c in graph.communities)
    community = {module: index for index, group in enumerate(groups) for module in group}
    return Partition(len(graph.levels) - 1, groups, community)


def units(community: Mapping[str, int]) -> dict[int, tuple[str, ...]]:
    """community id -> its units: maximal subtrees of modules all in that community.

    A module is *pure* when every analysed module below it (by name) is in its community;
    a unit is a pure module with no pure analysed ancestor.
    """
    impure: set[str] = set()
    for module, label in community.items():
        for parent in ancestors(module):
            if parent in community and community[parent] != label:
                impure.add(parent)
    pure = [m for m in community if m not in impure]
    pure_set = set(pure)
    result: dict[int, list[str]] = {}
    for module in sorted(pure):
        if any(parent in pure_set for parent in ancestors(module)):
            continue
        result.setdefault(community[module], []).append(module)
    return {label: tuple(found) for label, found in result.items()}


def import_pairs(graph: ModuleGraph, modules: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(importer, imported) of every import edge between two of `modules`, sorted."""
    keep = set(modules)
    return tuple(
        sorted(
            (edge.source, edge.target)
            for edge in graph.edges
            if edge.kind == IMPORT and edge.source in keep and edge.target in keep and edge.source != edge.target
        )
    )


def community_weights(
    pairs: Sequence[tuple[str, str]], community: Mapping[str, int]
) -> dict[tuple[int, int], int]:
    """(importing community, imported community) -> how many module pairs import across."""
    weights: dict[tuple[int, int], int] = {}
    for source, target in pairs:
        a, b = community[source], community[target]
        if a != b:
            weights[a, b] = weights.get((a, b), 0) + 1
    return weights


def layer_order(labels: Iterable[int], weights: Mapping[tuple[int, int], int]) -> tuple[int, ...]:
    """Communities top (importers) to bottom (imported) with few imports pointing up.

    Eades, Lin and Smyth's greedy heuristic for a small feedback arc set: take sinks to
    the bottom and sources to the top while there are any, otherwise put on top the
    community whose outgoing weight most exceeds its incoming weight (ties: lowest id).
    On an acyclic community graph this is a topological order: no import points up.
    """
    remaining = set(labels)
    out_w = dict.fromkeys(remaining, 0)
    in_w = dict.fromkeys(remaining, 0)
    successors: dict[int, list[tuple[int, int]]] = {n: [] for n in remaining}
    predecessors: dict[int, list[tuple[int, int]]] = {n: [] for n in remaining}
    for (a, b), w in weights.items():
        if a in remaining and b in remaining and a != b:
            out_w[a] += w
            in_w[b] += w
            successors[a].append((b, w))
            predecessors[b].append((a, w))
    top: list[int] = []
    bottom: list[int] = []

    def remove(node: int) -> None:
        remaining.discard(node)
        for other, w in successors[node]:
            in_w[other] -= w
        for other, w in predecessors[node]:
            out_w[other] -= w

    while remaining:
        sinks = sorted(n for n in remaining if out_w[n] == 0)
        if sinks:
            for node in sinks:
                bottom.append(node)
                remove(node)
            continue
        sources = sorted(n for n in remaining if in_w[n] == 0)
        if sources:
            for node in sources:
                top.append(node)
                remove(node)
            continue
        best = min(remaining, key=lambda n: (in_w[n] - out_w[n], n))
        top.append(best)
        remove(best)
    return (*top, *reversed(bottom))


def reachable(start: int, weights: Mapping[tuple[int, int], int]) -> set[int]:
    """Communities `start` depends on, directly or through others (itself excluded)."""
    found: set[int] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for (a, b) in weights:
            if a == node and b not in found:
                found.add(b)
                todo.append(b)
    found.discard(start)
    return found


def label_of(group: Sequence[str]) -> str:
    """The community's most common top two name parts, for people reading the file."""
    counts: dict[str, int] = {}
    for module in group:
        key = ".".join(module.split(".")[:2])
        counts[key] = counts.get(key, 0) + 1
    return min(counts, key=lambda key: (-counts[key], key)) if counts else ""
