"""Memory the program has freed, handed back to the system where the C library allows it.

Python keeps its small objects in arenas of their own, so large blocks freed in the middle
of the C library's heap are reused only by other large blocks, and their pages stay
resident meanwhile. On 3.4M lines the solver frees every module's packed flow facts (and
their unpacked tuples) as it compiles them, hundreds of MB that the millions of small
objects it makes meanwhile cannot reuse: without handing them back, the end of the solve
was the main process's peak by ~150 MB more. glibc's `malloc_trim(0)` gives back the free
pages inside its heap (dask's workers call it for the same reason); with another C library
(musl, macOS, Windows) `give_back` does nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def give_back() -> None:
    """Return the C heap's free pages to the system (a few ms; results are not touched)."""
    global _trim, _looked
    if not _looked:
        _looked = True
        _trim = _malloc_trim()
    if _trim is not None:
        _trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # not in every build of Python: then nothing is given back
    except ImportError:
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the running process's C library: glibc's, if it has one
    except (OSError, AttributeError):  # musl has no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]
