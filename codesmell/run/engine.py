"""Run the per-file pipeline over many files: cache first, then a process pool.

Results come back in the order of the input, whatever the job count, so every
output is identical for `--jobs 1` and `--jobs N`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codesmell.model import FileError, FileResult
from codesmell.rules.codes import INTERNAL_ERROR, READ_ERROR
from codesmell.run.cache import ResultCache, cache_key
from codesmell.run.gcpause import gc_paused
from codesmell.run.notebook import is_notebook

if TYPE_CHECKING:  # concurrent.futures.process pulls in multiprocessing: 25 ms a warm run does not need
    from concurrent.futures import Executor

    from codesmell.run.discovery import SourceFile

Progress = Callable[[int, int], None]  # (files done, files in all)
# What an executor maps `_analyze_task` over: (bytes, path, module, is_package, with_graph, halstead, with_metrics).
Task = tuple[bytes, str, str, bool, bool, bool, bool]

# Set to any non-empty value: `analyze_files` reports on stderr how many files came
# from the cache and how many were analysed (each analysed file is parsed once).
STATS_ENV = "CODESMELL_STATS"


@dataclass(frozen=True)
class EngineOptions:
    jobs: int = 0  # 0: every core
    cache_root: Path | None = None  # None: no cache
    with_graph: bool = True
    # False (with `with_graph`): the graph facts only, for `codesmell graph` (see `analyze_source`)
    with_metrics: bool = True
    fingerprint: str = "v1"
    halstead: bool = False  # also radon's Halstead figures and maintainability index
    # gc.freeze() the loaded results (see `gcpause.gc_paused`): for a process that exits after one run
    freeze_gc: bool = False

    def __post_init__(self) -> None:
        if not (self.with_metrics or self.with_graph):
            raise ValueError("an analysis without metrics must ask for the graph facts")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _read(source: SourceFile) -> bytes | FileError:
    # Non-blocking open: a FIFO named `x.py` would otherwise wait for a writer forever.
    try:
        fd = os.open(source.fs_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return FileError(READ_ERROR, f"cannot read: {exc.strerror or exc}")
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # a FIFO, socket, device or directory: reading may never end
            os.close(fd)
            return FileError(READ_ERROR, f"cannot read: not a regular file ({_file_kind(mode)})")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    except OSError as exc:
        return FileError(READ_ERROR, f"cannot read: {exc.strerror or exc}")


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "special file"


def _analyze_task(task: Task) -> FileResult:
    data, path, module, is_package, with_graph, halstead, with_metrics = task
    from codesmell.run.analyze import analyze_source  # LibCST only when something is parsed

    return analyze_source(data, path, module, is_package, with_graph, halstead, with_metrics)


def analyze_files(
    sources: Sequence[SourceFile],
    options: EngineOptions = EngineOptions(),
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[FileResult]:
    """One `FileResult` per source, in input order."""
    return list(iter_analyze_files(sources, options, progress, executor))


# How many files wait in the executor at once, in batches of `_BATCH`: enough to keep
# every worker busy across a batch boundary, few enough that the bytes of a
# 3-million-line tree are never all in memory (each pending task holds its file).
# An executor that says how many items it keeps busy at once (`capacity`, e.g. a
# Dask cluster of 64 workers) gets batches of half that, so two batches fill it.
_BATCH = 128
# Inputs held for the output order before the oldest batch is waited for, in batches.
_HELD_BATCHES = 4


def batch_size(executor: Executor | None) -> int:
    """Files per batch for `executor`: `_BATCH`, or half of what it reports it keeps busy, if more."""
    capacity = getattr(executor, "capacity", None)
    return max(_BATCH, capacity // 2) if isinstance(capacity, int) else _BATCH



class _Slot:
    """One input's place in the output order: its cache key and, once known, its result."""

    __slots__ = ("key", "result")

    def __init__(self, key: str = "", result: FileResult | None = None) -> None:
        self.key = key
        self.result = result


def iter_analyze_files(
    sources: Sequence[SourceFile],
    options: EngineOptions = EngineOptions(),
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> Iterator[FileResult]:
    """`analyze_files` as an iterator: each result in input order as soon as it and those before it are done.

    A file is read when it is about to be submitted, and at most two batches of
    files wait in the executor, so memory stays bounded by what the consumer
    keeps, not by the size of the tree: the outputs write each file's part as
    it comes. Cached files come back between the analysed ones, in input order.
    """
    cache = ResultCache(options.cache_root) if options.cache_root is not None else None
    prepared = (_prepare(source, options, cache) for source in sources)
    return _stream(prepared, len(sources), "files", options, cache, progress, executor)


def _stream(
    prepared: Iterator[tuple[_Slot, Task | None]],
    total: int,
    what: str,
    options: EngineOptions,
    cache: ResultCache | None,
    progress: Progress | None,
    executor: Executor | None,
) -> Iterator[FileResult]:
    """The results of `prepared` inputs in input order: each slot's result, or its task's once run (and cached)."""
    slots: deque[_Slot] = deque()  # inputs not yielded yet, in input order
    waiting: deque[_Slot] = deque()  # of those, the ones submitted, in submission order
    batch: list[Task] = []
    runner = _Runner(options, executor)
    analysed = done = 0

    def settle() -> None:
        for result in runner.oldest():
            slot = waiting.popleft()
            slot.result = cache.store(slot.key, result) if cache is not None and slot.key else result

    def ready() -> Iterator[FileResult]:
        nonlocal done
        while slots and slots[0].result is not None:
            result = slots.popleft().result
            assert result is not None
            done += 1
            if progress is not None:
                progress(done, total)
            yield result

    try:
        if progress is not None:
            progress(0, total)
        size = batch_size(executor)
        while True:
            with gc_paused(freeze=options.freeze_gc and cache is not None):
                item = next(prepared, None)
            if item is None:
                break
            slot, task = item
            slots.append(slot)
            if task is not None:
                analysed += 1
                waiting.append(slot)
                batch.append(task)
            # A partial batch goes too when results held for the output order pile up behind it.
            held = _HELD_BATCHES * size
            if len(batch) >= size or (batch and len(slots) >= held):
                runner.submit(batch, last=False)
                batch = []
                size = batch_size(executor)  # a cluster knows its workers once the first batch has reached it
            while runner.in_flight() > 1 or (len(slots) >= held and runner.in_flight()):
                settle()
            yield from ready()
        if batch:
            runner.submit(batch, last=True)
        while runner.in_flight():
            settle()
            yield from ready()
    finally:
        runner.close()
    if os.environ.get(STATS_ENV):
        # For tests and the benchmark: proof that a warm run analyses (parses) nothing.
        print(f"codesmell-stats: {what}={total} cached={total - analysed} analysed={analysed}", file=sys.stderr)


def _prepare(source: SourceFile, options: EngineOptions, cache: ResultCache | None) -> tuple[_Slot, Task | None]:
    """The source's slot, with its result when it has an error or is cached, else the task to run."""
    if source.error is not None:
        return _Slot(result=FileResult(source.path, source.module, errors=(source.error,))), None
    data = _read(source)
    if isinstance(data, FileError):
        return _Slot(result=FileResult(source.path, source.module, errors=(data,))), None
    return _prepare_data(data, source.path, source.module, source.is_package, options, cache)


def _cache_keys(options: EngineOptions, digest: str, module: str, is_package: bool, path: str) -> tuple[str, ...]:
    """What a per-file result depends on: the bytes, the module's place, and what was asked of the analysis.

    The first key is the one the result is stored under; a graph-only run also takes the entry
    of a full run with graph facts (`report`, the architecture gate) when it finds one.
    """
    fingerprint = options.fingerprint + (":ipynb" if is_notebook(path) else "")
    full = cache_key(digest, module, is_package, True, fingerprint)
    if not options.with_metrics:
        return cache_key(digest, module, is_package, True, fingerprint + ":graph-only"), full
    if options.halstead:
        return (cache_key(digest, module, is_package, options.with_graph, fingerprint + ":halstead"),)
    return (full if options.with_graph else cache_key(digest, module, is_package, False, fingerprint),)


def analyze_data(
    items: Sequence[tuple[bytes, str, str, bool]],
    options: EngineOptions = EngineOptions(),
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[FileResult]:
    """One `FileResult` per `(data, path, module, is_package)`, in input order: bytes not read from disk.

    For `codesmell history`, which reads old revisions' blobs from git: the same
    content-hash cache, executors and batches as `analyze_files`, so a blob
    analysed once, by either, is never parsed again.
    """
    cache = ResultCache(options.cache_root) if options.cache_root is not None else None
    prepared = (_prepare_data(data, path, module, is_package, options, cache)
                for data, path, module, is_package in items)
    return list(_stream(prepared, len(items), "blobs", options, cache, progress, executor))


def _prepare_data(
    data: bytes, path: str, module: str, is_package: bool, options: EngineOptions, cache: ResultCache | None
) -> tuple[_Slot, Task | None]:
    """As `_prepare`, for bytes already read."""
    key = ""
    if cache is not None:
        # The content hash of every file is checked on every run: a stale entry is never used.
        digest = hashlib.sha256(data).hexdigest()
        keys = _cache_keys(options, digest, module, is_package, path)
        key = keys[0]
        for candidate in keys:
            cached = cache.load(candidate, path)  # None when missing, stale or corrupt: rebuild
            if cached is not None:
                return _Slot(result=cached if options.with_metrics else graph_only(cached)), None
    halstead = options.halstead and options.with_metrics
    return _Slot(key), (data, path, module, is_package, options.with_graph, halstead, options.with_metrics)


def graph_only(result: FileResult) -> FileResult:
    """`result` as a graph-only analysis gives it: no functions (nor their JSON), `noqa` lines or maintainability."""
    return FileResult(result.path, result.module, errors=result.errors, graph=result.graph, sha256=result.sha256,
                      lines=result.lines, notebook=result.notebook)


class _Runner:
    """Batches of tasks run in order: on `executor`, in this process, or on a process pool started for them.

    Each batch goes to `executor.map` (or the pool's) when submitted; `oldest`
    yields the results of the first batch still running, in order.
    """

    def __init__(self, options: EngineOptions, executor: Executor | None) -> None:
        self._options = options
        self._executor = executor
        self._pool: Executor | None = None
        self._serial = False
        self._broken = False
        self._batches: deque[tuple[list[Task], Iterator[FileResult]]] = deque()

    def in_flight(self) -> int:
        return len(self._batches)

    def submit(self, tasks: list[Task], last: bool) -> None:
        """`last`: no batch follows, so a lone small batch needs no pool (as `--jobs 1` would not)."""
        self._batches.append((tasks, self._start(tasks, last)))

    def _start(self, tasks: list[Task], last: bool) -> Iterator[FileResult]:
        if self._executor is not None:
            return self._executor.map(_analyze_task, tasks)
        if self._broken:
            return map(_isolated, tasks)
        jobs = self._options.jobs or default_jobs()
        if self._pool is None and not self._serial:
            self._serial = jobs <= 1 or (last and self.in_flight() == 0 and len(tasks) <= 1)
            if not self._serial:
                from concurrent.futures import ProcessPoolExecutor

                self._pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)) if last else jobs)
        if self._pool is None:
            return map(_analyze_task, tasks)
        # Small chunks keep both cores busy to the end; the stdlib's files vary 1000x in size.
        chunksize = max(1, min(4, len(tasks) // (jobs * 16)))
        return self._pool.map(_analyze_task, tasks, chunksize=chunksize)

    def oldest(self) -> Iterator[FileResult]:
        tasks, results = self._batches.popleft()
        if self._pool is None:
            yield from results
            return
        from concurrent.futures.process import BrokenProcessPool

        finished = 0
        try:
            for result in results:
                yield result
                finished += 1
            return
        except BrokenProcessPool:
            pass  # a worker died (a native crash in the parser, the OOM killer): see below
        # Every unfinished file again, each in a process of its own, so that only the
        # file that kills its process is lost, as a CSM999 error, and the run goes on.
        self._broken = True
        self._batches = deque((later, map(_isolated, later)) for later, _ in self._batches)
        yield from map(_isolated, tasks[finished:])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _isolated(task: Task) -> FileResult:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _, path, module = task[:3]
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_analyze_task, task).result()
        except BrokenProcessPool:
            error = FileError(INTERNAL_ERROR, "the process analysing this file crashed (LibCST's native parser)")
            return FileResult(path, module, errors=(error,))
