"""Where the files that missed the cache are analysed: `--executor local|dask|tcp://HOST:PORT`.

`local` (the default) is the engine's own process pool. `dask` starts a
`distributed.LocalCluster` of worker processes on this machine for the run;
`tcp://HOST:PORT` sends the work to an existing `dask.distributed` scheduler.
Either way the cache stays on the client: the engine looks every file up
first and only the misses travel, as bytes, so the workers need no shared
file system (see `codesmell.run.dask_executor`).

This module imports nothing beyond the standard library: a run that does not
ask for Dask never imports it, and a warm run that asks for it starts no
cluster, because the cluster is started when the first file is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from codesmell.model import FileResult

DEFAULT_EXECUTOR = "local"
_ADDRESS = re.compile(r"tcp://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]{1,5})")


class ExecutorError(Exception):
    """The executor cannot run the analysis (scheduler unreachable, cluster lost, workers mismatched); exits 2."""


@dataclass(frozen=True)
class ExecutorSpec:
    """A parsed `--executor`: `kind` is "local", "dask" (a local cluster) or "scheduler" (at `address`)."""

    kind: str
    address: str = ""

    def __str__(self) -> str:
        return self.address if self.kind == "scheduler" else self.kind


def parse_executor(text: str) -> ExecutorSpec:
    """`local`, `dask` or `tcp://HOST:PORT` -> its spec; anything else is a `ValueError` saying what is accepted."""
    value = text.strip()
    if value in ("local", "dask"):
        return ExecutorSpec(value)
    match = _ADDRESS.fullmatch(value)
    if match is not None and 0 < int(match["port"]) < 65536:
        return ExecutorSpec("scheduler", value)
    raise ValueError(f"unknown executor {text!r}: expected local, dask or tcp://HOST:PORT (a Dask scheduler)")


@contextmanager
def open_executor(spec: ExecutorSpec, workers: int = 0) -> Iterator[Executor | None]:
    """The executor `spec` names, for one run; None for `local` (the engine then runs its own process pool).

    `workers` is the size of the `dask` local cluster (0: one per core); a
    scheduler's cluster has the workers it has. Dask is imported, and the
    cluster contacted, only when the first file is sent; a missing
    installation is an `ExecutorError` at once.
    """
    if spec.kind == "local":
        yield None
        return
    from importlib.util import find_spec

    if find_spec("distributed") is None:  # checked now, imported when the first file is sent
        raise ExecutorError("needs dask.distributed: pip install 'codesmell[dask]'")
    from codesmell.run.dask_executor import DaskExecutor

    executor = DaskExecutor(spec.address or None, workers, crashed=_file_crashed)
    try:
        yield executor
    finally:
        executor.shutdown()


def _file_crashed(task: tuple[bytes, str, str, bool, bool, bool, bool]) -> FileResult:
    """The result for an engine task (`engine._analyze_task`'s tuple) that killed every worker it ran on."""
    from codesmell.model import FileError, FileResult
    from codesmell.rules.codes import INTERNAL_ERROR

    _, path, module = task[:3]
    error = FileError(INTERNAL_ERROR, "the process analysing this file crashed (LibCST's native parser)")
    return FileResult(path, module, errors=(error,))
