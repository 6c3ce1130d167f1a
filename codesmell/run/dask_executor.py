# mypy: disallow-untyped-calls=False
# (distributed annotates only part of its API)
"""A `concurrent.futures.Executor` over a `dask.distributed` cluster, for the engine's cache misses.

Why not `Client.get_executor()`: its `map` submits every task before the first
result comes back (the whole repository's bytes in flight at once) and gives
each file a task of its own. This one reads the tasks lazily, sends them in
batches, keeps a bounded number of batches outstanding, and yields results in
input order, so output is byte-identical to the local pool's.

What it does when things go wrong:
- a worker dies (OOM killer, `kill`, a machine lost): the scheduler runs its
  tasks again elsewhere; results still held by the client are never recomputed,
  and each batch's result is taken once, so nothing is lost or duplicated;
- a batch kills every worker it is given (`KilledWorker`: a native crash in the
  parser): its files are sent again one per task, and a file that alone kills
  its workers gets the `crashed` result, as the local pool isolates such a file;
- the scheduler cannot be reached, has no workers, or is lost mid-run, a
  worker runs another codesmell, LibCST or Python, or a task fails there (a
  worker without codesmell): `ExecutorError`, which the command line turns
  into exit 2 (a gate that cannot run never passes).
"""

from __future__ import annotations

import functools
import itertools
import logging
import sys
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future
from typing import TYPE_CHECKING, Any, TypeVar

from codesmell.run.executors import ExecutorError

if TYPE_CHECKING:  # distributed takes 0.8 s to import: only once a file is sent (a warm run sends none)
    from distributed import Client, LocalCluster
    from distributed import Future as DaskFuture

T = TypeVar("T")

# Files per task. Dask's per-task cost (scheduling, two network hops, pickling)
# is about a millisecond; a file takes 5-500 ms to analyse. Small batches keep
# every worker busy to the end; see bench/dask_executor.py for the measurements.
BATCH_SIZE = 4
# Batches outstanding per worker thread (running, queued or done but not yet yielded):
# enough that no worker waits for the client, few enough that memory stays bounded.
OUTSTANDING_PER_THREAD = 4
# How long to wait for a scheduler without workers to get one.
WORKER_WAIT_SECONDS = 30.0


class WorkerMismatch(Exception):
    """A worker runs another codesmell, LibCST or Python than the client: its results could differ."""


@functools.cache
def worker_identity() -> str:
    """What the results depend on besides the bytes: codesmell's version, LibCST's and the Python minor version."""
    from importlib.metadata import version

    from codesmell import __version__

    return f"codesmell {__version__}, libcst {version('libcst')}, Python {sys.version_info[0]}.{sys.version_info[1]}"


def _limit(threads: int) -> int:
    """Batches outstanding at once on a cluster of `threads` worker threads."""
    return max(8, OUTSTANDING_PER_THREAD * threads)


def _run_batch(fn: Callable[..., Any], batch: list[tuple[Any, ...]], identity: str) -> list[Any]:
    """On a worker: `fn(*args)` for each of the batch, after checking the worker can give the client's results."""
    mine = worker_identity()
    if mine != identity:
        raise WorkerMismatch(f"a Dask worker runs {mine}; this client runs {identity}")
    return [fn(*args) for args in batch]


class DaskExecutor(Executor):
    """Batched, ordered, bounded `map` on a Dask cluster; connects (or starts the local cluster) on first use.

    `address`: a scheduler's `tcp://HOST:PORT`, or None for a `LocalCluster` of
    `workers` processes (0: one per core) with one thread each, started for
    this executor and closed with it. `crashed(*args)` is the result for an
    item that kills every worker it runs on; without it such an item raises
    `ExecutorError`.
    """

    def __init__(
        self,
        address: str | None = None,
        workers: int = 0,
        crashed: Callable[..., Any] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._address = address
        self._workers = workers
        self._crashed = crashed
        self._batch_size = max(1, batch_size)
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._identity = ""  # worker_identity(), once connected

    @property
    def capacity(self) -> int | None:
        """Items this executor keeps in flight once connected (None before): the engine sizes its batches by it.

        Without it the engine hands over 2 x 128 files at a time, 64 tasks: a
        cluster of more than 16 worker threads would idle at each batch's tail.
        """
        if self._client is None:
            return None
        threads = sum(self._client.nthreads().values()) or 1
        return _limit(threads) * self._batch_size

    @property
    def where(self) -> str:
        return self._address or "a local Dask cluster"

    def client(self) -> Client:
        """The connected client; the first call connects, or starts the local cluster."""
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        try:
            if self._address is None:
                from codesmell.run.engine import default_jobs

                self._cluster = LocalCluster(
                    n_workers=self._workers or default_jobs(), threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=logging.ERROR,  # ":0": no clash with 8787 in use
                )
                self._client = Client(self._cluster, set_as_default=False)
            else:
                self._client = Client(self._address, set_as_default=False)
                self._client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
            self._identity = worker_identity()
        except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: a LocalCluster that failed to start
            self.shutdown()
            raise ExecutorError(f"cannot use the Dask scheduler at {self.where}: {exc}") from None
        return self._client

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """One call on the cluster, as a `concurrent.futures.Future`."""
        future: Future[T] = self.client().get_executor(pure=False).submit(fn, *args, **kwargs)
        return future

    def map(
        self, fn: Callable[..., T], *iterables: Iterable[Any], timeout: float | None = None, chunksize: int = 1,
        buffersize: int | None = None,
    ) -> Iterator[T]:
        """`fn(*args)` for each of `zip(*iterables)`, in order; the items are read as the cluster takes them."""
        return self._results(fn, zip(*iterables, strict=False))

    def _results(self, fn: Callable[..., T], items: Iterator[tuple[Any, ...]]) -> Iterator[T]:
        batches = iter(lambda: list(itertools.islice(items, self._batch_size)), [])
        first = next(batches, None)
        if first is None:
            return  # nothing missed the cache: no cluster is started or contacted
        client = self.client()
        limit = _limit(sum(client.nthreads().values()) or 1)
        run = uuid.uuid4().hex[:12]
        outstanding: deque[tuple[DaskFuture[list[T]], list[tuple[Any, ...]]]] = deque()
        counter = itertools.count()

        def send(batch: list[tuple[Any, ...]]) -> None:
            number = next(counter)  # earlier batches first: the client yields in order
            future = client.submit(_run_batch, fn, batch, self._identity, key=f"codesmell-analyse-{run}-{number}",
                                   priority=-number, pure=False)
            outstanding.append((future, batch))

        try:
            send(first)
            for batch in batches:
                send(batch)
                while len(outstanding) >= limit:
                    yield from self._take(fn, *outstanding.popleft())
            while outstanding:
                yield from self._take(fn, *outstanding.popleft())
        finally:
            if outstanding:  # the caller stopped early or something failed: nothing is left running
                client.cancel([future for future, _ in outstanding])

    def _take(
        self, fn: Callable[..., T], future: DaskFuture[list[T]], batch: list[tuple[Any, ...]], retry: bool = True
    ) -> list[T]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            client = self.client()
            if len(batch) == 1 and not retry:
                if self._crashed is None:
                    raise ExecutorError(f"a task killed every Dask worker it ran on ({self.where})") from None
                return [self._crashed(*batch[0])]
            # One of the batch kills its workers: each alone and one at a time, so that only that one
            # is lost. An innocent item queued on the worker that died shares its death sentence: it
            # gets a second try alone before it counts as the crash.
            return [
                result
                for item in batch
                for result in self._take(
                    fn, client.submit(_run_batch, fn, [item], self._identity, pure=False), [item], retry=len(batch) > 1
                )
            ]
        except WorkerMismatch as exc:
            raise ExecutorError(f"{exc}: install the same versions on every worker") from None
        except (CancelledError, OSError) as exc:
            raise ExecutorError(f"lost the Dask cluster at {self.where} mid-run: {type(exc).__name__}: {exc}") from None
        except Exception as exc:  # e.g. a worker that cannot import codesmell: the run cannot be trusted
            raise ExecutorError(f"a task failed on the Dask cluster at {self.where}: {type(exc).__name__}: {exc}") from exc
        finally:
            future.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Close the client, and the local cluster if this executor started it."""
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
