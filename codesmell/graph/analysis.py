"""What the communities say about the code: names, cohesion, misplaced modules, import cycles."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from codesmell.graph.communities import Partition
from codesmell.graph.model import Community, Cycle, Misplaced

# A community says a module is misplaced only when one package clearly owns it.
MIN_COMMUNITY_SIZE = 3
MIN_DOMINANT_SHARE = 0.5  # strictly more than half of the community's modules
# A package names a community only when it (with its subpackages) holds at least this share.
CLEAR_SHARE = 0.6
NAMED_HUBS = 2  # hub modules added to a name that would otherwise repeat
# Evidence a verdict needs from the module's own links (see `Evidence`).
MIN_LINKS = 2
MAX_IMPORTER_COMMUNITIES = 3
HUB_SHARE = 0.05  # a module imported by this share of the analysed modules is a hub ...
HUB_MIN_IMPORTERS = 10  # ... and by at least this many
WILSON_Z = 1.96


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


def project_roots(packages: Mapping[str, str]) -> frozenset[str]:
    """Package prefixes holding every analysed module (`django`, `sympy`): they tell no community apart."""
    prefix_sets = [set(_prefixes(package)) for package in packages.values()]
    return frozenset(set.intersection(*prefix_sets)) if prefix_sets else frozenset()


def dominant_package(
    modules: Collection[str], packages: Mapping[str, str], roots: Collection[str] = ()
) -> tuple[str, float]:
    """(package subtree, share): the deepest package prefix holding a strict majority of `modules`.

    A package counts with its subpackages, so a community of 95 locale packages
    of two modules each is named `django.conf.locale` (96 %), not after whichever
    single package has the most members. `roots` (prefixes of every analysed
    module, see `project_roots`) never name a community. Without a majority
    subtree, the package most members live in directly (ties: by name), with
    its share: such a community owns no package. Modules absent from `packages`
    (outside code) do not count.
    """
    counts = Counter(packages[m] for m in modules if m in packages)
    if not counts:
        return "", 0.0
    total = sum(counts.values())
    subtree: Counter[str] = Counter()
    for package, count in counts.items():
        for prefix in _prefixes(package):
            subtree[prefix] += count
    majority = [p for p, count in subtree.items() if 2 * count > total and p not in roots]
    if majority:
        deepest = max(majority, key=lambda p: p.count("."))
        return deepest, subtree[deepest] / total
    package, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return package, count / total


def describe_communities(
    graph: nx.Graph, partition: Partition, packages: Mapping[str, str]
) -> tuple[Community, ...]:
    """Per community: modules, internal vs external weight, dominant package subtree, name.

    `packages` maps analysed modules to their package; outside modules are
    absent from it and do not count towards the dominant package (see `dominant_package`).
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
    roots = project_roots(packages)
    result = []
    for index, group in enumerate(partition):
        package, share = dominant_package(group, packages, roots)
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


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a module's import links say about where it belongs (see `import_links`)."""

    links: int  # distinct analysed modules it imports or is imported by, hubs left out
    here: int  # ... in the host community and inside its dominant package subtree
    own: int  # ... inside the module's own package subtree
    importer_communities: int  # distinct communities its importers are in (hubs included)

    @property
    def holds(self) -> bool:
        """Enough links, a strict majority into the host's package, importers not spread out.

        A majority there leaves a minority with its own package: the two
        subtrees are unrelated, so no link counts for both.
        """
        return (
            self.links >= MIN_LINKS
            and 2 * self.here > self.links
            and self.importer_communities <= MAX_IMPORTER_COMMUNITIES
        )

    @property
    def score(self) -> float:
        """Wilson lower bound (95 %) of the share of links into the host: 2 of 2 < 3 of 3 < 9 of 10."""
        n = self.links
        if not n:
            return 0.0
        share = self.here / n
        z2 = WILSON_Z * WILSON_Z
        centre = share + z2 / (2 * n)
        margin = WILSON_Z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
        return (centre - margin) / (1 + z2 / n)


@dataclass(frozen=True, slots=True)
class ImportLinks:
    """Analysed modules linked by imports, either direction, with the project's hubs set apart."""

    graph: nx.Graph  # an edge per importing pair, neither end a hub
    importers: Mapping[str, frozenset[str]]  # every analysed importer, hubs included
    hubs: frozenset[str]


def import_links(imports: Iterable[tuple[str, str]], packages: Mapping[str, str]) -> ImportLinks:
    """Link analysed modules that import one another; a hub's links are left out.

    A hub is a module imported by at least `HUB_SHARE` of the analysed modules
    (and at least `HUB_MIN_IMPORTERS` of them): `django.conf`, `sympy.core`.
    Importing it says nothing about where a module belongs, the way the hub
    factor says it for the clustering, and a hub itself is shared
    infrastructure that no community owns.
    """
    importers: dict[str, set[str]] = {}
    pairs = sorted(
        {(source, target) for source, target in imports if source != target and source in packages and target in packages}
    )
    for source, target in pairs:
        importers.setdefault(target, set()).add(source)
    threshold = max(HUB_MIN_IMPORTERS, math.ceil(HUB_SHARE * len(packages)))
    hubs = frozenset(module for module, found in importers.items() if len(found) >= threshold)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(packages))
    graph.add_edges_from((s, t) for s, t in pairs if s not in hubs and t not in hubs)
    return ImportLinks(graph, {m: frozenset(found) for m, found in importers.items()}, hubs)


def evidence(
    module: str, community: Community, packages: Mapping[str, str], links: ImportLinks, label: Mapping[str, int]
) -> Evidence:
    """Count `module`'s import links: into `community`'s dominant subtree, its own package, importers' spread."""
    neighbours = [n for n in links.graph[module] if n != module] if module in links.graph else []
    dominant = community.dominant_package
    here = sum(1 for n in neighbours if label.get(n) == community.id and _within(packages[n], dominant))
    own = sum(1 for n in neighbours if _within(packages[n], packages[module]))
    spread = len({label[n] for n in links.importers.get(module, ()) if n in label})
    return Evidence(len(neighbours), here, own, spread)


def find_misplaced(
    communities: tuple[Community, ...],
    packages: Mapping[str, str],
    graph: nx.Graph | None = None,
    imports: Iterable[tuple[str, str]] | None = None,
) -> tuple[Misplaced, ...]:
    """Modules cut off from their own package whose imports say they belong with another package.

    A candidate sits in a community of at least 3 analysed modules more than
    half of which live in one package subtree (the dominant package), its own
    package is unrelated to that one, and most of its own package is in another
    community. A package whose modules all went into another package's
    community (a satellite, e.g. a GUI toolkit clustered with its one big user)
    is not flagged module by module.

    With `imports` (importer, imported) pairs a candidate is a verdict only
    on evidence (`Evidence.holds`, links from `import_links`): it is no hub, it
    has at least `MIN_LINKS` linked modules, a strict majority of them in the
    host's dominant package, and its importers sit in at most
    `MAX_IMPORTER_COMMUNITIES` communities (more is shared infrastructure,
    which has no single better home), and its own package's `__init__` does not
    import it (a module the package re-exports is part of the package's public
    API: moving it would break every `from package import name`). Verdicts then come surest first
    (`Evidence.score`, then by name) and the reason counts those links;
    without `imports` they come by name and the reason counts the links of
    `graph` (the clustering graph), when given.
    """
    home = home_communities(communities, packages)
    homes = {community.id: community.modules for community in communities}
    label = {module: community.id for community in communities for module in community.modules}
    pairs = list(imports) if imports is not None else None
    links = import_links(pairs, packages) if pairs is not None else None
    reexported = {target for source, target in pairs or () if source != target and packages.get(target) == source}
    reason_graph = links.graph if links is not None else graph
    found: list[tuple[float, Misplaced]] = []
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
            if home[package] == community.id or related(package, community.dominant_package):
                continue
            score = 0.0
            if links is not None:
                found_evidence = evidence(module, community, packages, links, label)
                if module in links.hubs or not found_evidence.holds or module in reexported:
                    continue
                score = round(found_evidence.score, 6)
            item = Misplaced(
                module,
                package,
                community.id,
                community.dominant_package,
                community.dominant_share,
                misplaced_reason(module, community, packages, reason_graph, homes[home[package]]),
                home[package],
                score,
            )
            found.append((score, item))
    return tuple(item for _, item in sorted(found, key=lambda pair: (-pair[0], pair[1].module)))


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
