"""The CI quality gate: what `codesmell check` fails on, beyond one finding per function.

Order of work for one run: findings are narrowed to what `--diff REF` touched,
then to what is new or worse than the baseline; the project gates of
`[tool.codesmell.gate]` are judged on what remains (counts) or on the whole run
(averages, the module graph). Gate failures are printed to stderr with the
figure and the limit, so a red CI job says why.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codesmell.config import Config, ConfigError
from codesmell.model import FileResult, Finding
from codesmell.rules import baseline as baseline_mod

if TYPE_CHECKING:  # a warm `check` without graph gates never imports the graph
    from codesmell.graph.model import ModuleGraph


@dataclass(frozen=True)
class GateConfig:
    """`[tool.codesmell.gate]`, validated. None means the gate is off."""

    max_warnings: int | None = None  # None: not configured, any finding fails
    max_criticals: int | None = None
    max_average_cyclomatic: float | None = None
    no_new_cycles: bool = False
    min_modularity: float | None = None

    @property
    def uses_graph(self) -> bool:
        return self.no_new_cycles or self.min_modularity is not None


_KEYS = ("max-warnings", "max-criticals", "max-average-cyclomatic", "no-new-cycles", "min-modularity")


def parse_gate(table: Mapping[str, Any]) -> GateConfig:
    """Validate the raw table; an unknown or mistyped key is an error naming it."""
    where = "[tool.codesmell.gate]"
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            raise ConfigError(f"unknown key {raw_key!r} in {where} (known: {', '.join(_KEYS)})")
        if key in ("max-warnings", "max-criticals"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{where} {raw_key} must be a non-negative integer, got {value!r}")
        elif key == "no-new-cycles":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} {raw_key} must be true or false, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{where} {raw_key} must be a non-negative number, got {value!r}")
        elif key == "min-modularity" and value > 1:
            raise ConfigError(f"{where} {raw_key} must be between 0 and 1 (modularity), got {value!r}")
        values[key.replace("-", "_")] = value
    return GateConfig(**values)


@dataclass(frozen=True)
class GateOptions:
    """What one run asks of the gate (`codesmell check`'s gate options, or an API caller's)."""

    baseline: str | None = None  # a baseline file; None: the configured one, if any
    update_baseline: bool = False  # record this run's findings instead of judging them
    no_baseline: bool = False  # ignore the configured baseline
    diff: str | None = None  # a git revision: only findings in lines changed since it
    no_project_gates: bool = False  # per-function thresholds only: skip [tool.codesmell.gate]
    paths: tuple[str, ...] = (".",)  # the analysed paths; the first one locates the git repository


def needs_graph(options: GateOptions, config: Config) -> bool:
    """True when a graph gate is on, so the engine extracts import facts during the parse."""
    if options.no_project_gates:
        return False
    return parse_gate(config.gate).uses_graph


def _baseline_path(options: GateOptions, config: Config) -> Path | None:
    if options.no_baseline:
        return None
    if options.baseline:
        return Path(options.baseline)
    if config.baseline:
        return Path(config.root) / config.baseline
    return None


def _warn(message: str) -> None:
    print(f"codesmell: {message}", file=sys.stderr)


def apply_gate(
    options: GateOptions,
    config: Config,
    results: Sequence[FileResult],
    findings: list[Finding],
    graph: ModuleGraph | None = None,
) -> tuple[list[Finding], bool]:
    """(the findings to print, whether the gate failed).

    `graph` is the run's module graph with the default options, if the caller
    has one; a graph gate builds it otherwise.
    """
    gate = GateConfig() if options.no_project_gates else parse_gate(config.gate)
    root = Path(config.root)
    path = _baseline_path(options, config)
    if options.update_baseline and path is None:
        raise ConfigError("--update-baseline needs --baseline FILE or `baseline = ...` in [tool.codesmell]")
    if options.update_baseline and options.diff:
        raise ConfigError("--update-baseline records the whole run; it cannot be combined with --diff")
    previous = baseline_mod.load(path) if path is not None else baseline_mod.Baseline()
    project = project_figures(gate, results, graph)

    if options.update_baseline:
        assert path is not None
        updated = baseline_mod.build(findings, root, previous, [r.path for r in results], project)
        baseline_mod.save(updated, path)
        _warn(f"baseline {path} written: {len(updated.entries)} entries")
        return [], False

    if options.diff:
        findings = only_changed(findings, results, options.diff, options.paths)
    if path is not None:
        findings, known = baseline_mod.split(findings, previous, root)
        if known:
            _warn(f"{len(known)} finding(s) in the baseline {path} left out; {len(findings)} new or worse")

    reasons = judge(gate, findings, project, previous.project if path is not None else None)
    for reason in reasons:
        _warn(f"gate failed: {reason}")
    return findings, bool(reasons)


def judge(
    gate: GateConfig,
    findings: Sequence[Finding],
    project: Mapping[str, Any],
    recorded: Mapping[str, Any] | None,
) -> list[str]:
    """Why the gate fails, one sentence each; empty when it passes.

    File errors always fail (something could not be analysed). With a baseline,
    project figures fail only when they are past the limit *and* worse than recorded.
    """
    reasons: list[str] = []
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    criticals = sum(1 for f in findings if f.severity == "critical")
    if errors:
        reasons.append(f"{errors} file(s) could not be analysed")
    if gate.max_warnings is None and gate.max_criticals is None:
        if warnings + criticals:
            reasons.append(f"{warnings + criticals} function finding(s) over the per-function thresholds")
    else:
        if warnings > (gate.max_warnings or 0):
            reasons.append(f"{warnings} warning finding(s) > max-warnings {gate.max_warnings or 0}")
        if criticals > (gate.max_criticals or 0):
            reasons.append(f"{criticals} critical finding(s) > max-criticals {gate.max_criticals or 0}")
    recorded = recorded or {}
    average = project.get("average_cyclomatic")
    if gate.max_average_cyclomatic is not None and average is not None and average > gate.max_average_cyclomatic:
        before = recorded.get("average_cyclomatic")
        if before is None or average > before:
            reasons.append(
                f"average cyclomatic complexity {average:.2f} > max-average-cyclomatic "
                f"{gate.max_average_cyclomatic}" + (f" (baseline {before})" if before is not None else "")
            )
    modularity = project.get("modularity")
    if gate.min_modularity is not None and modularity is not None and modularity < gate.min_modularity:
        before = recorded.get("modularity")
        if before is None or modularity < before:
            reasons.append(
                f"modularity {modularity:.3f} < min-modularity {gate.min_modularity}"
                + (f" (baseline {before})" if before is not None else "")
            )
    if gate.no_new_cycles:
        for cycle in new_cycles(project.get("cycles", []), recorded.get("cycles", [])):
            reasons.append("new import cycle: " + " -> ".join([*cycle, cycle[0]]))
    return reasons


def project_figures(
    gate: GateConfig, results: Sequence[FileResult], graph: ModuleGraph | None = None
) -> dict[str, Any]:
    """The project-level figures the configured gates need (only those, to keep baselines quiet).

    The cycles and the modularity are the module graph's own (`codesmell graph`
    reports the same ones): `graph` when the caller has built it, else built
    here with the default options (fixed seed), so modularity is reproducible.
    """
    figures: dict[str, Any] = {}
    if gate.max_average_cyclomatic is not None:
        values = [f.cyclomatic for r in results for f in r.functions]
        figures["average_cyclomatic"] = round(sum(values) / len(values), 4) if values else 0.0
    if gate.uses_graph:
        if graph is None:
            graph = default_graph(results)
        if gate.no_new_cycles:
            figures["cycles"] = [list(cycle.modules) for cycle in graph.cycles]
        if gate.min_modularity is not None:
            figures["modularity"] = round(float(graph.modularity), 4)
    return figures


def default_graph(results: Sequence[FileResult]) -> ModuleGraph:
    """The module graph of this run with the default options, as `codesmell graph` builds it."""
    from codesmell.graph.model import GraphOptions
    from codesmell.graph.pipeline import graph_of_results

    return graph_of_results(results, GraphOptions())


def new_cycles(current: Sequence[Sequence[str]], recorded: Sequence[Sequence[str]]) -> list[list[str]]:
    """Cycles not contained in a recorded one: a recorded cycle that shrank or stayed is not new."""
    known = [set(cycle) for cycle in recorded]
    return [list(cycle) for cycle in current if not any(set(cycle) <= group for group in known)]


def only_changed(
    findings: Sequence[Finding], results: Sequence[FileResult], ref: str, paths: Sequence[str]
) -> list[Finding]:
    """Findings whose function (def line to last line) or file intersects lines changed since `ref`."""
    from codesmell.run.gitdiff import GitError, changed_lines

    try:
        changed = changed_lines(ref, Path(paths[0] if paths else "."))
    except GitError as exc:
        raise ConfigError(str(exc)) from exc
    spans: dict[tuple[str, str, int], int] = {}
    for result in results:
        for function in result.functions:
            spans[(result.path, function.qualname, function.line)] = function.end_line
    kept = []
    for finding in findings:
        if finding.metric:
            end = spans.get((finding.path, finding.qualname, finding.line), finding.line)
            if changed.touches(finding.path, finding.line, end):
                kept.append(finding)
        elif changed.file_changed(finding.path):
            kept.append(finding)
    return kept
