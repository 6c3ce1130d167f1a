"""Run the per-file pipeline over many files: cache first, then a process pool.

Results come back in the order of the input, whatever the job count, so every
output is identical for `--jobs 1` and `--jobs N`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
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

# Set to any non-empty value: `analyze_files` reports on stderr how many files came
# from the cache and how many were analysed (each analysed file is parsed once).
STATS_ENV = "CODESMELL_STATS"


@dataclass(frozen=True)
class EngineOptions:
    jobs: int = 0  # 0: every core
    cache_root: Path | None = None  # None: no cache
    with_graph: bool = True
    fingerprint: str = "v1"
    halstead: bool = False  # also radon's Halstead figures and maintainability index
    # gc.freeze() the loaded results (see `gcpause.gc_paused`): for a process that exits after one run
    freeze_gc: bool = False


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


def _analyze_task(task: tuple[bytes, str, str, bool, bool, bool]) -> FileResult:
    data, path, module, is_package, with_graph, halstead = task
    from codesmell.run.analyze import analyze_source  # LibCST only when something is parsed

    return analyze_source(data, path, module, is_package, with_graph, halstead)


def analyze_files(
    sources: Sequence[SourceFile],
    options: EngineOptions = EngineOptions(),
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[FileResult]:
    """One `FileResult` per source, in input order."""
    cache = ResultCache(options.cache_root) if options.cache_root is not None else None
    results: list[FileResult | None] = [None] * len(sources)
    pending: list[tuple[int, str, tuple[bytes, str, str, bool, bool, bool]]] = []
    with gc_paused(freeze=options.freeze_gc and cache is not None):
        for index, source in enumerate(sources):
            if source.error is not None:
                results[index] = FileResult(source.path, source.module, errors=(source.error,))
                continue
            data = _read(source)
            if isinstance(data, FileError):
                results[index] = FileResult(source.path, source.module, errors=(data,))
                continue
            key = ""
            if cache is not None:
                # The content hash of every file is checked on every run: a stale entry is never used.
                digest = hashlib.sha256(data).hexdigest()
                key = _cache_key(options, digest, source.module, source.is_package, source.path)
                cached = cache.load(key, source.path)  # None when missing, stale or corrupt: rebuild
                if cached is not None:
                    results[index] = cached
                    continue
            pending.append((index, key, (data, source.path, source.module, source.is_package, options.with_graph,
                                          options.halstead)))
    done = len(sources) - len(pending)
    if progress is not None:
        progress(done, len(sources))

    for (index, key, _), result in zip(pending, _run(pending, options, executor), strict=True):
        results[index] = cache.store(key, result) if cache is not None and key else result
        done += 1
        if progress is not None:
            progress(done, len(sources))
    if os.environ.get(STATS_ENV):
        # For tests and the benchmark: proof that a warm run analyses (parses) nothing.
        print(
            f"codesmell-stats: files={len(sources)} cached={len(sources) - len(pending)} analysed={len(pending)}",
            file=sys.stderr,
        )
    return [r for r in results if r is not None]


def _cache_key(options: EngineOptions, digest: str, module: str, is_package: bool, path: str) -> str:
    """What a per-file result depends on: the bytes, the module's place, and what was asked of the analysis."""
    fingerprint = options.fingerprint + (":ipynb" if is_notebook(path) else "") + (":halstead" if options.halstead else "")
    return cache_key(digest, module, is_package, options.with_graph, fingerprint)


def analyze_data(
    items: Sequence[tuple[bytes, str, str, bool]],
    options: EngineOptions = EngineOptions(),
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[FileResult]:
    """One `FileResult` per `(data, path, module, is_package)`, in input order: bytes not read from disk.

    For `codesmell history`, which reads old revisions' blobs from git: the same
    content-hash cache and executors as `analyze_files`, so a blob analysed once,
    by either, is never parsed again.
    """
    cache = ResultCache(options.cache_root) if options.cache_root is not None else None
    results: list[FileResult | None] = [None] * len(items)
    pending: list[tuple[int, str, tuple[bytes, str, str, bool, bool, bool]]] = []
    with gc_paused(freeze=options.freeze_gc and cache is not None):
        for index, (data, path, module, is_package) in enumerate(items):
            key = ""
            if cache is not None:
                digest = hashlib.sha256(data).hexdigest()
                key = _cache_key(options, digest, module, is_package, path)
                cached = cache.load(key, path)
                if cached is not None:
                    results[index] = cached
                    continue
            pending.append((index, key, (data, path, module, is_package, options.with_graph, options.halstead)))
    done = len(items) - len(pending)
    if progress is not None:
        progress(done, len(items))
    for (index, key, _), result in zip(pending, _run(pending, options, executor), strict=True):
        results[index] = cache.store(key, result) if cache is not None and key else result
        done += 1
        if progress is not None:
            progress(done, len(items))
    if os.environ.get(STATS_ENV):
        print(f"codesmell-stats: blobs={len(items)} cached={len(items) - len(pending)} analysed={len(pending)}",
              file=sys.stderr)
    return [r for r in results if r is not None]


def _run(
    pending: list[tuple[int, str, tuple[bytes, str, str, bool, bool, bool]]],
    options: EngineOptions,
    executor: Executor | None,
) -> Iterator[FileResult]:
    tasks = [task for _, _, task in pending]
    if executor is not None:
        yield from executor.map(_analyze_task, tasks)
        return
    jobs = min(options.jobs or default_jobs(), len(tasks))
    if jobs <= 1:
        yield from map(_analyze_task, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Small chunks keep both cores busy to the end; the stdlib's files vary 1000x in size.
    chunksize = max(1, min(4, len(tasks) // (jobs * 16)))
    finished = 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            for result in pool.map(_analyze_task, tasks, chunksize=chunksize):
                yield result
                finished += 1
            return
        except BrokenProcessPool:
            pass  # a worker died (a native crash in the parser, the OOM killer): see below
    # Every unfinished file again, each in a process of its own, so that only the
    # file that kills its process is lost, as a CSM999 error, and the run goes on.
    for task in tasks[finished:]:
        yield _isolated(task)


def _isolated(task: tuple[bytes, str, str, bool, bool, bool]) -> FileResult:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _, path, module, _, _, _ = task
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_analyze_task, task).result()
        except BrokenProcessPool:
            error = FileError(INTERNAL_ERROR, "the process analysing this file crashed (LibCST's native parser)")
            return FileResult(path, module, errors=(error,))
