"""The benchmark corpus: CPython's standard library with tests and site-packages left out."""

from __future__ import annotations

import hashlib
import os
import sysconfig
from pathlib import Path

# Directory names left out wherever they occur (covers `*/tests/*` too).
EXCLUDED_DIRS = frozenset({"test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__"})


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_files(root: Path | None = None) -> list[Path]:
    """Every `.py` file of the standard library outside test directories, sorted."""
    root = root or stdlib_root()
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS)
        found.extend(Path(directory, name) for name in sorted(filenames) if name.endswith(".py"))
    return sorted(found)


def build_symlink_tree(destination: Path, root: Path | None = None) -> list[Path]:
    """Mirror the corpus under `destination` as symlinks, so every tool sees the same files.

    Returns the link paths (relative layout kept, so packages and module names survive).
    """
    root = root or stdlib_root()
    links: list[Path] = []
    for file in stdlib_files(root):
        link = destination / file.relative_to(root)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(file)
        links.append(link)
    return links


def sha256_of(path: Path) -> str:
    """The file's sha256, read in 1 MiB blocks: the pinned artifacts are checked with it before use."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
