"""The whole command line as argparse sees it; nothing below `codesmell.cli` sees argparse."""

from __future__ import annotations

import argparse
from typing import Any

from codesmell import __version__
from codesmell.config import DEFAULT_THRESHOLDS

# subcommand -> the module of codesmell.cli that runs it (each has `run(args) -> int`)
COMMANDS = ("metrics", "check", "explain", "graph", "report", "suggest", "extract", "history", "lsp")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    parser.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read [tool.codesmell] from")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: every core)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .codesmell_cache/")
    add_executor_argument(parser)
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("--halstead", action="store_true", default=None,
                        help="also radon's Halstead figures and maintainability index "
                             "(default: [tool.codesmell.halstead] enabled)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that subcommand gets its options.

    The others keep their names and help, so usage errors read the same, but a
    `metrics` run then imports neither the graph options (and the graph model
    behind them) nor the gate's (and the baseline module): 20 ms of a warm run.
    """

    def wanted(name: str) -> bool:
        return command is None or command == name or command not in COMMANDS

    parser = argparse.ArgumentParser(
        prog="codesmell",
        description="Find functions too long to understand and how your modules really cluster.",
    )
    parser.add_argument("--version", action="version", version=f"codesmell {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    metrics = sub.add_parser("metrics", help="per-function metrics of every function")
    _common(metrics)
    metrics.add_argument("--format", choices=("json", "csv", "text"), default="text")
    metrics.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    add_churn_argument(metrics)

    check = sub.add_parser("check", help="the quality gate: exit 1 when thresholds are exceeded")
    if wanted("check"):
        _add_check_arguments(check)

    explain = sub.add_parser("explain", help="line-by-line cyclomatic and cognitive increments")
    explain.add_argument("target", help="FILE, FILE:FUNCTION (qualname or name) or FILE:LINE")

    graph = sub.add_parser("graph", help="module import/call graph and Louvain communities")
    _common(graph)
    graph.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    if wanted("graph"):
        add_graph_arguments(graph)
        graph.add_argument("--level", choices=("module", "function"), default="module",
                           help="module graph and communities, or the function call graph (default: module)")

    report = sub.add_parser("report", help="self-contained HTML module community report")
    _common(report)
    report.add_argument("--output", "-o", metavar="FILE", default="codesmell-report.html")
    add_churn_argument(report)
    report.add_argument("--baseline", metavar="FILE",
                        help="show the architecture drift (new cycles, community edges, moved modules) since FILE")
    if wanted("report"):
        add_graph_arguments(report, with_format=False)

    _add_extract_parsers(sub, wanted("suggest"))
    _add_history_parser(sub)
    sub.add_parser("lsp", help="language server over stdio: diagnostics, hover, Extract Method (needs the lsp extra)")
    return parser


def _executor(text: str) -> str:
    from codesmell.run.executors import parse_executor

    try:
        return str(parse_executor(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_executor_argument(parser: argparse.ArgumentParser) -> None:
    """`--executor local|dask|tcp://HOST:PORT`: where the files that miss the cache are analysed."""
    parser.add_argument("--executor", type=_executor, default=None, metavar="SPEC",
                        help="where files that miss the cache are analysed: local (processes, the default), "
                             "dask (a local Dask cluster of --jobs workers) or tcp://HOST:PORT (a Dask scheduler) "
                             "(default: [tool.codesmell] executor)")


def add_churn_argument(parser: argparse.ArgumentParser) -> None:
    """`--churn-since DATE`: read the git history since DATE for each function's churn and hotspot."""
    parser.add_argument("--churn-since", metavar="DATE",
                        help="add each function's churn (commits, authors) and hotspot since DATE, from git history "
                             "(any date git understands: 2024-01-01, '12 months ago')")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text!r}")
    return value


def _add_history_parser(sub: Any) -> None:
    """`history` (run by codesmell.cli.history)."""
    history = sub.add_parser("history", help="per-function metrics, churn and hotspots across the git history")
    _common(history)
    window = history.add_mutually_exclusive_group()
    window.add_argument("--since", metavar="DATE", help="commits since DATE (any date git understands)")
    window.add_argument("--commits", type=_positive_int, metavar="N",
                        help="the newest N commits touching the analysed tree")
    history.add_argument("--format", choices=("json", "text"), default="text")
    history.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


def _add_check_arguments(check: argparse.ArgumentParser) -> None:
    from codesmell.output import FINDINGS_FORMATS

    _common(check)
    check.add_argument("--format", choices=sorted(FINDINGS_FORMATS), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    check.add_argument("--select", help="comma-separated code prefixes to report (e.g. CSM2,CSM101)")
    check.add_argument("--ignore", help="comma-separated code prefixes to leave out")
    check.add_argument("--explain", action="store_true", help="show where each complexity increment comes from")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--sort", choices=("path", "priority", "hotspot"), default="path",
                       help="order of the findings: as analysed (default), split first, or split first with churn "
                            "(hotspot; reads git history since --churn-since, default 12 months ago)")
    add_churn_argument(check)
    add_gate_arguments(check)


def add_algorithm_argument(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("louvain", "leiden")) -> None:
    """`--algorithm louvain|leiden`; absent: `algorithm` of [tool.codesmell], else louvain."""
    parser.add_argument("--algorithm", choices=choices, default=None,
                        help="community detection: louvain (python-louvain), or leiden (leidenalg: connected "
                             "communities by construction; pip install 'codesmell[leiden]'). "
                             "Default: [tool.codesmell] algorithm, else louvain")


def add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    """The CI gate's options of `codesmell check` (read into `codesmell.rules.gate.GateOptions`)."""
    parser.add_argument("--baseline", metavar="FILE",
                        help="fail only on findings new or worse than FILE (default: [tool.codesmell] baseline)")
    parser.add_argument("--update-baseline", action="store_true",
                        help="record today's findings in the baseline and exit 0")
    parser.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline")
    parser.add_argument("--diff", metavar="REF",
                        help="report only functions whose lines changed since the git revision REF")
    parser.add_argument("--no-project-gates", action="store_true",
                        help="per-function thresholds only: skip [tool.codesmell.gate] (the pre-commit hook)")
    add_algorithm_argument(parser)  # the architecture gates cluster the module graph


def _add_extract_parsers(sub: Any, with_graph_options: bool = True) -> None:
    """`suggest` and `extract` (run by codesmell.cli.suggest and codesmell.cli.extract)."""
    suggest = sub.add_parser("suggest", help="Extract Method candidates for the long functions of a file")
    suggest.add_argument("file", nargs="*", metavar="FILE",
                         help="a Python file (with --moves: files or directories, default .)")
    suggest.add_argument("--moves", action="store_true",
                         help="functions whose calls mostly go to another community, and where to move them")
    suggest.add_argument(
        "--min-sloc",
        type=int,
        default=DEFAULT_THRESHOLDS["sloc"].warning,
        help="only functions with more SLOC than this (default: %(default)s)",
    )
    suggest.add_argument(
        "--all", action="store_true", help="every extractable block, not just the best non-overlapping five"
    )
    suggest.add_argument("--function", metavar="NAME", help="only this function (qualname or name)")
    suggest.add_argument("--format", choices=("text", "json"), default="text")
    suggest.add_argument("--config", metavar="PYPROJECT", help="with --moves: pyproject.toml to read")
    suggest.add_argument("--jobs", "-j", type=int, default=0, help="with --moves: worker processes")
    suggest.add_argument("--no-cache", action="store_true", help="with --moves: no .codesmell_cache/")
    add_executor_argument(suggest)
    suggest.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    if with_graph_options:  # --moves builds the graph; a `metrics` run need not import its model
        add_graph_arguments(suggest, with_format=False)

    extract = sub.add_parser("extract", help="Extract Method: move lines START-END into a new function")
    extract.add_argument("target", metavar="FILE:START-END", help="e.g. app/billing.py:30-45")
    extract.add_argument("--name", help="name of the new function (default: the proposed name)")
    extract.add_argument("--diff", action="store_true", help="print a unified diff instead of rewriting FILE")


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:  # also rejects NaN
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text!r}")
    return value


def _finite_non_negative(text: str) -> float:
    value = _non_negative(text)
    if value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text!r}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value == 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def add_graph_arguments(parser: argparse.ArgumentParser, with_format: bool = True) -> None:
    """`--format`, `--algorithm`, `--seed`, `--resolution`, `--external`, `--import-weight`, `--call-weight`,
    `--hub-weighting`, `--attach-weight`.

    The defaults come from the graph model, which is free of networkx, so
    `codesmell check` can build the same parser with a light start-up.
    """
    from codesmell.graph.model import (
        ALGORITHMS,
        DEFAULT_ATTACH_WEIGHT,
        DEFAULT_CALL_WEIGHT,
        DEFAULT_HUB_WEIGHTING,
        DEFAULT_IMPORT_WEIGHT,
        DEFAULT_RESOLUTION,
        DEFAULT_SEED,
        FORMATS,
    )

    if with_format:
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="output format (default: json)",
        )
    add_algorithm_argument(parser, ALGORITHMS)
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"Louvain random seed; a fixed seed gives identical output (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--resolution",
        type=_positive,
        default=DEFAULT_RESOLUTION,
        help="Louvain resolution (python-louvain's): above 1 gives more, smaller "
        f"communities (default: {DEFAULT_RESOLUTION})",
    )
    parser.add_argument(
        "--external",
        action="store_true",
        help="keep imported modules outside the analysed code as nodes (by top-level package)",
    )
    parser.add_argument(
        "--import-weight",
        type=_non_negative,
        default=DEFAULT_IMPORT_WEIGHT,
        help=f"edge weight of one module importing another (default: {DEFAULT_IMPORT_WEIGHT})",
    )
    parser.add_argument(
        "--call-weight",
        type=_non_negative,
        default=DEFAULT_CALL_WEIGHT,
        help="edge weight per distinct function calling a function of another module "
        f"(default: {DEFAULT_CALL_WEIGHT})",
    )
    parser.add_argument(
        "--hub-weighting",
        type=_finite_non_negative,
        default=DEFAULT_HUB_WEIGHTING,
        metavar="S",
        help="an edge into a module that d modules depend on counts d**-S of its weight; "
        f"0 turns it off (default: {DEFAULT_HUB_WEIGHTING})",
    )
    parser.add_argument(
        "--attach-weight",
        type=_finite_non_negative,
        default=DEFAULT_ATTACH_WEIGHT,
        help="edge weight tying a module without code (empty __init__.py, data only) to its "
        f"package; 0 turns it off (default: {DEFAULT_ATTACH_WEIGHT})",
    )
