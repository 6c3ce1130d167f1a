"""`codesmell graph`: the module graph and its communities as JSON, DOT or GraphML."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from codesmell.cli.common import analyze_iter, cache_root_of, config_of, status_of, write_chunks

if TYPE_CHECKING:
    from collections.abc import Iterable

    from codesmell.config import Config
    from codesmell.graph.model import GraphOptions, ModuleGraph


def algorithm_of(args: argparse.Namespace, config: Config | None) -> str:
    """`--algorithm`, else `algorithm` of [tool.codesmell]; Leiden's extra is checked now, before any work."""
    algorithm: str = getattr(args, "algorithm", None) or (config.algorithm if config is not None else "louvain")
    if algorithm == "leiden":
        from codesmell.graph.leiden import import_leidenalg

        import_leidenalg()
    return algorithm


def graph_options(args: argparse.Namespace, config: Config | None = None) -> GraphOptions:
    """`GraphOptions` from a namespace parsed with `codesmell.cli.parser.add_graph_arguments`
    (the algorithm: `--algorithm`, else `config`'s)."""
    from codesmell.graph.model import GraphOptions

    return GraphOptions(
        seed=args.seed,
        resolution=args.resolution,
        import_weight=args.import_weight,
        call_weight=args.call_weight,
        external=args.external,
        hub_weighting=args.hub_weighting,
        attach_weight=args.attach_weight,
        algorithm=algorithm_of(args, config),
    )


def run(args: argparse.Namespace) -> int:
    from codesmell.output.graph import render_chunks, render_functions
    from codesmell.run.graphcache import cached_rendering_chunks

    config = config_of(args)
    options = graph_options(args, config)
    # The graph never looks at the functions: they are not measured (with the line index they need, about
    # two thirds of the per-file CPU after the parse), so each result holds only what the graph reads.
    results = list(analyze_iter(args, config, with_graph=True, with_metrics=False))
    status = status_of(results)
    level = getattr(args, "level", "module")
    fmt = args.format

    def text_of(graph: ModuleGraph) -> Iterable[str]:
        # the JSON in pieces, written (and cached) as they come: a 3M-line graph's is 180 MB
        return (render_functions(graph, fmt),) if level == "function" else render_chunks(graph, fmt)

    # `release`: the results hand their facts over to the graph's build (which frees what it has read
    # of them before the solve): nothing reads them after it but `status_of`, done already.
    write_chunks(
        cached_rendering_chunks(results, options, cache_root_of(args, config), f"{level}\0{fmt}", text_of, release=True),
        args.output,
    )
    return status

