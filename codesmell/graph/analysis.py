"""What the communities say about the code: cohesion, misplaced modules, import cycles."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Mapping

import networkx as nx

from codesmell.graph.communities import Partition
from codesmell.graph.model import Community, Cycle, Misplaced

# A community says a module is misplaced only when one package clearly owns it.
MIN_COMMUNITY_SIZE = 3
MIN_DOMINANT_SHARE = 0.5  # strictly more than half of the community's modules


def package_of(module: str, is_package: bool) -> str:
    """The package a module's file lives in: itself for an `__init__.py`."""
    return module if is_package else module.rpartition(".")[0]


def related(package: str, other: str) -> bool:
    """Same package, or one nested in the other (the root package "" contains all)."""
    return (
        package == other
        or package.startswith(other + ".")
        or other.startswith(package + ".")
        or not package
        or not other
    )


def _dominant(modules: tuple[str, ...], packages: Mapping[str, str]) -> tuple[str, float]:
    counts = Counter(packages[m] for m in modules if m in packages)
    if not counts:
        return "", 0.0
    package, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return package, count / sum(counts.values())


def describe_communities(
    graph: nx.Graph, partition: Partition, packages: Mapping[str, str]
) -> tuple[Community, ...]:
    """Per community: modules, internal vs external weight, dominant package.

    `packages` maps analysed modules to their package; outside modules are
    absent from it and do not count towards the dominant package.
    """
    label = {module: index for index, group in enumerate(partition) for module in group}
    internal = [0.0] * len(partition)
    external = [0.0] * len(partition)
    for left, right, weight in graph.edges(data="weight"):
        if label[left] == label[right]:
            internal[label[left]] += weight
        else:
            external[label[left]] += weight
            external[label[right]] += weight
    result = []
    for index, group in enumerate(partition):
        package, share = _dominant(group, packages)
        result.append(Community(index, group, internal[index], external[index], package, share))
    return tuple(result)


def home_communities(communities: tuple[Community, ...], packages: Mapping[str, str]) -> dict[str, int]:
    """Package -> the community holding most of its modules (ties: lowest id)."""
    counts: dict[str, Counter[int]] = {}
    for community in communities:
        for module in community.modules:
            if module in packages:
                counts.setdefault(packages[module], Counter())[community.id] += 1
    return {
        package: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for package, counter in counts.items()
    }


def find_misplaced(communities: tuple[Community, ...], packages: Mapping[str, str]) -> tuple[Misplaced, ...]:
    """Modules cut off from their own package, in a community owned by an unrelated package.

    A package whose modules all went into another package's community (a
    satellite, e.g. a GUI toolkit clustered with its one big user) is not
    flagged module by module: its modules are not misfiled relative to each other.
    """
    home = home_communities(communities, packages)
    found = []
    for community in communities:
        members = [m for m in community.modules if m in packages]
        if (
            len(members) < MIN_COMMUNITY_SIZE
            or community.dominant_share <= MIN_DOMINANT_SHARE
            or not community.dominant_package
        ):
            continue
        for module in members:
            package = packages[module]
            if home[package] != community.id and not related(package, community.dominant_package):
                found.append(
                    Misplaced(
                        module, package, community.id, community.dominant_package, community.dominant_share
                    )
                )
    return tuple(sorted(found, key=lambda item: item.module))


def _shortest_cycle(graph: nx.DiGraph, start: str, members: Collection[str]) -> tuple[str, ...]:
    """Breadth-first from `start` back to itself inside the component, sorted neighbours."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ in sorted(graph.successors(node)):
            if succ not in members:
                continue
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return (*reversed(path), start)
            if succ not in previous:
                previous[succ] = node
                queue.append(succ)
    return (start,)


def import_cycles(graph: nx.DiGraph) -> tuple[Cycle, ...]:
    """Strongly connected components with more than one module, each with an example cycle."""
    cycles = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            members = tuple(sorted(component))
            cycles.append(Cycle(members, _shortest_cycle(graph, members[0], component)))
    return tuple(sorted(cycles, key=lambda cycle: (-len(cycle.modules), cycle.modules)))
