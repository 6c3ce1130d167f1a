"""Commits, their changes and the analysed blobs -> per-function and per-module series (pure).

Two passes over the same walk of the tree state: `blobs_needed` says which blobs
must be analysed (each once, whatever the number of revisions holding it);
`build_history` follows every file across the window, across the renames git
reported, and every function in it by qualified name, recording a point where
a figure changed and the churn each commit's hunks caused.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from codesmell.config import Config, Threshold
from codesmell.history.churn import touched_functions
from codesmell.history.gitlog import SUBMODULE_MODE, SYMLINK_MODE, Commit, FileChange, TreeEntry
from codesmell.history.model import (
    Churn,
    FunctionHistory,
    History,
    Message,
    ModuleHistory,
    ModulePoint,
    Point,
)
from codesmell.history.tree import Root, has_src_dir, module_name, package_dirs, selected, under
from codesmell.model import FileResult, FunctionMetrics
from codesmell.rules.verdict import CRITICAL, WARNING, assess


@dataclass(frozen=True)
class Blob:
    """One blob to analyse: what the engine needs to name it and key it in the cache."""

    sha: str
    path: str  # repository-relative, at the first revision that holds it
    module: str
    is_package: bool


@dataclass
class _Revision:
    commit: Commit
    first: bool
    emit: list[str]  # selected paths whose file is (re)read at this revision
    changes: tuple[FileChange, ...]


class _Walk:
    """The selected files of each revision, from an initial tree and each commit's changes."""

    def __init__(self, roots: Sequence[Root], config: Config, initial: Sequence[TreeEntry]) -> None:
        self.roots = roots
        self.config = config
        self.files: dict[str, str] = {}  # selected path -> blob sha
        self.all_paths: set[str] = set()  # every blob path (for package chains and src/)
        self.messages: list[Message] = []
        self._warned: set[tuple[str, str]] = set()
        self._packages: frozenset[str] | None = None
        self._initial = initial
        self._roots: dict[str, Root | None] = {}
        self._modules: dict[str, tuple[str, bool]] = {}
        self._src: dict[str, bool] = {}

    def root_of(self, path: str) -> Root | None:
        """The first analysed root that selects `path` (memoised: asked for every path of every revision)."""
        if path not in self._roots:
            self._roots[path] = next((r for r in self.roots if selected(path, r, self.config)), None)
        return self._roots[path]

    def is_selected(self, path: str) -> bool:
        return self.root_of(path) is not None

    def _note(self, commit: str, path: str, code: str, text: str) -> None:
        if (path, code) not in self._warned:
            self._warned.add((path, code))
            self.messages.append(Message(commit, path, code, text))

    def _set(self, commit: str, path: str, mode: str, sha: str) -> None:
        if mode == SUBMODULE_MODE:
            if any(under(path, r.path) if r.is_dir else path == r.path for r in self.roots):
                self._note(commit, path, "submodule",
                           f"{path} is a git submodule (at {sha[:12]}): its history is not read; "
                           "run `codesmell history` inside it")
            return
        if path not in self.all_paths:
            self.all_paths.add(path)
            if posixpath.basename(path) == "__init__.py" or "/src/" in f"/{path}":
                self._packages = None
        if not self.is_selected(path):
            return
        if mode == SYMLINK_MODE:
            self._note(commit, path, "symlink", f"{path} is a symbolic link in git: not followed")
            self.files.pop(path, None)
            return
        self.files[path] = sha

    def _unset(self, path: str) -> None:
        self.all_paths.discard(path)
        if posixpath.basename(path) == "__init__.py" or "/src/" in f"/{path}":
            self._packages = None
        self.files.pop(path, None)

    def module(self, path: str) -> tuple[str, bool]:
        """Discovery's module name of `path` in the current revision (memoised until a package or src/ changes)."""
        if self._packages is None:
            self._packages = package_dirs(self.all_paths)
            self._modules.clear()
            self._src.clear()
        known = self._modules.get(path)
        if known is None:
            root = self.root_of(path)
            assert root is not None
            if root.anchor not in self._src:
                self._src[root.anchor] = has_src_dir(self.all_paths, root.anchor)
            known = self._modules[path] = module_name(path, root.anchor, self._packages, self._src[root.anchor])
        return known

    def revisions(self, commits: Sequence[Commit], changes: Mapping[str, tuple[FileChange, ...]]) -> Iterator[_Revision]:
        first_commit = commits[0].sha if commits else ""
        for entry in self._initial:
            if entry.kind in ("blob", "commit"):
                self._set(first_commit, entry.path, entry.mode, entry.sha)
        for number, commit in enumerate(commits):
            own = changes.get(commit.sha, ())
            emit: list[str] = []
            for change in own:
                if change.old_path and change.old_path != change.new_path:
                    self._unset(change.old_path)
                if change.new_path:
                    self._set(commit.sha, change.new_path, change.new_mode, change.new_sha)
                    if change.new_path in self.files:
                        emit.append(change.new_path)
            if number == 0:
                emit = sorted(self.files)
            yield _Revision(commit, number == 0, emit, own)


def blobs_needed(
    roots: Sequence[Root],
    config: Config,
    initial: Sequence[TreeEntry],
    commits: Sequence[Commit],
    changes: Mapping[str, tuple[FileChange, ...]],
) -> list[Blob]:
    """Every distinct blob some revision of the window reads, in first-read order."""
    walk = _Walk(roots, config, initial)
    seen: dict[str, Blob] = {}
    for revision in walk.revisions(commits, changes):
        for path in revision.emit:
            sha = walk.files[path]
            if sha not in seen:
                module, is_package = walk.module(path)
                seen[sha] = Blob(sha, path, module, is_package)
    return list(seen.values())


@dataclass
class _FunctionState:
    qualname: str
    occurrence: int
    line: int = 0
    series: list[Point] = field(default_factory=list)
    commits: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    last: Commit | None = None
    alive: bool = False


@dataclass
class _Lineage:
    """One file followed across renames."""

    number: int
    paths: list[str]
    module: str = ""
    functions: dict[tuple[str, int], _FunctionState] = field(default_factory=dict)
    present: list[tuple[str, int]] = field(default_factory=list)  # keys at the latest readable revision
    series: list[ModulePoint] = field(default_factory=list)
    commits: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    last: Commit | None = None
    alive: bool = True


def function_keys(functions: Sequence[FunctionMetrics]) -> list[tuple[str, int]]:
    """(qualname, occurrence) of each function, in order: the n-th function of a qualname is occurrence n."""
    counts: dict[str, int] = {}
    keys = []
    for function in functions:
        n = counts.get(function.qualname, 0)
        counts[function.qualname] = n + 1
        keys.append((function.qualname, n))
    return keys


def build_history(
    roots: Sequence[Root],
    config: Config,
    initial: Sequence[TreeEntry],
    commits: Sequence[Commit],
    changes: Mapping[str, tuple[FileChange, ...]],
    results: Mapping[str, FileResult],
    display: Callable[[str], str],
    root_display: str = ".",
    since: str | None = None,
    max_count: int | None = None,
    shallow: bool = False,
) -> History:
    """The history of the window; `results` maps each blob sha of `blobs_needed` to its analysis.

    `display` turns a repository-relative path into the path every output shows.
    """
    walk = _Walk(roots, config, initial)
    lineages: dict[str, _Lineage] = {}
    every: list[_Lineage] = []
    messages: list[Message] = []
    reported: set[str] = set()

    def lineage_of(path: str) -> _Lineage:
        lineage = lineages.get(path)
        if lineage is None:
            lineage = lineages[path] = _Lineage(len(every), [path])
            every.append(lineage)
        return lineage

    for revision in walk.revisions(commits, changes):
        commit = revision.commit
        for change in revision.changes:  # follow renames and deletions first
            if change.old_path and change.old_path != change.new_path and change.old_path in lineages:
                lineage = lineages.pop(change.old_path)
                if change.new_path and change.new_path in walk.files:
                    lineage.paths.append(change.new_path)
                    lineages[change.new_path] = lineage
                else:
                    _end(lineage)
        for path in revision.emit:
            sha = walk.files[path]
            result = results[sha]
            lineage = lineage_of(path)
            lineage.alive = True
            lineage.module = walk.module(path)[0]
            if result.errors:
                error = result.errors[0]
                if sha not in reported:
                    reported.add(sha)
                    messages.append(Message(commit.sha, path, error.code,
                                            f"{commit.sha[:12]} {path}: {error.code} {error.message} "
                                            f"(line {error.line}); the file's functions keep their last figures"))
                _module_point(lineage, commit, result, config, display(path), error.code)
                continue
            _read_functions(lineage, commit, result, config.for_path(display(path)).thresholds)
            _module_point(lineage, commit, result, config, display(path), "")
        if commit.boundary:
            continue  # a shallow clone's oldest commit "adds" every file: no churn to count
        for change in revision.changes:
            _count_churn(change, commit, lineages, walk, results, messages)

    for lineage in every:
        if lineage.paths[-1] not in lineages or lineages[lineage.paths[-1]] is not lineage:
            lineage.alive = False
    return History(
        root=root_display,
        commits=tuple(commits),
        functions=tuple(_function_histories(every, display)),
        modules=tuple(_module_histories(every, display)),
        messages=tuple(walk.messages + messages),
        since=since,
        max_count=max_count,
        shallow=shallow,
    )


def _end(lineage: _Lineage) -> None:
    lineage.alive = False
    for state in lineage.functions.values():
        state.alive = False


def _read_functions(lineage: _Lineage, commit: Commit, result: FileResult, thresholds: Mapping[str, Threshold]) -> None:
    keys = function_keys(result.functions)
    for key in lineage.present:
        lineage.functions[key].alive = False
    for key, function in zip(keys, result.functions, strict=True):
        state = lineage.functions.get(key)
        if state is None:
            state = lineage.functions[key] = _FunctionState(*key)
        verdict, priority = assess(function, thresholds)
        point = Point(commit.sha, commit.date, function.sloc, function.cyclomatic, function.cognitive, verdict, priority)
        last = state.series[-1] if state.series else None
        if last is None or _figures(last) != _figures(point):
            state.series.append(point)
        state.alive = True
        state.line = function.line
    lineage.present = keys


def _figures(point: Point) -> tuple[int, int, int, str, float]:
    return point.sloc, point.cyclomatic, point.cognitive, point.verdict, point.priority


def _module_point(lineage: _Lineage, commit: Commit, result: FileResult, config: Config, shown: str,
                  error: str) -> None:
    thresholds = config.for_path(shown).thresholds
    verdicts = [assess(f, thresholds)[0] for f in result.functions] if not error else []
    point = ModulePoint(commit.sha, commit.date, result.lines, len(result.functions),
                        sum(f.sloc for f in result.functions), verdicts.count(WARNING), verdicts.count(CRITICAL), error)
    last = lineage.series[-1] if lineage.series else None
    if last is None or (last.lines, last.functions, last.function_sloc, last.warning, last.critical, last.error) != (
            point.lines, point.functions, point.function_sloc, point.warning, point.critical, point.error):
        lineage.series.append(point)


def _count_churn(change: FileChange, commit: Commit, lineages: Mapping[str, _Lineage], walk: _Walk,
                 results: Mapping[str, FileResult], messages: list[Message]) -> None:
    path = change.new_path
    if not path or path not in walk.files or path not in lineages:
        return
    lineage = lineages[path]
    if not change.hunks and change.status not in "AR":
        return
    lineage.commits.add(commit.sha)
    lineage.authors.add(commit.email)
    lineage.last = commit
    if not change.hunks:
        return
    result = results[walk.files[path]]
    if result.errors:
        messages.append(Message(commit.sha, path, "churn",
                                f"{commit.sha[:12]} {path}: this commit's changes are not mapped to functions "
                                f"(the file does not parse: {result.errors[0].code})"))
        return
    keys = function_keys(result.functions)
    for index in touched_functions(result.functions, change.hunks):
        state = lineage.functions[keys[index]]
        state.commits.add(commit.sha)
        state.authors.add(commit.email)
        state.last = commit


def _churn(commits: set[str], authors: set[str], last: Commit | None) -> Churn:
    return Churn(len(commits), len(authors), last.sha if last else "", last.date if last else "")


def _function_histories(lineages: Sequence[_Lineage], display: Callable[[str], str]) -> list[FunctionHistory]:
    out = []
    for lineage in lineages:
        path = display(lineage.paths[-1])
        earlier = tuple(display(p) for p in lineage.paths[:-1])
        for state in lineage.functions.values():
            if not state.series:
                continue
            out.append(FunctionHistory(path, lineage.module, state.qualname, state.occurrence, state.line,
                                       tuple(state.series), _churn(state.commits, state.authors, state.last),
                                       state.alive and lineage.alive, earlier))
    out.sort(key=lambda f: (f.path, not f.alive, f.line, f.qualname, f.occurrence))
    return out


def _module_histories(lineages: Sequence[_Lineage], display: Callable[[str], str]) -> list[ModuleHistory]:
    out = [
        ModuleHistory(display(lineage.paths[-1]), lineage.module, tuple(lineage.series),
                      _churn(lineage.commits, lineage.authors, lineage.last), lineage.alive,
                      tuple(display(p) for p in lineage.paths[:-1]))
        for lineage in lineages
        if lineage.series
    ]
    out.sort(key=lambda m: (m.path, not m.alive))
    return out
