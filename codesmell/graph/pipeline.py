"""Facts of every module -> `ModuleGraph`: resolve, build, cluster, analyse."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import MutableMapping, Sequence

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
from codesmell.graph.pointsto import PointsTo, PointsToStats
from codesmell.graph.resolve import Resolver, full_name
from codesmell.graph.weighting import attachment_edges, down_weight_hubs
from codesmell.model import FileResult
from codesmell.run.gcpause import gc_paused, keep_until_exit

ModuleInput = tuple[str, str, "ModuleFacts | None"]
Timings = MutableMapping[str, float]


class _Laps:
    """CPU seconds per phase into `timings` (for bench/graph_scale.py); nothing when it is None.

    CPU, not wall: the benchmark runs on shared machines, where wall time measures the neighbours.
    """

    def __init__(self, timings: Timings | None) -> None:
        self.timings = timings
        self.last = time.process_time()

    def lap(self, phase: str) -> None:
        if self.timings is not None:
            now = time.process_time()
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
            self.last = now


def build_module_graph(
    modules: Sequence[ModuleInput],
    options: GraphOptions,
    timings: Timings | None = None,
    release: bool = False,
) -> ModuleGraph:
    """The whole graph report for (module name, path, facts) triples.

    `facts` may be None for a file that could not be parsed: it stays a node,
    without edges. A module name given twice keeps the first path in sorted order.
    `timings`, when given, receives the CPU seconds of each phase (the benchmark's breakdown).
    `release`: `modules` is a list handed over, nothing else holding its facts: it is emptied, and
    what of each module's facts only the solve's setup reads is freed before the solve (see `_light`).

    Cyclic garbage collection is paused meanwhile (see `codesmell.run.gcpause`). The
    command line never frees the solve's objects (`gcpause.keep_until_exit`); the API does.
    """
    laps = _Laps(timings)
    with gc_paused():
        graph = _build(modules, options, laps, release)
        laps.lap("release")  # what freeing the solve's millions of objects costs, when _build returns
    return graph


def _light(facts: ModuleFacts) -> ModuleFacts:
    """`facts` without what nothing reads once the resolver and the solver are made.

    The flows go to the solver (`PointsTo`'s `flows`), the calls were read by its constructor, the
    bindings are held by the resolver (as their own specs). One call stays, so that
    `weighting.is_codeless`, which asks only whether there are any, answers as before. 0.2 GB on
    3.4M lines.
    """
    return dataclasses.replace(facts, bindings=(), calls=facts.calls[:1], packed_flows=b"")


def _build(modules: Sequence[ModuleInput], options: GraphOptions, laps: _Laps, release: bool = False) -> ModuleGraph:
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
    if release and isinstance(modules, list):
        modules.clear()  # a list handed over: `facts` now holds the only references

    resolver = Resolver(facts)
    laps.lap("index facts")
    flows = {name: module_facts.packed_flows for name, module_facts in facts.items()} if release else None
    analysis = PointsTo(facts, resolver, flows)
    if release:
        # The same keys in the same dict (the resolver's and the solver's `modules`), lighter values.
        for name, module_facts in facts.items():
            facts[name] = _light(module_facts)
        module_facts = flows = None  # the loops' last ones
    analysis.solve()
    laps.lap("points-to solve")
    analysis.drop_constraints()
    laps.lap("points-to drop constraints")
    resolved = analysis.calls()
    call_stats = analysis.call_stats()
    keep_until_exit(analysis)
    laps.lap("points-to")
    imports = import_edges(facts, resolver, options)
    nodes = [*paths, *imports.externals]
    unweighted = sorted(
        (*imports.edges, *call_edges(resolved, options)),
        key=lambda edge: (edge.source, edge.target, edge.kind),
    )
    laps.lap("module edges")
    edges = down_weight_hubs(unweighted, options.hub_weighting)
    attachments = attachment_edges(facts, nodes, options.attach_weight)
    laps.lap("weighting")
    graph = clustering_graph(nodes, (*edges, *attachments))
    laps.lap("clustering graph")
    clustering = cluster(graph, options.algorithm, options.seed, options.resolution)
    final = clustering.final
    laps.lap("clustering")

    packages = {name: package_of(name, facts[name].is_package if name in facts else False) for name in paths}
    communities = describe_communities(graph, final.communities, packages)
    laps.lap("names")
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
    # One string per function and one tuple per set of kinds, shared by all its calls: on 3M lines
    # 1.2M names are 155k distinct ones, and the graph cache entry pickles each object once.
    names: dict[tuple[str, str], str] = {}
    kinds: dict[tuple[str, ...], tuple[str, ...]] = {}

    def name_of(module: str, qualname: str) -> str:
        found = names.get((module, qualname))
        if found is None:
            found = names[(module, qualname)] = full_name(module, qualname)
        return found

    calls = tuple(
        Call(
            name_of(call.caller_module, call.caller),
            name_of(call.callee_module, call.callee),
            call.count,
            call.kind,
            kinds.setdefault(call.kinds, call.kinds),
        )
        for call in resolved
    )
    laps.lap("calls")
    cycles = import_cycles(runtime_import_graph(nodes, edges))
    laps.lap("cycles")
    misplaced = find_misplaced(
        communities, packages, graph, [(e.source, e.target) for e in edges if e.kind == IMPORT and not e.type_checking]
    )
    laps.lap("misplaced")
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
    built = ModuleGraph(
        options=options,
        modules=module_nodes,
        edges=edges,
        calls=tuple(sorted(calls, key=lambda call: (call.caller, call.callee))),
        communities=communities,
        modularity=final.modularity,
        levels=clustering.levels,
        splits=clustering.splits,
        cycles=cycles,
        misplaced=misplaced,
        stats=stats,
        attachments=attachments,
    )
    laps.lap("assemble")
    return built


def graph_of_results(
    results: Sequence[FileResult], options: GraphOptions, timings: Timings | None = None, release: bool = False
) -> ModuleGraph:
    """The module graph of one run's per-file results (files that failed stay out).

    `release`: `results` is a list whose results then let go of their facts (replaced by copies
    without them), so that the build holds the only references and frees what it no longer reads
    (see `build_module_graph`); for a caller that reads nothing but the results' errors after this.
    """
    modules = [(r.module, r.path, r.graph) for r in results if r.graph is not None]
    if release and isinstance(results, list):
        results[:] = [r if r.graph is None else dataclasses.replace(r, graph=None) for r in results]
    return build_module_graph(modules, options, timings, release)
