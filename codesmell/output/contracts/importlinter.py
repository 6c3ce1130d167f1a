"""`codesmell graph --format importlinter`: the communities as import-linter contracts.

Two kinds of contract, both of import-linter's `layers` type (a layer may list several
modules, `a : b`, that may import each other; `independence` cannot group modules, so a
community of several units could not be one of its items):

- **one per level of the Louvain dendrogram** (distinct partitions only, coarsest first):
  the level's communities as layers, importers above what they import (`layer_order`).
  Today's imports that point up are listed under `ignore_imports`; every other chain only
  goes down or sideways, so the contract passes today and fails on a new upward import.
- **one per community X of the final partition that has independent communities** (no
  import path between them in either direction today): those communities form the upper
  layer, X the lower, so X may import none of them, directly or through other modules
  (each direction of an independent pair is the contract of one of its two communities).
  Such a contract needs no ignored imports.

`unmatched_ignore_imports_alerting = warn`: an exception whose import was since removed is
reported without failing, so the list can be pruned as the code improves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codesmell.graph.model import ALGORITHM_NAMES, ModuleGraph
from codesmell.output.contracts import (
    Partition,
    ancestors,
    community_weights,
    final_partition,
    import_pairs,
    internal_modules,
    label_of,
    layer_order,
    partitions,
    reachable,
    units,
)


def grimp_visible(modules: Sequence[str], graph: ModuleGraph) -> tuple[str, ...]:
    """The modules import-linter sees: under a top-level package, every package above
    them a regular one (grimp skips a directory without `__init__.py` inside a package)."""
    packages = {node.name for node in graph.modules if node.package == node.name and not node.external}
    return tuple(
        m for m in modules if "." in m or m in packages
        if all(p in packages for p in ancestors(m))
    )


def root_packages(modules: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({module.split(".")[0] for module in modules}))


def _list(key: str, values: Sequence[str]) -> list[str]:
    if not values:
        return []
    return [f"{key} =", *(f"    {value}" for value in values)]


def _layers_contract(
    ident: str,
    name: str,
    layers: Sequence[Sequence[str]],
    ignore: Sequence[tuple[str, str]],
    comments: Sequence[str],
) -> list[str]:
    lines = [f"# {comment}" for comment in comments]
    lines += [f"[importlinter:contract:{ident}]", f"name = {name}", "type = layers"]
    lines += _list("layers", [" : ".join(layer) for layer in layers])
    lines += _list("ignore_imports", [f"{a} -> {b}" for a, b in ignore])
    if ignore:
        lines.append("unmatched_ignore_imports_alerting = warn")
    return [*lines, ""]


def _level_contract(
    graph: ModuleGraph, partition: Partition, pairs: Sequence[tuple[str, str]], ident: str, coarsest: bool
) -> list[str]:
    written = units(partition.community)
    weights = community_weights(pairs, partition.community)
    order = [label for label in layer_order(range(len(partition.groups)), weights) if label in written]
    if len(order) < 2:
        return []
    rank = {label: index for index, label in enumerate(layer_order(range(len(partition.groups)), weights))}
    upward = [
        (a, b) for a, b in pairs if rank[partition.community[a]] > rank[partition.community[b]]
    ]
    algorithm = ALGORITHM_NAMES[graph.options.algorithm]
    which = "final communities" if coarsest else f"communities of {algorithm} level {partition.level}"
    comments = [
        f"{algorithm} level {partition.level}: {len(order)} layers, top imports bottom; "
        f"{len(upward)} of {sum(weights.values())} imports between communities point up today (ignored)."
    ]
    comments += [
        f"  layer {index + 1}: community {label} ({label_of(partition.groups[label])}, "
        f"{len(partition.groups[label])} modules)"
        for index, label in enumerate(order)
    ]
    layers = [written[label] for label in order]
    return _layers_contract(ident, f"codesmell: {which} in dependency order", layers, upward, comments)


def _independence_contracts(partition: Partition, pairs: Sequence[tuple[str, str]]) -> list[str]:
    written = units(partition.community)
    weights = community_weights(pairs, partition.community)
    labels = [label for label in range(len(partition.groups)) if label in written]
    depends: Mapping[int, set[int]] = {label: reachable(label, weights) for label in labels}
    lines: list[str] = []
    for label in labels:
        free = [o for o in labels if o != label and o not in depends[label] and label not in depends[o]]
        if not free:
            continue
        upper = tuple(sorted(unit for other in free for unit in written[other]))
        comments = [
            f"Community {label} ({label_of(partition.groups[label])}) and "
            f"{'community' if len(free) == 1 else 'communities'} {', '.join(str(o) for o in free)} "
            "have no import path between them today: keep it so."
        ]
        lines += _layers_contract(
            f"independent-of-community-{label}",
            f"codesmell: community {label} ({label_of(partition.groups[label])}) imports no independent one",
            [upper, written[label]],
            [],
            comments,
        )
    return lines


def to_importlinter(graph: ModuleGraph) -> str:
    """An `.importlinter` INI file (`lint-imports FILE`) that passes on today's code."""
    inside = grimp_visible(internal_modules(graph), graph)
    roots = root_packages(inside)
    pairs = import_pairs(graph, inside)
    lines = [
        f"# Generated by `codesmell graph --format importlinter` from the {ALGORITHM_NAMES[graph.options.algorithm]} "
        "communities.",
        "# Today's imports against the layering are listed under ignore_imports: the contracts",
        "# pass now and fail on a new import across communities. Run `lint-imports FILE`.",
        "[importlinter]",
        *_list("root_packages", roots),
        "",
    ]
    levels = [_restrict(p, set(inside)) for p in reversed(partitions(graph))]
    for index, partition in enumerate(levels):
        lines += _level_contract(graph, partition, pairs, f"layers-level-{partition.level}", coarsest=index == 0)
    lines += _independence_contracts(_restrict(final_partition(graph), set(inside)), pairs)
    if not any(line.startswith("[importlinter:contract:") for line in lines):
        lines.append("# No contract: fewer than two communities can be named by module paths.")
    return "\n".join(lines).rstrip("\n") + "\n"


def _restrict(partition: Partition, keep: set[str]) -> Partition:
    groups = tuple(tuple(m for m in group if m in keep) for group in partition.groups)
    community = {m: label for m, label in partition.community.items() if m in keep}
    return Partition(partition.level, groups, community)
