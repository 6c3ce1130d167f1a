"""Facts of every module -> `ModuleGraph`: resolve, build, cluster, analyse."""

from __future__ import annotations

from collections.abc import Sequence

from codesmell.graph.analysis import (
    describe_communities,
    find_misplaced,
    import_cycles,
    package_of,
)
from codesmell.graph.build import (
    call_edges,
    clustering_graph,
    import_edges,
    runtime_import_graph,
)
from codesmell.graph.communities import cluster
from codesmell.graph.facts import ModuleFacts
from codesmell.graph.model import (
    IMPORT,
    Call,
    GraphOptions,
    GraphStats,
    ModuleGraph,
    ModuleNode,
)
from codesmell.graph.pointsto import PointsToStats
from codesmell.graph.pointsto import solve as solve_pointsto
from codesmell.graph.resolve import Resolver, full_name
from codesmell.graph.weighting import attachment_edges, down_weight_hubs
from codesmell.model import FileResult
from codesmell.run.gcpause import gc_paused

ModuleInput = tuple[str, str, "ModuleFacts | None"]


def build_module_graph(modules: Sequence[ModuleInput], options: GraphOptions) -> ModuleGraph:
    """The whole graph report for (module name, path, facts) triples.

    `facts` may be None for a file that could not be parsed: it stays a node,
    without edges. A module name given twice keeps the first path in sorted order.

    Cyclic garbage collection is paused meanwhile (see `codesmell.run.gcpause`).
    """
    with gc_paused():
        return _build(modules, options)


def _build(modules: Sequence[ModuleInput], options: GraphOptions) -> ModuleGraph:
    paths: dict[str, str] = {}
    facts: dict[str, ModuleFacts] = {}
    duplicates: set[str] = set()
    for name, path, module_facts in sorted(modules, key=lambda item: (item[0], item[1])):
        if name in paths:
            duplicates.add(name)
            continue
        paths[name] = path
        if module_facts is not None:
            facts[name] = module_facts

    resolver = Resolver(facts)
    analysis = solve_pointsto(facts, resolver)
    resolved = analysis.calls()
    call_stats = analysis.call_stats()
    imports = import_edges(facts, resolver, options)
    nodes = [*paths, *imports.externals]
    edges = down_weight_hubs(
        sorted(
            (*imports.edges, *call_edges(resolved, options)),
            key=lambda edge: (edge.source, edge.target, edge.kind),
        ),
        options.hub_weighting,
    )
    attachments = attachment_edges(facts, nodes, options.attach_weight)
    graph = clustering_graph(nodes, (*edges, *attachments))
    clustering = cluster(graph, options.algorithm, options.seed, options.resolution)
    final = clustering.final

    packages = {name: package_of(name, facts[name].is_package if name in facts else False) for name in paths}
    communities = describe_communities(graph, final.communities, packages)
    label = {module: community.id for community in communities for module in community.modules}
    external = set(imports.externals)
    module_nodes = tuple(
        ModuleNode(
            name,
            paths.get(name, ""),
            packages.get(name, ""),
            label[name],
            name in external,
        )
        for name in sorted(nodes)
    )
    pointsto_stats = analysis.stats()
    calls = tuple(
        Call(
            full_name(call.caller_module, call.caller),
            full_name(call.callee_module, call.callee),
            call.count,
            call.kind,
            call.kinds,
        )
        for call in resolved
    )
    stats = GraphStats(
        modules=len(paths),
        external_modules=len(external),
        import_edges=len(imports.edges),
        call_edges=sum(1 for edge in edges if edge.kind == "call"),
        calls_resolved=call_stats.resolved,
        calls_external=call_stats.external,
        calls_unresolved=call_stats.unresolved,
        calls_dynamic=call_stats.dynamic,
        imports_unresolved=imports.unresolved,
        duplicate_modules=tuple(sorted(duplicates)),
        pointsto=tuple((field, getattr(pointsto_stats, field)) for field in PointsToStats.__slots__),
    )
    return ModuleGraph(
        options=options,
        modules=module_nodes,
        edges=edges,
        calls=tuple(sorted(calls, key=lambda call: (call.caller, call.callee))),
        communities=communities,
        modularity=final.modularity,
        levels=clustering.levels,
        splits=clustering.splits,
        cycles=import_cycles(runtime_import_graph(nodes, edges)),
        misplaced=find_misplaced(
            communities, packages, graph, [(e.source, e.target) for e in edges if e.kind == IMPORT]
        ),
        stats=stats,
        attachments=attachments,
    )


def graph_of_results(results: Sequence[FileResult], options: GraphOptions) -> ModuleGraph:
    """The module graph of one run's per-file results (files that failed stay out)."""
    return build_module_graph([(r.module, r.path, r.graph) for r in results if r.graph is not None], options)
