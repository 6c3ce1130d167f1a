"""Architecture drift: what the module graph has now that a reference structure did not.

The reference is the architecture recorded in the baseline (`--update-baseline`)
or the one of the base commit (`--diff REF`). Both are an `Architecture`: the
import cycles, the import edges, the communities and the modularity. Everything
here is pure: the gate (`codesmell.rules.gate`) locates the drift at import lines.

Community ids are not identities: Louvain numbers communities by size, and a
re-clustering renumbers them. A current community is matched to the reference
community it shares the most modules with (ties: the higher Jaccard index
|A∩B| / |A∪B|, then the reference community whose first module sorts first);
several current communities may continue one reference community (a split),
and a current community sharing no module with the reference is new. Modules
are then judged through their community's match, never by comparing ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codesmell.graph.model import ModuleGraph

Pair = tuple[str, str]  # (importing module, imported module)
ARROW = " -> "


@dataclass(frozen=True)
class Architecture:
    """The structure the drift gate compares; None marks what a record does not hold."""

    cycles: tuple[tuple[str, ...], ...] | None = None  # strongly connected modules (runtime imports)
    imports: frozenset[Pair] | None = None  # every import edge between analysed modules
    runtime: frozenset[Pair] | None = None  # the imports that run (not only under TYPE_CHECKING)
    communities: tuple[tuple[str, ...], ...] | None = None
    modularity: float | None = None


def architecture_of(graph: ModuleGraph) -> Architecture:
    """The architecture of a module graph (outside modules left out)."""
    inside = {node.name for node in graph.modules if not node.external}
    imports = [e for e in graph.edges if e.kind == "import" and e.source in inside and e.target in inside]
    return Architecture(
        cycles=tuple(tuple(cycle.modules) for cycle in graph.cycles),
        imports=frozenset((e.source, e.target) for e in imports),
        runtime=frozenset((e.source, e.target) for e in imports if not e.type_checking),
        communities=tuple(
            tuple(m for m in community.modules if m in inside)
            for community in graph.communities
            if any(m in inside for m in community.modules)
        ),
        modularity=float(graph.modularity),
    )


def to_record(architecture: Architecture, keys: Iterable[str]) -> dict[str, Any]:
    """The baseline's `project` entries for `keys` ("cycles", "imports", "communities", "modularity").

    Import edges are written `"a -> b"`: the baseline sorts every list, which would
    turn a `[source, target]` pair around.
    """
    record: dict[str, Any] = {}
    for key in keys:
        if key == "cycles" and architecture.cycles is not None:
            record["cycles"] = [list(cycle) for cycle in architecture.cycles]
        elif key == "imports" and architecture.imports is not None:
            record["imports"] = sorted(source + ARROW + target for source, target in architecture.imports)
        elif key == "communities" and architecture.communities is not None:
            record["communities"] = [list(group) for group in architecture.communities]
        elif key == "modularity" and architecture.modularity is not None:
            record["modularity"] = round(architecture.modularity, 4)
    return record


def from_record(record: Mapping[str, Any]) -> Architecture:
    """The architecture a baseline's `project` holds; a key it lacks stays None.

    Raises ValueError for entries of the wrong shape (the gate makes that a configuration error).
    """
    cycles = communities = None
    imports = None
    modularity = None
    if "cycles" in record:
        cycles = tuple(tuple(_names(cycle, "cycles")) for cycle in _list(record["cycles"], "cycles"))
    if "communities" in record:
        communities = tuple(
            tuple(sorted(_names(group, "communities"))) for group in _list(record["communities"], "communities")
        )
    if "imports" in record:
        pairs = []
        for text in _names(record["imports"], "imports"):
            source, arrow, target = text.partition(ARROW)
            if not arrow or not source or not target:
                raise ValueError(f"imports: {text!r} is not 'module -> module'")
            pairs.append((source, target))
        imports = frozenset(pairs)
    if "modularity" in record:
        value = record["modularity"]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"modularity must be a number, got {value!r}")
        modularity = float(value)
    # Only what runs was recorded as cycles; a recorded import counts as known either way.
    return Architecture(cycles, imports, imports, communities, modularity)


def _list(value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return value


def _names(value: Any, key: str) -> list[str]:
    items = _list(value, key)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"{key} must hold module names")
    return items


# -- communities --------------------------------------------------------------


def community_label(group: Sequence[str]) -> str:
    """A community named for people: `shopfront.catalog (6 modules)`.

    The longest dotted prefix shared by more than half of its modules (the package
    most of it lives in), else its first module; ids mean nothing across runs.
    """
    if not group:
        return "(empty)"
    covered: Counter[str] = Counter()
    for module in group:
        parts = module.split(".")
        covered.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    owners = [prefix for prefix, count in covered.items() if count * 2 > len(group)]
    name = max(owners, key=lambda prefix: (prefix.count("."), prefix)) if owners else min(group)
    return f"{name} ({len(group)} modules)" if len(group) > 1 else name


def match_communities(
    current: Sequence[Sequence[str]], reference: Sequence[Sequence[str]]
) -> tuple[int | None, ...]:
    """For each current community, the index of the reference community it continues, or None.

    Maximum overlap of members; ties by the higher Jaccard index, then by the
    reference community whose first member sorts first (see the module docstring).
    """
    where = {module: index for index, group in enumerate(reference) for module in group}
    first = [min(group) if group else "" for group in reference]
    matches: list[int | None] = []
    for group in current:
        shared = Counter(where[m] for m in group if m in where)
        if not shared:
            matches.append(None)
            continue

        def rank(item: tuple[int, int], size: int = len(group)) -> tuple[int, float, str]:
            index, common = item
            return (-common, -common / (size + len(reference[index]) - common), first[index])

        matches.append(min(shared.items(), key=rank)[0])
    return tuple(matches)


@dataclass(frozen=True)
class Moved:
    module: str
    before: tuple[str, ...]  # the reference community it left
    after: tuple[str, ...]  # the reference community its community now continues
    now: tuple[str, ...]  # its current community


def moved_modules(current: Sequence[Sequence[str]], reference: Sequence[Sequence[str]]) -> list[Moved]:
    """Modules whose current community continues another reference community than their own.

    A module that was alone (a community of one) and joins a community has not
    moved away from anything; a module new since the reference cannot have moved.
    """
    matches = match_communities(current, reference)
    home = {module: index for index, group in enumerate(reference) for module in group}
    moved = []
    for group, match in zip(current, matches, strict=True):
        if match is None:
            continue
        for module in group:
            before = home.get(module)
            if before is not None and before != match and len(reference[before]) > 1:
                moved.append(Moved(module, tuple(reference[before]), tuple(reference[match]), tuple(group)))
    return sorted(moved, key=lambda item: item.module)


@dataclass(frozen=True)
class CommunityEdge:
    """An import between two communities, in terms of the reference communities."""

    pair: Pair  # the import
    source: tuple[str, ...]  # the reference community of the importing side
    target: tuple[str, ...]  # ... and of the imported side
    before: int  # imports from source to target in the reference
    now: int  # ... now


def community_edges(
    current_communities: Sequence[Sequence[str]],
    current_imports: Iterable[Pair],
    reference: Architecture,
) -> list[CommunityEdge]:
    """Every current import between two reference communities, with the counts of its community pair.

    Weights count import edges (module pairs). A module the reference knows is
    judged in its reference community, even if it now clusters elsewhere: one
    new import can flip a loosely tied module into its target's community, and
    that must not hide the import (the move itself is `moved_modules`' finding).
    A module new since the reference counts in the reference community its
    current community continues; one in a new community is left out, as are
    imports inside one reference community.
    """
    ref_groups = reference.communities or ()
    ref_label = {module: index for index, group in enumerate(ref_groups) for module in group}
    before: Counter[tuple[int, int]] = Counter()
    for source, target in reference.imports or ():
        a, b = ref_label.get(source), ref_label.get(target)
        if a is not None and b is not None and a != b:
            before[a, b] += 1
    matches = match_communities(current_communities, ref_groups)
    label = {m: ref_label.get(m, matches[index]) for index, group in enumerate(current_communities) for m in group}
    crossing: list[tuple[Pair, int, int]] = []
    now: Counter[tuple[int, int]] = Counter()
    for pair in sorted(current_imports):
        a, b = label.get(pair[0]), label.get(pair[1])
        if a is None or b is None or a == b:
            continue
        crossing.append((pair, a, b))
        now[a, b] += 1
    return [
        CommunityEdge(pair, tuple(ref_groups[a]), tuple(ref_groups[b]), before[a, b], now[a, b])
        for pair, a, b in crossing
    ]


# -- cycles -------------------------------------------------------------------


def new_cycles(current: Sequence[Sequence[str]], recorded: Sequence[Sequence[str]]) -> list[list[str]]:
    """Cycles not contained in a recorded one: a recorded cycle that shrank or stayed is not new."""
    known = [set(cycle) for cycle in recorded]
    return [list(cycle) for cycle in current if not any(set(cycle) <= group for group in known)]


def cycle_culprits(cycle: Sequence[str], runtime: Iterable[Pair], reference: Architecture) -> tuple[list[Pair], bool]:
    """(the imports inside a new cycle that can have caused it, whether they are exactly the added ones).

    An import between two modules of one recorded cycle cannot have made the cycle
    new; at least one import inside a new or grown strongly connected component
    is not of that kind. When the reference records its imports, the ones it did
    not have are exactly what the change added.
    """
    members = set(cycle)
    group = {module: index for index, recorded in enumerate(reference.cycles or ()) for module in recorded}
    inside = sorted(pair for pair in runtime if pair[0] in members and pair[1] in members)
    candidates = [
        (a, b) for a, b in inside if not (a in group and group.get(b) == group[a])
    ]
    known = reference.runtime if reference.runtime is not None else reference.imports
    if known is not None:
        added = [pair for pair in candidates if pair not in known]
        if added:
            return added, True
    return candidates, False
