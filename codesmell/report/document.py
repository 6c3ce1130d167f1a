"""One run's results and module graph -> the report's HTML text (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from codesmell.config import Config
from codesmell.graph.model import ModuleGraph
from codesmell.model import FileResult
from codesmell.report.data import build_view, shown_root
from codesmell.report.html import render_html


def report_title(paths: Sequence[str]) -> str:
    """"codesmell report — src, tests": the analysed paths, as given (by their last name when
    outside the current directory, as the page names their files)."""
    return "codesmell report — " + ", ".join(shown_root(p) for p in paths or ["."])


def build_report(results: Sequence[FileResult], config: Config, graph: ModuleGraph, title: str,
                 roots: Sequence[str] = (), hotspots: dict[str, Any] | None = None,
                 drift: dict[str, Any] | None = None) -> str:
    """The report's HTML for already analysed `results` and their module graph.

    The layout's seed is the graph's clustering seed, so one `--seed` fixes both;
    `roots` (the analysed paths) name the files relative to the root holding them;
    `drift` is `drift_view.drift_view`'s dict, when the report has a baseline.
    """
    view = build_view(results, config, graph, seed=graph.options.seed, title=title, roots=roots, hotspots=hotspots,
                      drift=drift)
    return render_html(view)
