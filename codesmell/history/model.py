"""Frozen results of `codesmell history`: per-function and per-module series, churn, messages."""

from __future__ import annotations

from dataclasses import dataclass

from codesmell.history.gitlog import Commit


@dataclass(frozen=True)
class Point:
    """A function's figures from `commit` on, until its next point (one point per change)."""

    commit: str
    date: str
    sloc: int
    cyclomatic: int
    cognitive: int
    verdict: str
    priority: float


@dataclass(frozen=True)
class Churn:
    """Commits of the window whose diff touched the function's (or module's) lines, and their authors."""

    commits: int = 0
    authors: int = 0
    last_commit: str = ""  # the newest of them ("" when none)
    last_date: str = ""


@dataclass(frozen=True)
class FunctionHistory:
    path: str  # the file's latest path, relative to the current directory
    module: str
    qualname: str
    occurrence: int  # 0 for the first function of this qualname in the file, 1 for the next (a property setter)
    line: int  # `def` line at its latest point
    series: tuple[Point, ...]
    churn: Churn
    alive: bool  # still there at the newest revision
    renamed_from: tuple[str, ...] = ()  # the file's earlier paths, oldest first


@dataclass(frozen=True)
class ModulePoint:
    commit: str
    date: str
    lines: int
    functions: int
    function_sloc: int  # the functions' SLOC, summed
    warning: int  # functions judged `warning`
    critical: int
    error: str = ""  # the CSM9xx code when this revision of the file could not be analysed


@dataclass(frozen=True)
class ModuleHistory:
    path: str
    module: str
    series: tuple[ModulePoint, ...]
    churn: Churn
    alive: bool
    renamed_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    """Something of the history that could not be read or analysed; the rest went on."""

    commit: str  # "" when it concerns the whole history
    path: str
    code: str  # a CSM9xx code for a file that did not parse; else a word: shallow, submodule, symlink, churn
    text: str


@dataclass(frozen=True)
class History:
    root: str  # the repository's top directory, relative to the current directory
    commits: tuple[Commit, ...]  # the window, oldest first
    functions: tuple[FunctionHistory, ...]
    modules: tuple[ModuleHistory, ...]
    messages: tuple[Message, ...]
    since: str | None = None
    max_count: int | None = None
    shallow: bool = False

    @property
    def head(self) -> str:
        return self.commits[-1].sha if self.commits else ""

    def newest_errors(self) -> tuple[ModuleHistory, ...]:
        """Modules whose newest revision could not be analysed."""
        return tuple(m for m in self.modules if m.alive and m.series and m.series[-1].error)
