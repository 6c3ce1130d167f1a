"""`codesmell report`: analyse, build the graph, write the HTML file atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codesmell.cli.common import analyze, cache_root_of, config_of, status_of


def run(args: argparse.Namespace) -> int:
    """Write the report to `args.output`; exit 1 when a file could not be analysed."""
    from codesmell.cli.graph import graph_options
    from codesmell.fsio import atomic_write
    from codesmell.output.report.document import build_report, report_title
    from codesmell.run.graphcache import cached_graph_of_results

    config = config_of(args)
    results = analyze(args, config, with_graph=True)
    graph = cached_graph_of_results(results, graph_options(args), cache_root_of(args, config))
    text = build_report(results, config, graph, report_title(list(args.paths or ["."])))
    output = Path(args.output or "codesmell-report.html")
    atomic_write(output, text)
    print(f"codesmell: report written to {output}", file=sys.stderr)
    return status_of(results)
