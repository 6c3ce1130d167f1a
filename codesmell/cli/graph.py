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
        hub_weighting=args.hub_weighting,
        attach_weight=args.attach_weight,
    )


def run(args: argparse.Namespace) -> int:
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.output.graph import render

    config = config_of(args)
    results = analyze(args, config, with_graph=True)
    graph = graph_of_results(results, graph_options(args))
    write_output(render(graph, args.format), args.output)
    return status_of(results)
