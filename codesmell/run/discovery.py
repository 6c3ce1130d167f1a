"""Command-line paths -> the Python files to analyse, each with its module name.

Module names come from the layout alone (nothing is imported): a chain of
directories holding `__init__.py` is a package; `src/` layouts and namespace
packages below the directory the user named are resolved against that
directory. Unreadable entries and link loops become per-file errors, never
silent omissions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from codesmell.config import DEFAULT_EXCLUDE, Config, matches_any
from codesmell.model import FileError
from codesmell.rules.codes import READ_ERROR


@dataclass(frozen=True)
class SourceFile:
    fs_path: str  # what to open (may hold surrogate-escaped bytes)
    path: str  # what to show: relative to the current directory, printable
    module: str
    is_package: bool
    error: FileError | None = None


def display_path(fs_path: str, cwd: str | None = None) -> str:
    """Relative to the current directory, with undecodable bytes made printable."""
    try:
        rel = os.path.relpath(fs_path, cwd or os.getcwd())
    except ValueError:
        rel = fs_path
    rel = rel.replace(os.sep, "/")
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _package_top(directory: Path, memo: dict[Path, Path | None] | None = None) -> Path | None:
    """The outermost directory of the `__init__.py` chain containing `directory`.

    `memo` (one per discovery) saves walking up the same chain for every file of a package.
    """
    if memo is not None and directory in memo:
        return memo[directory]
    top = None
    current = directory
    while (current / "__init__.py").is_file():
        top = current
        if current.parent == current:
            break
        current = current.parent
    if memo is not None:
        memo[directory] = top
    return top


def _anchor(root: Path) -> Path:
    """The directory module names are relative to, for files found under `root`."""
    top = _package_top(root)
    if top is not None:
        return top.parent
    return root


def module_name(file: Path, anchor: Path, memo: _Memo | None = None) -> tuple[str, bool]:
    """Dotted module name of `file` and whether it is a package `__init__`."""
    top = _package_top(file.parent, memo.tops if memo is not None else None)
    base = top.parent if top is not None else file.parent
    # Namespace packages: directories between the anchor and the regular package.
    src = anchor / "src"
    if (memo.is_dir(src) if memo is not None else src.is_dir()) and _is_relative_to(file, src):
        anchor = src
    if _is_relative_to(base, anchor):
        base = anchor
    parts = list(file.relative_to(base).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    if not parts:  # an __init__.py with no package directory around it
        parts = [file.parent.name or "__init__"]
    name = ".".join(parts)
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"), is_package


class _Memo:
    """What one discovery learns about directories, shared by all the files in them.

    Thousands of files share a few hundred directories: resolving each file's
    directory, its package chain and the `src/` test once per directory halved
    discovery on the stdlib (0.11 s -> 0.05 s, a quarter of a warm run then).
    """

    def __init__(self) -> None:
        self.tops: dict[Path, Path | None] = {}
        self.real_dirs: dict[str, str] = {}
        self.dirs: dict[Path, bool] = {}

    def is_dir(self, path: Path) -> bool:
        known = self.dirs.get(path)
        if known is None:
            known = self.dirs[path] = path.is_dir()
        return known

    def realpath(self, path: str) -> str:
        """`os.path.realpath(path)`, resolving each directory once.

        For a path whose last part is a link, its target is resolved the same
        way; past 40 links (a loop), `os.path.realpath` decides.
        """
        current = path
        for _ in range(40):
            head, name = os.path.split(current)
            if name in ("", ".", ".."):
                break
            real_head = self.real_dirs.get(head)
            if real_head is None:
                real_head = self.real_dirs[head] = os.path.realpath(head or os.curdir)
            joined = os.path.join(real_head, name)
            try:
                target = os.readlink(joined)
            except OSError:  # not a link, or missing: realpath keeps the name as it is
                return joined
            current = os.path.join(real_head, target)
        return os.path.realpath(path)


def _is_relative_to(path: Path, other: Path) -> bool:
    try:
        path.relative_to(other)
    except ValueError:
        return False
    return True


def _error(fs_path: str, message: str) -> SourceFile:
    path = display_path(fs_path)
    return SourceFile(fs_path, path, "", False, FileError(READ_ERROR, message))


@dataclass(frozen=True)
class Discovery:
    """The files to analyse, and how many files the built-in excludes left out."""

    sources: list[SourceFile]
    left_out_by_default: int  # files `include` takes below a built-in `build`/`dist` (0 if `exclude` is set)


def discover(paths: list[str], config: Config) -> list[SourceFile]:
    """Every file to analyse, sorted by display path and de-duplicated."""
    return discover_counted(paths, config).sources


def discover_counted(paths: list[str], config: Config) -> Discovery:
    """`discover`, plus the count of files `DEFAULT_EXCLUDE` dropped, for the run's summary.

    `build`, `dist` and the others are dropped without a word otherwise, and a
    `doc/build/conf.py` is real code someone may expect to see measured.
    """
    found: dict[str, SourceFile] = {}
    excludes = config.exclude + config.extend_exclude
    memo = _Memo()
    left_out = [0]
    for raw in paths:
        argument = Path(raw)
        if not os.path.lexists(argument):
            found[raw] = _error(raw, "no such file or directory")
            continue
        if argument.is_dir():
            anchor = _anchor(argument.resolve())
            for source in _walk(argument, anchor, config, excludes, memo, left_out):
                found.setdefault(source.path, source)
            continue
        try:
            anchor = _anchor(argument.resolve().parent)
        except (OSError, RuntimeError):  # a link loop: pathlib raises while resolving it
            anchor = argument.absolute().parent
        source = _one_file(argument, anchor)
        if not matches_any(source.path, excludes):
            found.setdefault(source.path, source)
    return Discovery(sorted(found.values(), key=lambda s: s.path), left_out[0])


def _one_file(file: Path, anchor: Path, memo: _Memo | None = None, path: str | None = None) -> SourceFile:
    """`path`: the display path, when the caller knows it."""
    fs_path = os.fspath(file)
    if not file.exists():  # a dangling link or a link loop
        reason = "symlink loop" if _is_link_loop(file) else "broken symbolic link"
        return _error(fs_path, f"cannot read: {reason}")
    try:
        # Path.resolve() is realpath plus a loop check that exists() above has made.
        real = Path(memo.realpath(os.path.abspath(fs_path))) if memo is not None else file.resolve()
        name, is_package = module_name(real, anchor, memo)
    except (OSError, RuntimeError) as exc:
        return _error(fs_path, f"cannot resolve path: {exc}")
    return SourceFile(fs_path, path if path is not None else display_path(fs_path), name, is_package)


def _is_link_loop(file: Path) -> bool:
    try:
        file.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


def _walk(
    root: Path, anchor: Path, config: Config, excludes: tuple[str, ...], memo: _Memo, left_out: list[int]
) -> list[SourceFile]:
    results: list[SourceFile] = []
    # Only the built-in list is counted: a user's own `exclude` says what it leaves out.
    built_in = config.exclude == DEFAULT_EXCLUDE
    seen_dirs: set[str] = set()
    root_str = os.fspath(root)

    def on_error(exc: OSError) -> None:
        results.append(_error(exc.filename or str(root), f"cannot read directory: {exc.strerror}"))

    real_root = os.path.realpath(root)
    for directory, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen_dirs:
            results.append(_error(directory, "symlink loop: directory already visited"))
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        # Patterns apply below the directory the user named: naming it is asking for it.
        kept = []
        for d in dirnames:
            if matches_any(display_path(os.path.join(directory, d), root_str), excludes):
                if built_in and d in _COUNTED_EXCLUDES:
                    left_out[0] += _count_included(os.path.join(directory, d), config)
            elif not _is_alias(os.path.join(directory, d), real_root, results):
                kept.append(d)
        dirnames[:] = sorted(kept)
        # display_path of each file, from its directory's (a file name has no "/", "." or ".."):
        # relpath once per directory instead of twice per file.
        relative_dir = _display_prefix(display_path(directory, root_str))
        shown_dir = _display_prefix(display_path(directory))
        for filename in sorted(filenames):
            full = os.path.join(directory, filename)
            shown_name = _printable(filename)
            relative = relative_dir + shown_name
            if not matches_any(filename, config.include) and not matches_any(relative, config.include):
                continue
            if matches_any(relative, excludes):
                if built_in and matches_any(relative, DEFAULT_EXCLUDE):
                    left_out[0] += 1
                continue
            results.append(_one_file(Path(full), anchor, memo, shown_dir + shown_name))
    return results


# The built-in excludes that can hold a project's own code (`doc/build/conf.py`): the
# files they drop are counted for the summary. The rest (VCS, virtualenvs, caches,
# node_modules, egg-info) never do, and counting a virtualenv's thousands of files
# would cost every run a third of a second.
_COUNTED_EXCLUDES = frozenset(("build", "dist"))


def _count_included(directory: str, config: Config) -> int:
    """Files below `directory` that `include` would have taken (links not followed)."""
    return sum(
        1
        for _, _, filenames in os.walk(directory)
        for filename in filenames
        if matches_any(filename, config.include)
    )


def _display_prefix(shown_directory: str) -> str:
    return "" if shown_directory == "." else shown_directory + "/"


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_alias(path: str, real_root: str, results: list[SourceFile]) -> bool:
    """Whether `path` is a directory link not to walk: a loop (reported) or a second name.

    A link to a directory that contains it is a loop: it gets a CSM905 error. A link to
    another directory under the root is only a second name for files walked under their
    own path: following it would report them twice, or, when the link sorts first,
    report the real directory as a loop.
    """
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    parent = os.path.realpath(os.path.dirname(path))
    if parent == target or parent.startswith(target.rstrip(os.sep) + os.sep):
        results.append(_error(path, "symlink loop: link to a directory that contains it"))
        return True
    return target.startswith(real_root.rstrip(os.sep) + os.sep)
