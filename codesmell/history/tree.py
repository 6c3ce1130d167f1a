"""Which files of a revision are analysed, and their module names: pure, from the tree's paths.

The same rules as `codesmell.run.discovery`, applied to the paths a git tree
lists instead of the file system: `include`/`exclude` relative to the directory
the user named, and module names from the `__init__.py` chains of that
revision, anchored where discovery anchors them in the working tree.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from codesmell.config import Config, matches_any


@dataclass(frozen=True)
class Root:
    """One analysed path, relative to the repository root ("" is the root itself)."""

    path: str
    is_dir: bool
    anchor: str  # the directory module names are relative to (discovery's anchor)


def parent(path: str) -> str | None:
    """The parent directory ("" is the root, whose parent is None)."""
    if path == "":
        return None
    return posixpath.dirname(path)


def under(path: str, directory: str) -> bool:
    return directory == "" or path == directory or path.startswith(directory + "/")


def relative(path: str, directory: str) -> str:
    return path if directory == "" else path[len(directory) + 1 :]


def selected(path: str, root: Root, config: Config) -> bool:
    """Whether discovery would analyse `path` (repository-relative) when given `root`."""
    if not root.is_dir:
        return path == root.path and not matches_any(posixpath.basename(path), config.exclude + config.extend_exclude)
    if not under(path, root.path) or path == root.path:
        return False
    rel = relative(path, root.path)
    name = posixpath.basename(rel)
    if not matches_any(name, config.include) and not matches_any(rel, config.include):
        return False
    excludes = config.exclude + config.extend_exclude
    directory = posixpath.dirname(rel)
    while directory:
        if matches_any(directory, excludes):
            return False
        directory = posixpath.dirname(directory)
    return not matches_any(rel, excludes)


def package_dirs(paths: Iterable[str]) -> frozenset[str]:
    """Directories holding an `__init__.py` in a revision ("" for the root)."""
    return frozenset(posixpath.dirname(p) for p in paths if posixpath.basename(p) == "__init__.py")


def module_name(path: str, anchor: str, packages: frozenset[str], has_src: bool) -> tuple[str, bool]:
    """Dotted module name of `path` and whether it is a package's `__init__`, as discovery names it.

    `has_src`: the revision has a `src/` directory under the anchor (a src layout).
    """
    top = None
    current = parent(path)
    while current is not None and current in packages:
        top = current
        current = parent(current)
    base = parent(top) if top is not None else parent(path)
    base = base or ""
    src = posixpath.join(anchor, "src") if anchor else "src"
    if has_src and under(path, src):
        anchor = src
    if under(base, anchor):
        base = anchor
    parts = relative(path, base).split("/")
    parts[-1] = posixpath.splitext(parts[-1])[0]
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    if not parts:
        parts = [posixpath.basename(posixpath.dirname(path)) or "__init__"]
    return ".".join(parts), is_package


def has_src_dir(paths: Iterable[str], anchor: str) -> bool:
    src = posixpath.join(anchor, "src") if anchor else "src"
    return any(p.startswith(src + "/") for p in paths)
