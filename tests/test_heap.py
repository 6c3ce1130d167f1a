"""`give_back`: the C heap's free pages return to the system (glibc), nothing else changes."""

from __future__ import annotations

import platform
import subprocess
import sys

from codesmell import heap

# Run in a fresh interpreter: the test process's own heap is whatever the earlier tests left.
_PROBE = """
import sys
from codesmell.heap import give_back

def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 >> 20

blocks = [bytes(4096 + index % 4096) for index in range(60_000)]  # ~370 MB of large blocks
blocks = blocks[::4]  # holes of ~18 kB between the kept blocks: `free` cannot shrink the heap for them
before = rss()
give_back()
print(before, rss())
"""


def test_freed_large_blocks_go_back_to_the_system() -> None:
    if not (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"):  # CI and the benchmark are
        assert heap._malloc_trim() is None  # no malloc_trim to call: `give_back` does nothing
        return
    assert heap._malloc_trim() is not None
    before, after = map(int, subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                                            check=True).stdout.split())
    assert before - after >= 150  # MB: of the ~280 MB freed, the whole pages inside the holes


def test_give_back_is_harmless_to_call_again() -> None:
    kept = [bytes(5000) for _ in range(1000)]
    heap.give_back()
    heap.give_back()
    assert all(block == bytes(5000) for block in kept)
