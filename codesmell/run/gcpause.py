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
