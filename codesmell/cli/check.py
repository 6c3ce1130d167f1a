"""`codesmell check`: per-function findings, then the CI gate (baseline, `--diff`, project gates)."""

from __future__ import annotations

import argparse
import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING

from codesmell.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    GateError,
    analyze_iter,
    config_of,
    without_json,
    write_output,
)
from codesmell.config import Config, ConfigError
from codesmell.model import FileResult, Finding

if TYPE_CHECKING:
    from codesmell.rules.gate import GateOptions


def load_gate() -> ModuleType:
    """The gate module; an import that fails is a `GateError`, so a broken gate can never pass CI.

    Any exception counts, not only ImportError: a gate that cannot load must not
    quietly switch off the baseline, `--diff` and the project gates.
    """
    try:
        from codesmell.rules import gate
    except Exception as exc:
        raise GateError(f"the CI gate (codesmell.rules.gate) cannot be loaded: {type(exc).__name__}: {exc}") from exc
    return gate


def gate_options(args: argparse.Namespace) -> GateOptions:
    """The gate options of `check`'s namespace (see `codesmell.cli.parser.add_gate_arguments`)."""
    options: GateOptions = load_gate().GateOptions(
        baseline=args.baseline,
        update_baseline=args.update_baseline,
        no_baseline=args.no_baseline,
        diff=args.diff,
        no_project_gates=args.no_project_gates,
        paths=tuple(args.paths),
        algorithm=getattr(args, "algorithm", None),
    )
    return options


def with_churn(
    args: argparse.Namespace, config: Config, results: list[FileResult], findings: list[Finding], since: str | None
) -> list[Finding]:
    """The findings with each function's churn and hotspot from git history (`--churn-since`, `--sort hotspot`)."""
    from codesmell.cli.history import DEFAULT_CHURN_SINCE, read
    from codesmell.history.hotspots import annotate_findings, churn_index

    since = since or DEFAULT_CHURN_SINCE
    return annotate_findings(findings, results, churn_index(read(args, config, since)), since)


def run(args: argparse.Namespace) -> int:
    from codesmell.output import FINDINGS_FORMATS
    from codesmell.rules.thresholds import all_findings, sort_findings

    gate = load_gate()
    options = gate_options(args)
    config = config_of(args)
    with_graph = gate.needs_graph(options, config)
    if with_graph and (options.algorithm or config.algorithm) == "leiden":  # say what to install before any work
        from codesmell.graph.leiden import import_leidenalg

        import_leidenalg()
    results = [without_json(r) for r in analyze_iter(args, config, with_graph=with_graph)]
    findings = all_findings(results, config)
    try:
        findings, failed = gate.apply_gate(options, config, results, findings)
    except (ConfigError, BrokenPipeError):
        raise
    except Exception as exc:
        raise GateError(f"the CI gate failed: {type(exc).__name__}: {exc}") from exc
    churn_since = getattr(args, "churn_since", None)
    if churn_since or args.sort == "hotspot":
        findings = with_churn(args, config, results, findings, churn_since)
    if args.sort == "hotspot":
        from codesmell.history.hotspots import sort_by_hotspot

        findings = sort_by_hotspot(findings)
    else:
        findings = sort_findings(findings, args.sort)
    colour = args.color == "always" or (args.color == "auto" and not args.output and sys.stdout.isatty()
                                        and "NO_COLOR" not in os.environ)
    text = FINDINGS_FORMATS[args.format](findings, results, config, colour)
    if args.explain and args.format == "text":
        from codesmell.output.explain import explain_findings

        text += explain_findings(findings, results)
    write_output(text, args.output)
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failed else EXIT_CLEAN
