"""Weights of the clustering graph: shared infrastructure down-weighted, code-less modules attached.

Two documented adjustments (README "Edge weights and the clustering graph"):

- **Hub factor.** A module that much of the project depends on (`utils`, `conf`)
  says little about which subsystem its users belong to, the way a word found in
  every document says little about any one of them. An edge into module `t`
  counts `hub_factor(t) = d(t) ** -s` of its weight, where `d(t)` is the number
  of distinct modules with an import or call edge into `t` and `s` is
  `hub_weighting` (default 1, 0 turns it off). With `s = 1` every module hands
  out one unit of import weight in all, shared by the modules that depend on
  it: a module only one other module uses keeps its edge whole, a module that
  200 use gives each of them 1/200.
- **Attachment.** A module with no code of its own (no import, no def/class, no
  call: an empty `__init__.py`, a locale file of assignments) has no edge and
  would be a singleton community. It is attached to its package: a module to
  the package's `__init__`, an `__init__` to the modules directly inside it
  (the weight split evenly) and, when none of those has code, to its parent
  package. Names alone never create an edge otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from codesmell.graph.facts import ModuleFacts
from codesmell.graph.model import PACKAGE, Edge


def dependants(edges: Iterable[Edge]) -> dict[str, int]:
    """Module -> how many distinct other modules have an edge into it."""
    sources: dict[str, set[str]] = {}
    for edge in edges:
        if edge.source != edge.target:
            sources.setdefault(edge.target, set()).add(edge.source)
    return {target: len(found) for target, found in sources.items()}


def hub_factor(dependant_count: int, strength: float = 1.0) -> float:
    """`d ** -strength`; 1 for d <= 1 (nothing to share) or strength 0."""
    if strength == 0 or dependant_count <= 1:
        return 1.0
    return float(dependant_count**-strength)


def down_weight_hubs(edges: Sequence[Edge], strength: float) -> tuple[Edge, ...]:
    """Every edge with its weight times the hub factor of its target (`Edge.factor` records it)."""
    if strength == 0:
        return tuple(edges)
    counts = dependants(edges)
    result = []
    for edge in edges:
        factor = hub_factor(counts.get(edge.target, 0), strength)
        result.append(edge if factor == 1.0 else replace(edge, weight=edge.weight * factor, factor=factor))
    return tuple(result)


def is_codeless(facts: ModuleFacts) -> bool:
    """No import, no function or class, no call: data (or nothing) only."""
    return not facts.imports and not facts.scopes and not facts.calls and not facts.dynamic_calls


def attachment_edges(
    facts: Mapping[str, ModuleFacts], nodes: Iterable[str], weight: float
) -> tuple[Edge, ...]:
    """Edges tying code-less modules to their package (kind `package`, count 0).

    - a code-less module `p.m` gets one edge of `weight` to `p` when `p`'s
      `__init__` is analysed;
    - a code-less `__init__` of `p` gets edges to the modules directly in `p`
      (not in its subpackages), `weight / k` each for k of them;
    - a code-less `__init__` of `p` with no module that has code directly in `p`
      (a package of data files, or of subpackages only) also gets one edge of
      `weight` to its parent package's `__init__`.

    A module that fits none of these gets nothing (a lone root `__init__` stays alone).
    """
    if weight <= 0:
        return ()
    present = {name for name in nodes if name in facts}
    children: dict[str, list[str]] = {}
    for name in sorted(present):
        if not facts[name].is_package and "." in name:
            children.setdefault(name.rpartition(".")[0], []).append(name)
    pairs: dict[tuple[str, str], float] = {}

    def add(source: str, target: str, amount: float) -> None:
        pairs[(source, target)] = pairs.get((source, target), 0.0) + amount

    for name in sorted(present):
        module = facts[name]
        if not is_codeless(module):
            continue
        parent = name.rpartition(".")[0]
        if not module.is_package:
            if parent in present:
                add(name, parent, weight)
            continue
        inside = children.get(name, [])
        for child in inside:
            add(name, child, weight / len(inside))
        if parent in present and all(is_codeless(facts[child]) for child in inside):
            add(name, parent, weight)
    return tuple(Edge(source, target, PACKAGE, w, 0) for (source, target), w in sorted(pairs.items()))
