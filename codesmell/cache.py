"""Per-file results keyed by content hash, in `.codesmell_cache/` (like `.ruff_cache`).

An entry is trusted only if it parses and names the key it was stored under;
anything else is ignored and rebuilt. Entries are written to a temporary file
and renamed into place, so concurrent runs never see half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from codesmell import __version__

CACHE_DIR_NAME = ".codesmell_cache"
_FORMAT = 1


def cache_key(sha256: str, module: str, is_package: bool, with_graph: bool, fingerprint: str) -> str:
    raw = "\0".join([__version__, str(_FORMAT), sha256, module, str(is_package), str(with_graph), fingerprint])
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


class ResultCache:
    def __init__(self, root: Path) -> None:
        self.directory = root / CACHE_DIR_NAME / __version__

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self._entry(key), encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("result"), dict):
            return None
        result: dict[str, Any] = data["result"]
        return result

    def put(self, key: str, result: dict[str, Any]) -> None:
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            if not (self.directory.parent / ".gitignore").exists():
                atomic_write(self.directory.parent / ".gitignore", "# created by codesmell\n*\n")
            atomic_write(entry, json.dumps({"key": key, "result": result}, separators=(",", ":")), durable=False)
        except OSError:
            pass  # a read-only tree still gets its results, just not cached


def atomic_write(path: Path, text: str, durable: bool = True) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a part.

    `durable` also survives a power cut (fsync); cache entries skip it for speed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would have.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
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
