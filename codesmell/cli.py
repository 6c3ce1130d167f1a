"""Argument parsing and dispatch only; the work lives in the modules it calls.

Exit codes: 0 clean, 1 thresholds exceeded or a file could not be analysed,
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codesmell import __version__
from codesmell.config import DEFAULT_THRESHOLDS, Config, ConfigError, load_config
from codesmell.discovery import discover_counted
from codesmell.engine import EngineOptions, analyze_files
from codesmell.model import FileResult

if TYPE_CHECKING:
    from rich.console import Console

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments; exits 2."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    parser.add_argument("--config", metavar="PYPROJECT", help="pyproject.toml to read [tool.codesmell] from")
    parser.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: every core)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .codesmell_cache/")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")


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

    check = sub.add_parser("check", help="the quality gate: exit 1 when thresholds are exceeded")
    if wanted("check"):
        _add_check_arguments(check)

    explain = sub.add_parser("explain", help="line-by-line cyclomatic and cognitive increments")
    explain.add_argument("target", help="FILE, FILE:FUNCTION (qualname or name) or FILE:LINE")

    graph = sub.add_parser("graph", help="module import/call graph and Louvain communities")
    _common(graph)
    graph.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    if wanted("graph"):
        _add_graph_arguments(graph)

    report = sub.add_parser("report", help="self-contained HTML module community report")
    _common(report)
    report.add_argument("--output", "-o", metavar="FILE", default="codesmell-report.html")
    if wanted("report"):
        _add_graph_arguments(report, with_format=False)

    _add_extract_parsers(sub)
    return parser


def _add_check_arguments(check: argparse.ArgumentParser) -> None:
    from codesmell.formats import FINDINGS_FORMATS

    _common(check)
    check.add_argument("--format", choices=sorted(FINDINGS_FORMATS), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    check.add_argument("--select", help="comma-separated code prefixes to report (e.g. CSM2,CSM101)")
    check.add_argument("--ignore", help="comma-separated code prefixes to leave out")
    check.add_argument("--explain", action="store_true", help="show where each complexity increment comes from")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _add_gate_arguments(check)


def _add_extract_parsers(sub: Any) -> None:
    """`suggest` and `extract` (run by codesmell.extract.command)."""
    suggest = sub.add_parser("suggest", help="Extract Method candidates for the long functions of a file")
    suggest.add_argument("file", help="a Python file")
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

    extract = sub.add_parser("extract", help="Extract Method: move lines START-END into a new function")
    extract.add_argument("target", metavar="FILE:START-END", help="e.g. app/billing.py:30-45")
    extract.add_argument("--name", help="name of the new function (default: the proposed name)")
    extract.add_argument("--diff", action="store_true", help="print a unified diff instead of rewriting FILE")


def _add_graph_arguments(parser: argparse.ArgumentParser, with_format: bool = True) -> None:
    from codesmell.graph.options import add_graph_arguments

    add_graph_arguments(parser, with_format)


def _add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    try:
        from codesmell.gate import add_gate_arguments
    except ImportError:
        return
    add_gate_arguments(parser)


def _config(args: argparse.Namespace) -> Config:
    paths = getattr(args, "paths", None) or ["."]
    start = Path(paths[0])
    config = load_config(Path(args.config) if args.config else None, start=start if start.is_dir() else start.parent)
    select = getattr(args, "select", None)
    ignore = getattr(args, "ignore", None)
    if select or ignore:
        from dataclasses import replace

        config = replace(
            config,
            select=tuple(s.strip() for s in select.split(",") if s.strip()) if select else config.select,
            ignore=tuple(s.strip() for s in ignore.split(",") if s.strip()) if ignore else config.ignore,
        )
    return config


def analyze(args: argparse.Namespace, config: Config, with_graph: bool) -> list[FileResult]:
    """Discover and analyse `args.paths`, with the cache and a progress bar as asked."""
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (every core) or more")
    found = discover_counted(list(args.paths), config)
    sources = found.sources
    if found.left_out_by_default:
        print(
            f"codesmell: the built-in excludes left out {found.left_out_by_default} file(s) in build/ or dist/"
            " directories; set `exclude` in the configuration to choose your own",
            file=sys.stderr,
        )
    cache_root = None if args.no_cache else Path(config.root)
    options = EngineOptions(jobs=args.jobs, cache_root=cache_root, with_graph=with_graph)
    show = args.progress if args.progress is not None else (sys.stderr.isatty() and len(sources) > 20)
    if not show:
        return analyze_files(sources, options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        task = bar.add_task("analysing", total=len(sources))
        return analyze_files(sources, options, progress=lambda done, total: bar.update(task, completed=done))


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def write_output(text: str, output: str | None) -> None:
    if output:
        from codesmell.fsio import atomic_write

        atomic_write(Path(output), text)
    else:
        sys.stdout.write(text)


def _any_errors(results: Sequence[FileResult]) -> bool:
    return any(r.errors for r in results)


def cmd_metrics(args: argparse.Namespace) -> int:
    from codesmell.formats import METRICS_FORMATS

    config = _config(args)
    results = analyze(args, config, with_graph=False)
    write_output(METRICS_FORMATS[args.format](results, config), args.output)
    return EXIT_FINDINGS if _any_errors(results) else EXIT_CLEAN


def cmd_check(args: argparse.Namespace) -> int:
    from codesmell.formats import FINDINGS_FORMATS
    from codesmell.rules.thresholds import all_findings

    config = _config(args)
    results = analyze(args, config, with_graph=_needs_graph(args, config))
    findings = all_findings(results, config)
    failed = bool(findings)
    try:
        from codesmell.gate import apply_gate
    except ImportError:
        pass
    else:
        findings, failed = apply_gate(args, config, results, findings)
    colour = args.color == "always" or (args.color == "auto" and not args.output and sys.stdout.isatty()
                                        and "NO_COLOR" not in os.environ)
    text = FINDINGS_FORMATS[args.format](findings, results, config, colour)
    if args.explain and args.format == "text":
        from codesmell.explain import explain_findings

        text += explain_findings(findings, results)
    write_output(text, args.output)
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _needs_graph(args: argparse.Namespace, config: Config) -> bool:
    try:
        from codesmell.gate import needs_graph
    except ImportError:
        return False
    return needs_graph(args, config)


def cmd_explain(args: argparse.Namespace) -> int:
    from codesmell.explain import explain_target

    text, status = explain_target(args.target)
    sys.stdout.write(text)
    return status


def cmd_graph(args: argparse.Namespace) -> int:
    from codesmell.graph.command import graph_of_results, options_from_args, render

    config = _config(args)
    results = analyze(args, config, with_graph=True)
    graph = graph_of_results(results, options_from_args(args))
    write_output(render(graph, args.format), args.output)
    return EXIT_FINDINGS if _any_errors(results) else EXIT_CLEAN


def cmd_report(args: argparse.Namespace) -> int:
    from codesmell.report.command import run_report

    config = _config(args)
    results = analyze(args, config, with_graph=True)
    return run_report(args, config, results)


def cmd_suggest(args: argparse.Namespace) -> int:
    from codesmell.extract.command import cmd_suggest as run

    return run(args)


def cmd_extract(args: argparse.Namespace) -> int:
    from codesmell.extract.command import cmd_extract as run

    return run(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "metrics": cmd_metrics,
    "check": cmd_check,
    "explain": cmd_explain,
    "graph": cmd_graph,
    "report": cmd_report,
    "suggest": cmd_suggest,
    "extract": cmd_extract,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The first word not an option is the subcommand (the top level has no option taking a value).
    parser = build_parser(next((word for word in argv if not word.startswith("-")), None))
    args = parser.parse_args(argv)
    try:
        status: int = COMMANDS[args.command](args)
        return status
    except (ConfigError, UsageError) as exc:
        print(f"codesmell: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("codesmell: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `codesmell metrics | head`: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
