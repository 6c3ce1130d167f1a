"""`codesmell graph`: the module graph and its communities as JSON, DOT or GraphML."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from codesmell.cli.common import analyze, config_of, status_of, write_output

if TYPE_CHECKING:
    from codesmell.graph.model import GraphOptions


def graph_options(args: argparse.Namespace) -> GraphOptions:
    """`GraphOptions` from a namespace parsed with `codesmell.cli.parser.add_graph_arguments`."""
    from codesmell.graph.model import GraphOptions

    return GraphOptions(
        seed=args.seed,
        resolution=args.resolution,
        import_weight=args.import_weight,
        call_weight=args.call_weight,
        external=args.external,
    )


def run(args: argparse.Namespace) -> int:
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.output.graph import render, render_functions

    config = config_of(args)
    results = analyze(args, config, with_graph=True)
    graph = graph_of_results(results, graph_options(args))
    if getattr(args, "level", "module") == "function":
        write_output(render_functions(graph, args.format), args.output)
    else:
        write_output(render(graph, args.format), args.output)
    return status_of(results)
