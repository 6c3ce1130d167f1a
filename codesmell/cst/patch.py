"""Swap a LibCST class attribute for the duration of one of our own passes.

Two of LibCST's per-node costs do nothing for us: re-validating the nodes its
own parser built, and the generic code-generator dispatch for the leaf nodes
our line counter handles itself. Both are switched off only while our parse or
line pass runs; a counter per attribute keeps overlapping passes (threads)
from restoring the original while another one still relies on the swap.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active: dict[tuple[type, str], int] = {}
_originals: dict[tuple[type, str], object] = {}


@contextmanager
def swapped(owner: type, name: str, replacement: object) -> Iterator[None]:
    """`owner.name` is `replacement` inside the block, and its own value again after the last one ends."""
    key = (owner, name)
    with _lock:
        if key not in _active:
            _originals[key] = owner.__dict__[name]
            setattr(owner, name, replacement)
        _active[key] = _active.get(key, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _active[key] -= 1
            if not _active[key]:
                del _active[key]
                setattr(owner, name, _originals.pop(key))
