"""The module graph as the report consumes it: SPEC's `codesmell graph --format json` document.

The report reads the graph only through that documented JSON shape, so it keeps
working whatever the graph package's internal dataclasses look like. When
`codesmell.graph.command` is not available (an older or partial install) a
minimal import-only graph with python-louvain communities stands in, so the
report still renders.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from codesmell.model import FileResult

GraphDocument = dict[str, Any]


def graph_document(args: argparse.Namespace, results: Sequence[FileResult]) -> GraphDocument:
    """Build the module graph of `results` and return its JSON document."""
    modules = [(r.module, r.path, r.graph) for r in results if r.graph is not None]
    try:
        from codesmell.graph.command import build_module_graph, options_from_args, render
        from codesmell.graph.model import GraphOptions
    except ImportError:
        return fallback_document(modules, seed=getattr(args, "seed", 42),
                                 resolution=getattr(args, "resolution", 1.0))
    # `report` may not declare every graph option (e.g. --import-weight): take the defaults.
    defaults = GraphOptions()
    complete = argparse.Namespace(**{
        "seed": defaults.seed, "resolution": defaults.resolution, "import_weight": defaults.import_weight,
        "call_weight": defaults.call_weight, "external": defaults.external, **vars(args)})
    graph = build_module_graph(modules, options_from_args(complete))
    document = json.loads(render(graph, "json"))
    assert isinstance(document, dict)
    return document


def fallback_document(modules: Sequence[tuple[str, str, Any]], seed: int = 42,
                      resolution: float = 1.0) -> GraphDocument:
    """Import edges between analysed modules and their Louvain communities (no call graph)."""
    import community as community_louvain
    import networkx as nx

    names = {name for name, _, _ in modules}
    weights: dict[tuple[str, str], int] = {}
    for name, _, facts in sorted(modules, key=lambda m: m[0]):
        for fact in facts.imports:
            target = fact.module
            if fact.name and f"{target}.{fact.name}" in names:
                target = f"{target}.{fact.name}"
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != name:
                weights[(name, target)] = weights.get((name, target), 0) + 1
    graph = nx.Graph()
    graph.add_nodes_from(sorted(names))
    for (source, target), weight in sorted(weights.items()):
        previous = graph.get_edge_data(source, target, {"weight": 0})["weight"]
        graph.add_edge(source, target, weight=previous + weight)
    dendrogram = community_louvain.generate_dendrogram(graph, random_state=seed, resolution=resolution) \
        if graph.number_of_edges() else [{n: i for i, n in enumerate(sorted(names))}]
    levels = [community_louvain.partition_at_level(dendrogram, i) for i in range(len(dendrogram))]
    final = levels[-1]
    modularity = community_louvain.modularity(final, graph) if graph.number_of_edges() else 0.0
    return {
        "modules": [{"name": name, "path": path, "community": final[name]}
                    for name, path, _ in sorted(modules, key=lambda m: m[0])],
        "edges": [{"source": s, "target": t, "kind": "import", "weight": w}
                  for (s, t), w in sorted(weights.items())],
        "communities": _communities(final),
        "modularity": modularity,
        "levels": [{"level": i, "communities": _communities(level)} for i, level in enumerate(levels)],
        "calls": [],
    }


def _communities(partition: dict[str, int]) -> list[dict[str, Any]]:
    groups: dict[int, list[str]] = {}
    for name, cid in partition.items():
        groups.setdefault(cid, []).append(name)
    return [{"id": cid, "modules": sorted(members)} for cid, members in sorted(groups.items())]
