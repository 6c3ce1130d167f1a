"""What the CLI calls for `codesmell graph`: options, build, render.

The CLI owns discovery, parsing and the process pool; it hands over
(module name, path, facts) triples and prints `render(graph, fmt)`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from codesmell.graph.model import GraphOptions, ModuleGraph
from codesmell.graph.options import FORMATS, add_graph_arguments
from codesmell.graph.output import render, to_json_dict
from codesmell.graph.pipeline import build_module_graph
from codesmell.model import FileResult

__all__ = [
    "FORMATS",
    "GraphOptions",
    "ModuleGraph",
    "add_graph_arguments",
    "build_module_graph",
    "graph_of_results",
    "options_from_args",
    "render",
    "to_json_dict",
]


def options_from_args(args: argparse.Namespace) -> GraphOptions:
    """`GraphOptions` from a namespace parsed with `add_graph_arguments`."""
    return GraphOptions(
        seed=args.seed,
        resolution=args.resolution,
        import_weight=args.import_weight,
        call_weight=args.call_weight,
        external=args.external,
    )


def graph_of_results(results: Sequence[FileResult], options: GraphOptions) -> ModuleGraph:
    """The module graph of one run's per-file results (files that failed stay out)."""
    return build_module_graph([(r.module, r.path, r.graph) for r in results if r.graph is not None], options)
