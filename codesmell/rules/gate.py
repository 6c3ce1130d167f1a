"""The CI quality gate: what `codesmell check` fails on, beyond one finding per function.

Order of work for one run: findings are narrowed to what `--diff REF` touched,
then to what is new or worse than the baseline; the project gates of
`[tool.codesmell.gate]` are judged on what remains (counts) or on the whole run
(averages, the module graph). The architecture gate compares the module graph
with a reference (the baseline's record, the base commit of `--diff`, or both)
and reports each drift as a CSM3xx finding at the import line that causes it.
Gate failures are printed to stderr with the figure and the limit, so a red CI
job says why.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codesmell.config import Config, ConfigError
from codesmell.model import FileResult, Finding
from codesmell.rules import baseline as baseline_mod
from codesmell.rules.codes import (
    ARCHITECTURE_CODES,
    COMMUNITY_EDGE_GROWTH,
    LOW_MODULARITY,
    MODULARITY_DROP,
    MOVED_MODULE,
    NEW_COMMUNITY_EDGE,
    NEW_CYCLE,
)
from codesmell.rules.noqa import is_suppressed

if TYPE_CHECKING:  # a warm `check` without graph gates never imports the graph
    from codesmell.graph.drift import Architecture
    from codesmell.graph.model import ModuleGraph
    from codesmell.run.gitdiff import ChangedLines


@dataclass(frozen=True)
class GateConfig:
    """`[tool.codesmell.gate]`, validated. None (or False) means the gate is off."""

    max_warnings: int | None = None  # None: not configured, any finding fails
    max_criticals: int | None = None
    max_average_cyclomatic: float | None = None
    no_new_cycles: bool = False
    no_new_community_edges: bool = False
    max_community_edge_growth: float | None = None  # allowed growth, as a fraction of the recorded imports
    no_moved_modules: bool = False
    min_modularity: float | None = None
    max_modularity_drop: float | None = None

    @property
    def uses_graph(self) -> bool:
        return self.no_new_cycles or self.min_modularity is not None or self.uses_reference

    @property
    def uses_communities(self) -> bool:
        return self.no_new_community_edges or self.max_community_edge_growth is not None or self.no_moved_modules

    @property
    def uses_reference(self) -> bool:
        """A gate that only means something against a recorded structure (baseline or `--diff`)."""
        return self.uses_communities or self.max_modularity_drop is not None


_KEYS = (
    "max-warnings",
    "max-criticals",
    "max-average-cyclomatic",
    "no-new-cycles",
    "no-new-community-edges",
    "max-community-edge-growth",
    "no-moved-modules",
    "min-modularity",
    "max-modularity-drop",
)
_SWITCHES = ("no-new-cycles", "no-new-community-edges", "no-moved-modules")


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
        elif key in _SWITCHES:
            if not isinstance(value, bool):
                raise ConfigError(f"{where} {raw_key} must be true or false, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{where} {raw_key} must be a non-negative number, got {value!r}")
        elif key in ("min-modularity", "max-modularity-drop") and value > 1:
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
    algorithm: str | None = None  # clustering of the graph gates; None: [tool.codesmell] algorithm


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
    has one; a graph gate builds it otherwise. The architecture findings
    (CSM3xx) come after the per-function ones.
    """
    gate = GateConfig() if options.no_project_gates else parse_gate(config.gate)
    root = Path(config.root)
    path = _baseline_path(options, config)
    if options.update_baseline and path is None:
        raise ConfigError("--update-baseline needs --baseline FILE or `baseline = ...` in [tool.codesmell]")
    if options.update_baseline and options.diff:
        raise ConfigError("--update-baseline records the whole run; it cannot be combined with --diff")
    previous = baseline_mod.load(path) if path is not None else baseline_mod.Baseline()
    algorithm = options.algorithm or config.algorithm
    if gate.uses_graph and graph is None:
        graph = default_graph(results, algorithm)
    project = project_figures(gate, results, graph)

    if options.update_baseline:
        assert path is not None
        updated = baseline_mod.build(findings, root, previous, [r.path for r in results], project)
        baseline_mod.save(updated, path)
        _warn(f"baseline {path} written: {len(updated.entries)} entries")
        return [], False

    changed = None
    if options.diff:
        changed = _changed(options)
        findings = only_changed(findings, results, options.diff, options.paths, changed)
    if path is not None:
        findings, known = baseline_mod.split(findings, previous, root)
        if known:
            _warn(f"{len(known)} finding(s) in the baseline {path} left out; {len(findings)} new or worse")

    if graph is not None:
        references = []
        if options.diff and changed is not None:
            base = base_architecture(options.diff, options.paths, results, changed, algorithm)
            references.append((options.diff, base))
        if path is not None:
            recorded = baseline_architecture(previous.project, path, algorithm)
            if not options.diff:
                _require(gate, recorded, f"baseline {path}")
                references.append(("baseline", recorded))
            elif _records_architecture(previous.project) and not _missing(gate, recorded):
                references.append(("baseline", recorded))  # with --diff, a baseline that can judge narrows it
        findings = findings + architecture_findings(gate, results, config, graph, references)

    reasons = judge(gate, findings, project, previous.project if path is not None else None)
    for reason in reasons:
        _warn(f"gate failed: {reason}")
    return findings, bool(reasons)


def _changed(options: GateOptions) -> ChangedLines:
    from codesmell.run.gitdiff import GitError, changed_lines

    assert options.diff is not None
    try:
        return changed_lines(options.diff, Path(options.paths[0] if options.paths else "."))
    except GitError as exc:
        raise ConfigError(str(exc)) from exc


_ARCHITECTURE_KEYS = ("cycles", "imports", "communities", "modularity")


def _records_architecture(project: Mapping[str, Any]) -> bool:
    return any(key in project for key in _ARCHITECTURE_KEYS)


def baseline_architecture(project: Mapping[str, Any], path: Path, algorithm: str = "louvain") -> Architecture:
    """The architecture a baseline recorded; a baseline without any is one that knows no cycle.

    Communities found by another algorithm than this run's (`algorithm`) cannot be
    compared with this run's: every module would look moved, or none. That is a
    ConfigError (exit 2), never a judgement. A record without `algorithm` was
    clustered by Louvain (the only algorithm before Leiden).
    """
    from dataclasses import replace

    from codesmell.graph.drift import from_record

    try:
        recorded = from_record(project)
    except ValueError as exc:
        raise ConfigError(f"baseline {path}: project {exc}") from exc
    clustered = project.get("algorithm", "louvain")
    if (recorded.communities is not None or recorded.modularity is not None) and clustered != algorithm:
        raise ConfigError(
            f"baseline {path} recorded communities clustered by {clustered}, and this run clusters by {algorithm}: "
            f"record the baseline again (--update-baseline) or run with --algorithm {clustered}"
        )
    # a missing or new baseline knows no cycle: every cycle is new (the gate fails closed)
    return recorded if recorded.cycles is not None else replace(recorded, cycles=())


def base_architecture(
    ref: str, paths: Sequence[str], results: Sequence[FileResult], changed: ChangedLines,
    algorithm: str = "louvain",
) -> Architecture:
    """The architecture of the base commit `ref`, from git's blobs (nothing is checked out).

    Files this change did not touch are taken as they are (their facts are the
    same); the others are parsed from their version at `ref`, and those absent
    at `ref` (new files) are left out. Files deleted since `ref` are not
    analysed now and stay out of the base too.
    """
    from codesmell.graph.drift import architecture_of
    from codesmell.run.analyze import analyze_source
    from codesmell.run.gitdiff import GitError, blobs_at

    touched = [r for r in results if changed.file_changed(r.path)]
    try:
        blobs = blobs_at(ref, Path(paths[0] if paths else "."), [r.path for r in touched])
    except GitError as exc:
        raise ConfigError(str(exc)) from exc
    touched_paths = {r.path for r in touched}
    base: list[FileResult] = []
    for result in results:
        if result.path not in touched_paths:
            base.append(result)
            continue
        data = blobs.get(os.path.realpath(result.path))
        if data is None:
            continue
        is_package = result.graph.is_package if result.graph is not None else result.path.endswith("__init__.py")
        base.append(analyze_source(data, result.path, result.module, is_package, with_graph=True))
    return architecture_of(default_graph(base, algorithm))


def judge(
    gate: GateConfig,
    findings: Sequence[Finding],
    project: Mapping[str, Any],
    recorded: Mapping[str, Any] | None,
) -> list[str]:
    """Why the gate fails, one sentence each; empty when it passes.

    File errors always fail (something could not be analysed). With a baseline,
    project figures fail only when they are past the limit *and* worse than recorded.
    Every architecture finding (CSM3xx, see `architecture_findings`) fails.
    """
    reasons: list[str] = []
    errors = sum(1 for f in findings if f.severity == "error" and not _is_architecture(f))
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
    reasons.extend(architecture_reasons([f for f in findings if _is_architecture(f)]))
    return reasons


def _is_architecture(finding: Finding) -> bool:
    return finding.code in ARCHITECTURE_CODES


def architecture_reasons(findings: Sequence[Finding]) -> list[str]:
    """One sentence per new cycle, then per modularity finding, then one count per other code."""
    cycles: dict[tuple[str, ...], None] = {}
    modularity: list[str] = []
    counts: Counter[str] = Counter()
    for finding in findings:
        if finding.code == NEW_CYCLE:
            cycles.setdefault(tuple(finding.extra.get("cycle", ())), None)
        elif finding.code in (LOW_MODULARITY, MODULARITY_DROP):
            modularity.append(finding.message)
        else:
            counts[finding.code] += 1
    reasons = ["new import cycle: " + " -> ".join(cycle) for cycle in cycles]
    reasons += modularity
    for code in sorted(counts):
        reasons.append(f"{counts[code]} x {code} {ARCHITECTURE_CODES[code][1]} ({ARCHITECTURE_CODES[code][0]})")
    return reasons


def project_figures(
    gate: GateConfig, results: Sequence[FileResult], graph: ModuleGraph | None = None
) -> dict[str, Any]:
    """The project-level figures the configured gates need (only those, to keep baselines quiet).

    The cycles, communities and modularity are the module graph's own
    (`codesmell graph` reports the same ones): `graph` when the caller has built
    it, else built here with the default options (fixed seed), so they are
    reproducible. Import edges are recorded for the cycle and community gates,
    so a later run can tell exactly which import is new.
    """
    figures: dict[str, Any] = {}
    if gate.max_average_cyclomatic is not None:
        values = [f.cyclomatic for r in results for f in r.functions]
        figures["average_cyclomatic"] = round(sum(values) / len(values), 4) if values else 0.0
    if gate.uses_graph:
        from codesmell.graph.drift import architecture_of, to_record

        if graph is None:
            graph = default_graph(results)
        modularity = gate.min_modularity is not None or gate.max_modularity_drop is not None
        keys = []
        if gate.no_new_cycles:
            keys.append("cycles")
        if gate.no_new_cycles or gate.uses_communities or modularity:
            keys.append("imports")
        if gate.uses_communities or modularity:  # a modularity finding is shown at the first new crossing
            keys.append("communities")
        if modularity:
            keys.append("modularity")
        figures.update(to_record(architecture_of(graph), keys))
        if "communities" in keys and graph.options.algorithm != "louvain":  # absent: louvain (older baselines)
            figures["algorithm"] = graph.options.algorithm
    return figures


def default_graph(results: Sequence[FileResult], algorithm: str = "louvain") -> ModuleGraph:
    """The module graph of this run with the default options (and `algorithm`), as `codesmell graph` builds it."""
    from codesmell.graph.model import GraphOptions
    from codesmell.graph.pipeline import graph_of_results

    return graph_of_results(results, GraphOptions(algorithm=algorithm))


def new_cycles(current: Sequence[Sequence[str]], recorded: Sequence[Sequence[str]]) -> list[list[str]]:
    """Cycles not contained in a recorded one (see `codesmell.graph.drift.new_cycles`)."""
    from codesmell.graph.drift import new_cycles as drift_new_cycles

    return drift_new_cycles(current, recorded)


def only_changed(
    findings: Sequence[Finding],
    results: Sequence[FileResult],
    ref: str,
    paths: Sequence[str],
    changed: ChangedLines | None = None,
) -> list[Finding]:
    """Findings whose function (def line to last line) or file intersects lines changed since `ref`."""
    from codesmell.run.gitdiff import GitError, changed_lines

    if changed is None:
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


# -- the architecture gate (CSM3xx) ---------------------------------------------

Site = tuple[str, int, int]  # (path as shown, line, 0-based column)


class Locator:
    """Where an import between two modules is written: the import statements of the run's facts."""

    def __init__(self, results: Sequence[FileResult], config: Config) -> None:
        from codesmell.graph.build import import_target

        self._target = import_target
        chosen: dict[str, FileResult] = {}
        for result in sorted(results, key=lambda r: (r.module, r.path)):
            if result.graph is not None:
                chosen.setdefault(result.module, result)
        self.files = chosen
        self.by_path = {result.path: result for result in results}
        self.packages = {
            ".".join(parts[:i]) for parts in (m.split(".") for m in chosen) for i in range(1, len(parts))
        }
        self.root = Path(config.root)

    def imports(self, pair: tuple[str, str], runtime: bool = False) -> list[Site]:
        """Every import statement of `pair[0]` that depends on `pair[1]`, in source order."""
        source, target = pair
        result = self.files.get(source)
        if result is None:
            return []
        sites = []
        for fact in result.graph.imports:
            if fact.module == "__future__" or (runtime and fact.type_checking):
                continue
            placed = self._target(fact, self.files, self.packages)
            if placed is not None and placed[0] == target:
                sites.append((result.path, max(fact.line, 1), fact.col))
        return sorted(set(sites), key=lambda site: (site[1], site[2]))

    def at(self, pair: tuple[str, str], runtime: bool = False) -> Site:
        """The first import of `pair`, else the importing module's first line."""
        sites = self.imports(pair, runtime) or self.imports(pair)
        return sites[0] if sites else self.module(pair[0])

    def module(self, name: str) -> Site:
        result = self.files.get(name)
        return (result.path if result is not None else name, 1, 0)

    def config_key(self, key: str) -> Site:
        """The line of `key` in the project's pyproject.toml (where a project-wide finding is shown)."""
        pyproject = self.root / "pyproject.toml"
        from codesmell.run.discovery import display_path

        shown = display_path(str(pyproject))
        try:
            lines = pyproject.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return (shown, 1, 0)
        spellings = (key, key.replace("-", "_"))
        for number, line in enumerate(lines, start=1):
            if line.strip().split("=")[0].strip() in spellings:
                return (shown, number, 0)
        return (shown, 1, 0)


def _label(group: Sequence[str]) -> str:
    from codesmell.graph.drift import community_label

    return community_label(group)


def architecture_findings(
    gate: GateConfig,
    results: Sequence[FileResult],
    config: Config,
    graph: ModuleGraph,
    references: Sequence[tuple[str, Architecture]],
) -> list[Finding]:
    """The CSM3xx findings of this run's module graph against each reference, kept when every one agrees.

    `references` are (name, recorded architecture): the base commit of `--diff`
    and the baseline. With none, a cycle is new when it exists and the
    relative gates cannot run: that is a configuration error (exit 2), never a pass.
    `# noqa: CSM30x` on the import line and `select`/`ignore` apply.
    """
    from codesmell.graph.drift import Architecture, architecture_of

    if not gate.uses_graph:
        return []
    current = architecture_of(graph)
    locator = Locator(results, config)
    if not references:
        if gate.uses_reference:
            raise ConfigError(
                f"[tool.codesmell.gate] {', '.join(_reference_keys(gate))} compare(s) this run against a recorded "
                "architecture: record one with `codesmell check --baseline FILE --update-baseline` "
                "(or `baseline = ...` in [tool.codesmell]), or give --diff REF"
            )
        references = [("", Architecture(cycles=()))]
    kept: list[Finding] | None = None
    for name, reference in references:
        _require(gate, reference, name)
        found = _drift(gate, current, reference, name, graph, locator, config)
        if kept is None:
            kept = found
        else:
            agreed = {_identity(f) for f in found}
            kept = [f for f in kept if _identity(f) in agreed]
    return kept or []


def _reference_keys(gate: GateConfig) -> list[str]:
    keys = []
    if gate.no_new_community_edges:
        keys.append("no-new-community-edges")
    if gate.max_community_edge_growth is not None:
        keys.append("max-community-edge-growth")
    if gate.no_moved_modules:
        keys.append("no-moved-modules")
    if gate.max_modularity_drop is not None:
        keys.append("max-modularity-drop")
    return keys


def _missing(gate: GateConfig, reference: Architecture) -> list[str]:
    """What the configured gates need that `reference` does not record."""
    missing = []
    if gate.uses_communities and reference.communities is None:
        missing.append("communities")
    if gate.uses_communities and reference.imports is None:
        missing.append("imports")
    if gate.max_modularity_drop is not None and reference.modularity is None:
        missing.append("modularity")
    return missing


def _require(gate: GateConfig, reference: Architecture, name: str) -> None:
    """A gate whose figures the reference lacks cannot run: exit 2 naming what to record."""
    missing = _missing(gate, reference)
    if missing:
        raise ConfigError(
            f"the {name} records no {' or '.join(missing)} for [tool.codesmell.gate] "
            f"{', '.join(_reference_keys(gate))}: run `codesmell check --update-baseline` to record them"
        )


def _identity(finding: Finding) -> tuple[str, str]:
    """What a finding is about, the same whichever reference found it (cycles: the whole component)."""
    if finding.code == NEW_CYCLE:
        return finding.code, ",".join(finding.extra.get("modules", ()))
    return finding.code, str(finding.extra.get("subject", ""))


def _drift(
    gate: GateConfig,
    current: Architecture,
    reference: Architecture,
    name: str,
    graph: ModuleGraph,
    locator: Locator,
    config: Config,
) -> list[Finding]:
    from codesmell.graph.drift import community_edges, cycle_culprits, moved_modules
    from codesmell.graph.drift import new_cycles as drift_new_cycles

    against = f" (against {name})" if name else ""
    found: list[Finding] = []

    def add(code: str, site: Site, message: str, **extra: Any) -> None:
        path, line, col = site
        if not config.for_path(path).is_enabled(code):
            return
        result = locator.by_path.get(path)
        noqa = result.noqa if result is not None else ()
        if is_suppressed(code, range(line, line + 1), noqa):
            return
        extra = {"gate": ARCHITECTURE_CODES[code][0], **extra}
        if name:
            extra["reference"] = name
        found.append(Finding(path, line, col, code, message + against, "error", extra=extra))

    if gate.no_new_cycles:
        examples = {tuple(cycle.modules): cycle.example for cycle in graph.cycles}
        for cycle in drift_new_cycles(current.cycles or (), reference.cycles or ()):
            example = list(examples.get(tuple(cycle), (*cycle, cycle[0])))
            culprits, exact = cycle_culprits(cycle, current.runtime or (), reference)
            if not exact:  # nothing tells which import is new: name the cycle once
                ordered = [(a, b) for a, b in pairwise(example) if (a, b) in culprits]
                culprits = (ordered or culprits)[:1]
            for source, target in culprits:
                add(
                    NEW_CYCLE,
                    locator.at((source, target), runtime=True),
                    f"new import cycle {' -> '.join(example)}: {source} imports {target}",
                    subject=f"{source} -> {target}", edge=[source, target],
                    modules=list(cycle), cycle=example,
                )

    crossings = []
    if reference.communities is not None and reference.imports is not None:
        crossings = community_edges(current.communities or (), current.imports or (), reference)
    added = [edge for edge in crossings if edge.pair not in (reference.imports or ())]

    if gate.no_new_community_edges:
        for edge in added:
            if edge.before == 0:
                source, target = edge.pair
                add(
                    NEW_COMMUNITY_EDGE,
                    locator.at(edge.pair),
                    f"new dependency between communities: {source} imports {target}; "
                    f"{_label(edge.source)} did not depend on {_label(edge.target)}",
                    subject=f"{source} -> {target}", edge=[source, target],
                    modules=[source, target], communities=[list(edge.source), list(edge.target)],
                )
    if gate.max_community_edge_growth is not None:
        limit = gate.max_community_edge_growth
        for edge in added:
            if edge.before > 0 and edge.now > edge.before * (1 + limit):
                source, target = edge.pair
                growth = (edge.now - edge.before) / edge.before
                add(
                    COMMUNITY_EDGE_GROWTH,
                    locator.at(edge.pair),
                    f"dependency of {_label(edge.source)} on {_label(edge.target)} grew from {edge.before} to "
                    f"{edge.now} imports (+{growth:.0%} > max-community-edge-growth {limit:.0%}): "
                    f"{source} imports {target}",
                    subject=f"{source} -> {target}", edge=[source, target],
                    modules=[source, target], communities=[list(edge.source), list(edge.target)],
                    before=edge.before, now=edge.now,
                )
    if gate.no_moved_modules and reference.communities is not None:
        known = reference.imports or frozenset()
        # Only a module whose own imports (in or out) changed: Louvain also reshuffles loosely tied
        # modules far from any change, and those moves are the heuristic's, not the code's.
        touched = {module for pair in (current.imports or frozenset()) ^ known for module in pair}
        for move in moved_modules(current.communities or (), reference.communities):
            if reference.imports is not None and move.module not in touched:
                continue
            module, now = move.module, set(move.now)
            links = sorted(
                (p for p in current.imports or () if (p[0] == module and p[1] in now) or (p[1] == module and p[0] in now)),
                key=lambda p: (p in known, p[0] != module, p),
            )
            site = locator.at(links[0]) if links else locator.module(module)
            add(
                MOVED_MODULE,
                site,
                f"module {module} moved from community {_label(move.before)} to {_label(move.after)}"
                + (f" ({links[0][0]} imports {links[0][1]})" if links else ""),
                subject=module, modules=[module],
                edge=list(links[0]) if links else [],
                communities=[list(move.before), list(move.after)],
            )
    # compared at the precision the baseline records, so an unchanged tree never looks lower
    modularity = round(current.modularity, 4) if current.modularity is not None else 0.0
    first_added = locator.at(added[0].pair) if added else None
    before = reference.modularity
    if gate.min_modularity is not None and modularity < gate.min_modularity and (before is None or modularity < before):
        site = first_added or locator.config_key("min-modularity")
        add(
            LOW_MODULARITY,
            site,
            f"modularity {modularity:.3f} < min-modularity {gate.min_modularity}"
            + (f" ({name or 'baseline'} {before})" if before is not None else ""),
            subject="modularity", modularity=round(modularity, 4),
            edge=list(added[0].pair) if added else [],
        )
    if gate.max_modularity_drop is not None and before is not None and before - modularity > gate.max_modularity_drop:
        site = first_added or locator.config_key("max-modularity-drop")
        add(
            MODULARITY_DROP,
            site,
            f"modularity dropped from {before:.3f} to {modularity:.3f} "
            f"(-{before - modularity:.3f} > max-modularity-drop {gate.max_modularity_drop})",
            subject="modularity", modularity=round(modularity, 4),
            edge=list(added[0].pair) if added else [],
        )
    return sorted(found, key=lambda f: (f.path, f.line, f.col, f.code))
