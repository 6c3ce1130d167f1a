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
    from codesmell.report.document import build_report, report_title
    from codesmell.run.graphcache import cached_graph_of_results

    config = config_of(args)
    options = graph_options(args, config)
    results = analyze(args, config, with_graph=True)
    graph = cached_graph_of_results(results, options, cache_root_of(args, config))
    hotspots = None
    if getattr(args, "churn_since", None):  # the Hotspots view, from git history
        from codesmell.cli.history import read
        from codesmell.report.hotspots_view import hotspots_view

        hotspots = hotspots_view(results, config, read(args, config, args.churn_since), args.churn_since)
    drift = None
    baseline = getattr(args, "baseline", None)
    if baseline:  # the architecture gate's view: drift since the baseline
        from codesmell.report.drift_view import drift_view
        from codesmell.rules import baseline as baseline_mod

        drift = drift_view(results, config, graph, baseline_mod.load(Path(baseline)).project, Path(baseline))
    roots = list(args.paths or ["."])
    text = build_report(results, config, graph, report_title(roots), roots, hotspots, drift)
    output = Path(args.output or "codesmell-report.html")
    atomic_write(output, text)
    print(f"codesmell: report written to {output}", file=sys.stderr)
    return status_of(results)
