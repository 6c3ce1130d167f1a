"""What the communities say about the code: names, cohesion, misplaced modules, import cycles."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Collection, Mapping

import networkx as nx

from codesmell.graph.communities import Partition
from codesmell.graph.model import Community, Cycle, Misplaced

# A community says a module is misplaced only when one package clearly owns it.
MIN_COMMUNITY_SIZE = 3
MIN_DOMINANT_SHARE = 0.5  # strictly more than half of the community's modules
# A package names a community only when it (with its subpackages) holds at least this share.
CLEAR_SHARE = 0.6
NAMED_HUBS = 2  # hub modules added to a name that would otherwise repeat


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
    """Per community: modules, internal vs external weight, dominant package, name.

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
    names = community_names(graph, partition, packages)
    result = []
    for index, group in enumerate(partition):
        package, share = _dominant(group, packages)
        result.append(
            Community(index, group, internal[index], external[index], package, share, names[index])
        )
    return tuple(result)


def _prefixes(package: str) -> list[str]:
    """`a.b.c` -> `a`, `a.b`, `a.b.c`: every package that contains it ("" has none)."""
    parts = package.split(".") if package else []
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _base_name(members: list[str], packages: Mapping[str, str]) -> tuple[str, str]:
    """(name before hubs, package the hubs are named relative to) for analysed `members`.

    The most specific package common to all members, with the subpackage holding a
    clear share of them when there is one (`shopfront (mostly catalog)`); without a
    common package, the most specific one holding a clear share and the count of
    the others (`http + 2 others`); else the top packages (`mixed: a, b`). Members
    all at top level have no package name ("").
    """
    counts = Counter(prefix for m in members for prefix in _prefixes(packages[m]))
    total = len(members)
    clear = [p for p, count in counts.items() if count / total >= CLEAR_SHARE]
    if clear:
        common = [p for p in clear if counts[p] == total]
        deepest = max(clear, key=lambda p: (p.count("."), counts[p], p))
        if common:
            base = max(common, key=lambda p: p.count("."))
            if deepest == base:
                return base, base
            return f"{base} (mostly {deepest[len(base) + 1:]})", base
        others = total - counts[deepest]
        return f"{deepest} + {others} other{'s' if others > 1 else ''}", deepest
    if all(not packages[m] for m in members):
        return "", ""
    tops = Counter(packages[m].partition(".")[0] or m for m in members)
    ranked = sorted(tops.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(name for name, _ in ranked[:2]) + (", …" if len(ranked) > 2 else "")
    return f"mixed: {shown}", ""


def _hubs(graph: nx.Graph, members: list[str], base: str, count: int) -> str:
    """The `count` best connected members (weight inside the group), named relative to `base`."""
    inside = set(members)

    def strength(module: str) -> float:
        if module not in graph:
            return 0.0
        return float(
            sum(data.get("weight", 1.0) for other, data in graph[module].items() if other in inside and other != module)
        )

    ranked = sorted(members, key=lambda m: (-strength(m), m))[:count]
    prefix = base + "." if base else ""
    return ", ".join(m[len(prefix) :] if prefix and m.startswith(prefix) else m for m in ranked)


def community_names(
    graph: nx.Graph, partition: Partition, packages: Mapping[str, str]
) -> tuple[str, ...]:
    """A name per community that tells it from the others of the same partition.

    A lone module is named by itself. A group by the most specific package
    common to its analysed modules (see `_base_name`: else one holding a clear
    share of them, or `mixed: a, b`); when that repeats within the partition, or
    the modules are all top-level, the best connected members follow it:
    `flask (app, cli)`.
    """
    bases: list[tuple[str, str, list[str]]] = []
    for group in partition:
        members = [m for m in group if m in packages] or list(group)
        if len(group) == 1:
            bases.append((group[0], "", members))
        elif all(m not in packages for m in group):
            bases.append(("", "", members))
        else:
            name, base = _base_name(members, packages)
            bases.append((name, base, members))
    repeats = Counter(name for name, _, _ in bases)
    names = []
    for (name, base, members), group in zip(bases, partition, strict=True):
        if len(group) > 1 and not name:
            name = _hubs(graph, members, base, NAMED_HUBS)
        elif len(group) > 1 and repeats[name] > 1:
            hubs = _hubs(graph, members, base, NAMED_HUBS)
            name = f"{name[:-1]}; {hubs})" if name.endswith(")") else f"{name} ({hubs})"
        names.append(name)
    return tuple(names)


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


def find_misplaced(
    communities: tuple[Community, ...], packages: Mapping[str, str], graph: nx.Graph | None = None
) -> tuple[Misplaced, ...]:
    """Modules cut off from their own package, in a community owned by an unrelated package.

    A package whose modules all went into another package's community (a
    satellite, e.g. a GUI toolkit clustered with its one big user) is not
    flagged module by module: its modules are not misfiled relative to each other.
    `graph` (the clustering graph) gives each verdict its reason from the module's links.
    """
    home = home_communities(communities, packages)
    homes = {community.id: community.modules for community in communities}
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
                        module,
                        package,
                        community.id,
                        community.dominant_package,
                        community.dominant_share,
                        misplaced_reason(module, community, packages, graph, homes[home[package]]),
                        home[package],
                    )
                )
    return tuple(sorted(found, key=lambda item: item.module))


def _within(package: str, container: str) -> bool:
    return package == container or package.startswith(container + ".")


def misplaced_reason(
    module: str,
    community: Community,
    packages: Mapping[str, str],
    graph: nx.Graph | None,
    home: Collection[str] = (),
) -> str:
    """Why a module looks misfiled, counted on its analysed neighbours in the clustering graph.

    E.g. "3 of its 4 linked modules are in this community (2 in `billing`), 1 with
    the rest of `util`": links are imports or calls, either direction; `home` is the
    community holding most of the module's own package.
    """
    own = packages[module] or "(top level)"
    dominant = community.dominant_package
    if graph is None or module not in graph:
        return f"its community is {round(100 * community.dominant_share)}% `{dominant}`; most of `{own}` is elsewhere"
    neighbours = [n for n in graph[module] if n != module and n in packages]
    inside = set(community.modules)
    here = sum(1 for n in neighbours if n in inside)
    in_dominant = sum(1 for n in neighbours if n in inside and _within(packages[n], dominant))
    with_own = sum(1 for n in neighbours if n in home)
    total = len(neighbours)
    if in_dominant == here:
        where = f"`{dominant}`"
    else:
        where = f"this community ({in_dominant} in `{dominant}`)" if in_dominant else "this community"
    if total == 1:
        head = f"its only linked module is in {where}" if here else "its only linked module is elsewhere"
    elif here == total:
        head = f"all {total} of its linked modules are in {where}"
    else:
        head = f"{here} of its {total} linked modules are in {where}"
    return f"{head}, {with_own} with the rest of `{own}`"


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
