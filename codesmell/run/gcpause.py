"""Pause cyclic garbage collection around allocation-heavy steps.

Loading cached results, resolving the graph and writing JSON each allocate
hundreds of thousands of small acyclic objects. Every 700 allocations the
collector runs, and its older generations traverse everything alive, including
every result loaded so far: 40 % of a warm run's load time, half of the graph
build. What these steps drop is freed by reference counting; the first
collection after the block finds any cycles left.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; the caller's setting is restored after it.

    `freeze` moves everything alive at the end into the permanent generation, so
    the first collection after the block does not traverse the 100k result
    objects a warm stdlib run loads (80 ms); being acyclic, they are still freed
    by reference counting when dropped. It affects the whole process: meant for
    the command line, not for a long-running host calling it again and again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()


# Set by the command line (`leave_at_exit`): the process exits right after its one run.
_LEAVE_AT_EXIT = False


def leave_at_exit() -> None:
    """Let `keep_until_exit` keep what it is given: for a process that exits after one run.

    The command line calls it; a host calling the Python API never does, so its objects are
    freed as usual.
    """
    global _LEAVE_AT_EXIT
    _LEAVE_AT_EXIT = True


def keep_until_exit(obj: object) -> None:
    """Never free `obj`, when `leave_at_exit` was called; else nothing (it is freed when dropped).

    Freeing the points-to solve's tens of millions of small objects costs 5-7 s of CPU on a
    3M-line tree, and it would be paid again at interpreter shutdown, when modules are
    cleared. So `obj` is put in a reference cycle and frozen (`gc.freeze`, mypy's trick):
    nothing refers to the cycle, reference counting never frees it, and the collector,
    shutdown's collections included, never looks at the permanent generation.
    """
    if not _LEAVE_AT_EXIT:
        return
    holder: list[object] = [obj]
    holder.append(holder)
    gc.freeze()
