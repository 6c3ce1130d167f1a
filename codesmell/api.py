"""codesmell's Python API: the use cases of the command line, as typed functions.

Every function here leaves the calling process as it found it: the recursion
limit is restored, the analysis thread (a 512 MB-stack thread LibCST's parser
needs) is stopped, the garbage collector is left enabled or disabled as it was
and never frozen, and the LibCST class attributes the engine swaps during a
parse are back in place on return. Calls may come from any thread, also at the
same time; the process state is restored when the last of them returns.

Nothing here reads argparse objects, prints or exits: results come back as the
frozen types of `codesmell.model` and `codesmell.graph.model`.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codesmell.config import Config, ConfigError, load_config
from codesmell.model import FileResult, Finding

if TYPE_CHECKING:
    from codesmell.graph.model import GraphOptions, ModuleGraph
    from codesmell.history.model import History

__all__ = [
    "CheckResult",
    "ConfigError",
    "analyze_paths",
    "analyze_source",
    "check_paths",
    "history_paths",
    "module_graph",
]

PathLike = str | os.PathLike[str]

_state_lock = threading.Lock()
_active_calls = 0
_saved_recursion_limit = 0
_thread_was_running = False


def _analysis_thread_running() -> bool:
    if "codesmell.run.analyze" not in sys.modules:  # nothing analysed yet in this process
        return False
    from codesmell.run.analyze import large_stack_thread_running

    return large_stack_thread_running()


@contextmanager
def _process_state_restored() -> Iterator[None]:
    """Undo, when the last concurrent API call ends, what the engine changed in the process.

    An analysis thread that was already running (started by code calling the
    engine directly) is left running: the process is left as it was found.
    """
    global _active_calls, _saved_recursion_limit, _thread_was_running
    with _state_lock:
        if _active_calls == 0:
            _saved_recursion_limit = sys.getrecursionlimit()
            _thread_was_running = _analysis_thread_running()
        _active_calls += 1
    try:
        yield
    finally:
        with _state_lock:
            _active_calls -= 1
            release = _active_calls == 0 and not _thread_was_running
            if _active_calls == 0:
                sys.setrecursionlimit(_saved_recursion_limit)
        if release and "codesmell.run.analyze" in sys.modules:
            from codesmell.run.analyze import release_large_stack_thread

            release_large_stack_thread()


def analyze_source(
    source: str | bytes,
    path: str = "<string>",
    module: str = "",
    *,
    is_package: bool = False,
    with_graph: bool = False,
) -> FileResult:
    """Measure every function of one module's source text.

    Args:
        source: the module's text; bytes are decoded as Python does (BOM,
            coding cookie, else UTF-8).
        path: the name findings and errors are reported under; never opened.
        module: the dotted module name (for the graph facts and the report).
        is_package: whether the source is a package's `__init__.py`.
        with_graph: also extract the import and call facts `module_graph` needs.

    Returns:
        A `FileResult`: `functions` (one `FunctionMetrics` per function, in
        source order), `errors` (why the file could not be analysed: CSM9xx
        codes), `noqa` and, with `with_graph`, `graph`.

    Never raises for bad input: undecodable bytes, syntax errors and nesting
    too deep to analyse come back as `FileResult.errors`. The source is parsed,
    never imported or executed.
    """
    data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    from codesmell.run.analyze import analyze_source as analyze

    with _process_state_restored():
        return analyze(data, path, module, is_package, with_graph)


def _config_for(paths: Sequence[PathLike], config: Config | None) -> Config:
    if config is not None:
        return config
    start = Path(paths[0]) if paths else Path(".")
    return load_config(None, start=start if start.is_dir() else start.parent)


def analyze_paths(
    paths: Sequence[PathLike],
    *,
    config: Config | None = None,
    jobs: int = 1,
    cache: bool = False,
    with_graph: bool = False,
) -> list[FileResult]:
    """Discover the Python files under `paths` and measure each, as `codesmell metrics` does.

    Args:
        paths: files and directories; directories are walked with the
            configured and built-in excludes.
        config: the configuration; None reads `[tool.codesmell]` from the
            `pyproject.toml` found from the first path upwards.
        jobs: worker processes; 1 analyses in this process, 0 uses every core.
        cache: read and write `.codesmell_cache/` under the project root.
        with_graph: also extract the facts `module_graph` needs.

    Returns:
        One `FileResult` per discovered file, sorted as the command line
        prints them. A file that cannot be read or parsed has `errors`.

    Raises:
        ConfigError: the `pyproject.toml` cannot be read or is invalid.
        ValueError: `jobs` is negative.
    """
    return _analyzed(paths, _config_for(paths, config), jobs, cache, with_graph, with_metrics=True)


def _analyzed(
    paths: Sequence[PathLike], config: Config, jobs: int, cache: bool, with_graph: bool, with_metrics: bool
) -> list[FileResult]:
    """`analyze_paths`; `with_metrics=False` for `module_graph`, which never reads the functions' metrics."""
    if jobs < 0:
        raise ValueError("jobs must be 0 (every core) or more")
    from codesmell.run.discovery import discover
    from codesmell.run.engine import EngineOptions, analyze_files

    with _process_state_restored():
        sources = discover([os.fspath(p) for p in paths], config)
        options = EngineOptions(jobs=jobs, cache_root=Path(config.root) if cache else None, with_graph=with_graph,
                                with_metrics=with_metrics, freeze_gc=False)
        return analyze_files(sources, options)


def iter_analyze_paths(
    paths: Sequence[PathLike],
    *,
    config: Config | None = None,
    jobs: int = 1,
    cache: bool = False,
    with_graph: bool = False,
) -> Iterator[FileResult]:
    """`analyze_paths` one result at a time, in the same order, each as soon as it is known.

    For trees too large to hold every result: the caller keeps what it needs of
    each and drops the rest (the command line's `metrics` writes each file's
    output this way). Files are read as they are submitted, a few batches ahead.
    Arguments and errors are `analyze_paths`' (`ValueError` is raised at the call).
    """
    if jobs < 0:
        raise ValueError("jobs must be 0 (every core) or more")
    config = _config_for(paths, config)
    return _iter_analyze(paths, config, jobs, cache, with_graph)


def _iter_analyze(
    paths: Sequence[PathLike], config: Config, jobs: int, cache: bool, with_graph: bool
) -> Iterator[FileResult]:
    from codesmell.run.discovery import discover
    from codesmell.run.engine import EngineOptions, iter_analyze_files

    with _process_state_restored():
        sources = discover([os.fspath(p) for p in paths], config)
        options = EngineOptions(
            jobs=jobs, cache_root=Path(config.root) if cache else None, with_graph=with_graph, freeze_gc=False
        )
        yield from iter_analyze_files(sources, options)


@dataclass(frozen=True)
class CheckResult:
    """What `codesmell check` decides, without printing it."""

    results: tuple[FileResult, ...]
    findings: tuple[Finding, ...]  # per-function findings, file errors and CSM3xx, after noqa comments, select and ignore
    reasons: tuple[str, ...]  # why the gate fails, one sentence each; empty when it passes

    @property
    def failed(self) -> bool:
        """True when `codesmell check` (without a baseline or `--diff`) would exit 1."""
        return bool(self.reasons)


def check_paths(
    paths: Sequence[PathLike],
    *,
    config: Config | None = None,
    jobs: int = 1,
    cache: bool = False,
    project_gates: bool = True,
) -> CheckResult:
    """The quality gate over `paths`: per-function thresholds and `[tool.codesmell.gate]`.

    Args:
        paths, config, jobs, cache: as for `analyze_paths`.
        project_gates: judge the project gates of `[tool.codesmell.gate]`
            (counts, average complexity, modularity, import cycles); False
            judges the per-function thresholds only, like `--no-project-gates`.

    Returns:
        A `CheckResult` with the findings and, in `reasons`, why the gate fails.
        The baseline and `--diff` are command-line workflows and are not
        applied here (see `codesmell.rules.gate.apply_gate`).

    Raises:
        ConfigError: the configuration, or its `[tool.codesmell.gate]` table, is invalid.
        ValueError: `jobs` is negative.
    """
    from codesmell.rules.gate import (
        GateConfig,
        architecture_findings,
        default_graph,
        judge,
        parse_gate,
        project_figures,
    )
    from codesmell.rules.thresholds import all_findings

    config = _config_for(paths, config)
    gate = parse_gate(config.gate) if project_gates else GateConfig()
    results = analyze_paths(paths, config=config, jobs=jobs, cache=cache, with_graph=gate.uses_graph)
    findings = all_findings(results, config)
    with _process_state_restored():
        graph = default_graph(results, config.algorithm) if gate.uses_graph else None
        project = project_figures(gate, results, graph)
        if graph is not None:  # CSM3xx: cycles and modularity; the gates needing a baseline raise ConfigError
            findings += architecture_findings(gate, results, config, graph, [])
    reasons = judge(gate, findings, project, None)
    return CheckResult(tuple(results), tuple(findings), tuple(reasons))


def module_graph(
    paths: Sequence[PathLike] | Sequence[FileResult],
    options: GraphOptions | None = None,
    *,
    config: Config | None = None,
    jobs: int = 1,
    cache: bool = False,
) -> ModuleGraph:
    """The module graph of `paths`: imports, calls, communities, levels, cycles, misplaced modules.

    Args:
        paths: files and directories to analyse, or `FileResult`s already
            analysed with `with_graph=True` (those without graph facts are left out).
        options: clustering options (algorithm, seed, resolution, edge weights,
            external modules); None is the defaults, which are reproducible run
            to run, with the configuration's `algorithm` (louvain unless set).
        config, jobs, cache: as for `analyze_paths`, when paths are given.

    Returns:
        The `ModuleGraph` that `codesmell graph`, the report and the gate all read.

    Raises:
        ConfigError: the configuration is invalid (only when paths are given).
        ValueError: `jobs` is negative.
        TypeError: `paths` mixes paths and `FileResult`s.
    """
    from codesmell.graph.model import GraphOptions
    from codesmell.graph.pipeline import graph_of_results

    given = [item for item in paths if isinstance(item, FileResult)]
    names = [item for item in paths if not isinstance(item, FileResult)]
    if given and names:
        raise TypeError("module_graph takes paths or FileResults, not both")
    if names:
        config = _config_for(names, config)
    results = given if given else _analyzed(names, _config_for(names, config), jobs, cache, True, with_metrics=False)
    if options is None:
        options = GraphOptions(algorithm=config.algorithm if config is not None else "louvain")
    with _process_state_restored():
        return graph_of_results(results, options)


def history_paths(
    paths: Sequence[PathLike],
    *,
    config: Config | None = None,
    since: str | None = None,
    max_count: int | None = None,
    jobs: int = 1,
    cache: bool = False,
) -> History:
    """Per-function and per-module metrics and churn across the git history of `paths`, as `codesmell history`.

    Args:
        paths: files and directories inside one git repository (its committed
            history is read with git plumbing; the working tree is not).
        config, jobs, cache: as for `analyze_paths`; with `cache`, each blob is
            analysed once and a second call parses nothing.
        since: only commits since this date (anything git understands:
            "2024-01-01", "12 months ago").
        max_count: only the newest N commits touching the analysed tree.

    Returns:
        A `codesmell.history.model.History`: the window's commits (oldest first),
        each function's series (a `Point` where a figure changed) and churn, each
        module's series, and `messages` for what could not be read or analysed
        (a shallow clone, a revision that does not parse, binary files, submodules).

    Raises:
        codesmell.history.gitlog.HistoryError: no history to read (not in a git
            repository, no commits, git missing).
        ConfigError: the configuration is invalid.
        ValueError: `jobs` is negative.
    """
    if jobs < 0:
        raise ValueError("jobs must be 0 (every core) or more")
    from codesmell.history.run import HistoryOptions, read_history

    config = _config_for(paths, config)
    options = HistoryOptions(since=since, max_count=max_count, jobs=jobs,
                             cache_root=Path(config.root) if cache else None)
    with _process_state_restored():
        return read_history([os.fspath(p) for p in paths], config, options)
