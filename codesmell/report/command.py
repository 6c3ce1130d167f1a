"""`codesmell report`: analyse, build the graph, write the HTML file atomically."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from codesmell.cache import atomic_write
from codesmell.config import Config
from codesmell.model import FileResult
from codesmell.report.data import build_view
from codesmell.report.graphdoc import graph_document
from codesmell.report.html import render_html

EXIT_CLEAN, EXIT_FINDINGS = 0, 1


def report_title(paths: Sequence[str]) -> str:
    """"codesmell report — src, tests": the analysed paths, as given."""
    return "codesmell report — " + ", ".join(paths or ["."])


def build_report(args: argparse.Namespace, config: Config, results: Sequence[FileResult]) -> str:
    """The report's HTML for already analysed `results`."""
    document = graph_document(args, results)
    view = build_view(results, config, document, seed=getattr(args, "seed", 42),
                      title=report_title(list(getattr(args, "paths", None) or ["."])))
    return render_html(view)


def run_report(args: argparse.Namespace, config: Config, results: list[FileResult]) -> int:
    """Write the report to `args.output`; exit 1 when a file could not be analysed."""
    text = build_report(args, config, results)
    output = Path(args.output or "codesmell-report.html")
    atomic_write(output, text)
    print(f"codesmell: report written to {output}", file=sys.stderr)
    return EXIT_FINDINGS if any(r.errors for r in results) else EXIT_CLEAN
