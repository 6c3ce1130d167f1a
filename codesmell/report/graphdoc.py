"""The module graph as the report consumes it: SPEC's `codesmell graph --format json` document.

The report reads the graph only through that documented JSON shape, so what it
shows is exactly what `codesmell graph` prints for the same options.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from codesmell.model import FileResult

GraphDocument = dict[str, Any]


def graph_document(args: argparse.Namespace, results: Sequence[FileResult]) -> GraphDocument:
    """Build the module graph of `results` and return its JSON document."""
    from codesmell.graph.command import graph_of_results, options_from_args, to_json_dict

    return to_json_dict(graph_of_results(results, options_from_args(args)))
