"""What every command of the CLI shares: exit codes, config, the analysis run with its progress bar, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from codesmell.config import Config, load_config
from codesmell.model import FileResult
from codesmell.run.discovery import SourceFile, discover_counted
from codesmell.run.engine import EngineOptions, iter_analyze_files

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from rich.console import Console

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments; exits 2."""


def split_codes(text: str | None) -> tuple[str, ...] | None:
    """"CSM2, CSM101" -> ("CSM2", "CSM101"); None when the option was not given."""
    if not text:
        return None
    return tuple(s.strip() for s in text.split(",") if s.strip())


def config_of(args: argparse.Namespace) -> Config:
    """The project's config found from the first path (or `--config`), with `--select`/`--ignore` applied."""
    paths = getattr(args, "paths", None) or ["."]
    start = Path(paths[0])
    config = load_config(Path(args.config) if args.config else None, start=start if start.is_dir() else start.parent)
    select = split_codes(getattr(args, "select", None))
    ignore = split_codes(getattr(args, "ignore", None))
    if select is not None or ignore is not None:
        from dataclasses import replace

        config = replace(
            config,
            select=select if select is not None else config.select,
            ignore=ignore if ignore is not None else config.ignore,
        )
    return config


def analyze(args: argparse.Namespace, config: Config, with_graph: bool) -> list[FileResult]:
    """Discover and analyse `args.paths`, with the cache and a progress bar as asked."""
    return list(analyze_iter(args, config, with_graph))


def analyze_iter(
    args: argparse.Namespace, config: Config, with_graph: bool, with_metrics: bool = True
) -> Iterator[FileResult]:
    """`analyze` as an iterator, each result in order as soon as it is known, for outputs written as they go.

    `with_metrics=False`: the graph facts only (`codesmell graph`; see `EngineOptions`).
    """
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
    cache_root = cache_root_of(args, config)
    # the command line exits after one run, so it may freeze what it loaded (see gcpause)
    halstead = bool(getattr(args, "halstead", None) or config.halstead.enabled)
    options = EngineOptions(jobs=args.jobs, cache_root=cache_root, with_graph=with_graph, freeze_gc=True,
                            halstead=halstead, with_metrics=with_metrics)
    show = args.progress if args.progress is not None else (sys.stderr.isatty() and len(sources) > 20)
    spec = executor_spec(args, config)
    return _stream(sources, options, spec, show)


def executor_spec(args: argparse.Namespace, config: Config) -> str:
    """`--executor`, else `[tool.codesmell] executor`, checked before any work (a bad one exits 2)."""
    from codesmell.run.executors import parse_executor

    try:
        return str(parse_executor(getattr(args, "executor", None) or config.executor))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@contextmanager
def executor_of(spec: str, jobs: int) -> Iterator[Executor | None]:
    """The executor of `spec` for one run; its failures are usage errors (exit 2): a gate that cannot run fails."""
    from codesmell.run.executors import ExecutorError, open_executor, parse_executor

    try:
        with open_executor(parse_executor(spec), max(0, jobs)) as executor:
            yield executor
    except ExecutorError as exc:
        raise UsageError(f"executor {spec}: {exc}") from None


def _stream(sources: list[SourceFile], options: EngineOptions, spec: str, show: bool) -> Iterator[FileResult]:
    # A generator, so the executor (a Dask cluster) lives exactly as long as the results are read.
    with executor_of(spec, options.jobs) as executor:
        if not show:
            yield from iter_analyze_files(sources, options, executor=executor)
        else:
            yield from _with_progress_bar(sources, options, executor)


def _with_progress_bar(sources: list[SourceFile], options: EngineOptions, executor: Executor | None) -> Iterator[FileResult]:
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
        yield from iter_analyze_files(sources, options, progress=lambda done, total: bar.update(task, completed=done),
                                      executor=executor)


def without_json(result: FileResult) -> FileResult:
    """`result` without the functions' JSON texts the cache attaches: only `metrics` prints them.

    Kept, they would be a third of what a run holds when it keeps every result (`check`).
    """
    if result.encoded is None:
        return result
    from dataclasses import replace

    return replace(result, encoded=None)


class ErrorWatch:
    """The results passing through, remembering whether any had errors: the exit status of a streamed run."""

    def __init__(self, results: Iterable[FileResult]) -> None:
        self._results = results
        self.errors = False

    def __iter__(self) -> Iterator[FileResult]:
        for result in self._results:
            if result.errors:
                self.errors = True
            yield result

    def status(self) -> int:
        """Exit 1 when a file could not be analysed, else 0 (`status_of`)."""
        return EXIT_FINDINGS if self.errors else EXIT_CLEAN


def cache_root_of(args: argparse.Namespace, config: Config) -> Path | None:
    """Where the caches live for this run; None under `--no-cache`."""
    return None if args.no_cache else Path(config.root)


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def write_output(text: str, output: str | None) -> None:
    """`text` to the file `output` (atomically) or to stdout."""
    if output:
        # encoded a slice at a time: a 3M-line graph's text is 180 MB, its bytes would be as many again
        write_chunks((text[start : start + _SLICE] for start in range(0, len(text), _SLICE)), output)
    else:
        sys.stdout.write(text)


_SLICE = 1 << 20


def write_chunks(chunks: Iterable[str], output: str | None) -> None:
    """`write_output` for text made piece by piece: written as it comes, never held whole."""
    if output:
        from codesmell.fsio import write_chunks_atomic

        write_chunks_atomic(Path(output), (chunk.encode("utf-8") for chunk in chunks))
    else:
        write = sys.stdout.write
        for chunk in chunks:
            write(chunk)


def any_errors(results: Sequence[FileResult]) -> bool:
    return any(r.errors for r in results)


def status_of(results: Sequence[FileResult]) -> int:
    """Exit 1 when a file could not be analysed, else 0."""
    return EXIT_FINDINGS if any_errors(results) else EXIT_CLEAN


class GateError(Exception):
    """The CI gate could not be loaded or crashed; exits 2, never a silent pass."""
