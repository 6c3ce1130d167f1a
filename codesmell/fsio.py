"""Atomic file writes: every file codesmell writes (cache entries, baselines, reports, -o outputs).

A reader (another run, a CI step, an editor) sees the old file or the new one,
never a part: the text goes to a temporary file in the same directory, which
then replaces the target in one `os.replace`. A target that is not a regular
file (`-o /dev/null`, `/dev/stdout`, a named pipe) is written in place: replacing
it would turn the device into a regular file for every process on the machine.
A symbolic link is followed, so the file it names is replaced and the link kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write", "write_bytes_atomic", "write_chunks_atomic"]


def atomic_write(path: Path, text: str, durable: bool = True) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a part.

    `durable` also survives a power cut (fsync); cache entries skip it for speed.
    """
    write_bytes_atomic(path, text.encode("utf-8"), durable)


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """`atomic_write` for bytes."""
    write_chunks_atomic(path, (data,), durable)


def write_chunks_atomic(path: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    """`write_bytes_atomic` for data made piece by piece, never held whole (a 3M-line run's JSON)."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # does not exist yet (or cannot be examined: let the write say why)
        special = False
    if special:
        with open(path, "wb") as handle:
            handle.writelines(chunks)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would have.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else 0666 less the process umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
