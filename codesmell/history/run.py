"""The `history` use case: git plumbing in, analysed blobs through the cache, the pure passes out.

Five git processes for any window (rev-list, ls-tree, diff-tree, cat-file and
the repository checks); each distinct blob is analysed once, in the engine's
process pool and through the content-hash cache, so a second run parses
nothing and a run after one new commit parses only the files it changed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codesmell.config import Config
from codesmell.history.gitlog import (
    HistoryError,
    Repository,
    diff_commits,
    list_commits,
    list_tree,
    open_repository,
    read_blobs,
)
from codesmell.history.model import History, Message
from codesmell.history.series import blobs_needed, build_history
from codesmell.history.tree import Root
from codesmell.model import FileError, FileResult
from codesmell.rules.codes import READ_ERROR
from codesmell.run.discovery import display_path
from codesmell.run.engine import EngineOptions, Progress, analyze_data

__all__ = ["HistoryError", "HistoryOptions", "read_history"]


@dataclass(frozen=True)
class HistoryOptions:
    since: str | None = None  # a date git understands: "2024-01-01", "12 months ago"
    max_count: int | None = None  # the newest N commits touching the analysed tree
    jobs: int = 0  # 0: every core
    cache_root: Path | None = None  # None: no cache
    freeze_gc: bool = False


def _roots(paths: Sequence[str], repo: Repository) -> list[Root]:
    from codesmell.run.discovery import _anchor

    roots = []
    top = repo.root.resolve()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise HistoryError(f"{raw}: no such file or directory")
        resolved = path.resolve()
        try:
            rel = resolved.relative_to(top).as_posix()
        except ValueError:
            raise HistoryError(f"{raw} is not inside the git repository {repo.root} of {paths[0]}") from None
        anchor_dir = _anchor(resolved if resolved.is_dir() else resolved.parent)
        try:
            anchor = anchor_dir.relative_to(top).as_posix()
        except ValueError:  # the package chain goes above the repository: anchor at its top
            anchor = ""
        roots.append(Root("" if rel == "." else rel, resolved.is_dir(), "" if anchor == "." else anchor))
    return roots


def read_history(
    paths: Sequence[str], config: Config, options: HistoryOptions = HistoryOptions(), progress: Progress | None = None
) -> History:
    """The history of `paths` over the window; `HistoryError` when there is none to read.

    Everything else (a shallow clone, a revision whose file does not parse, a binary
    file, a submodule) is a `Message` of the result, and the history goes on.
    """
    if not paths:
        paths = ["."]
    repo = open_repository(Path(paths[0]))
    roots = _roots(paths, repo)
    pathspecs = sorted({root.anchor or "." for root in roots})
    commits = list_commits(repo, options.since, options.max_count, pathspecs)
    root_shown = display_path(os.fspath(repo.root))
    if not commits:
        window = f" since {options.since}" if options.since else ""
        message = Message("", "", "empty", f"no commit{window} touches {', '.join(paths)}")
        return History(root_shown, (), (), (), (message,), options.since, options.max_count, bool(repo.shallow))
    first = commits[0]
    initial = list_tree(repo, first.parent, pathspecs) if first.parent and not first.boundary else []
    changes = diff_commits(repo, commits, pathspecs)
    blobs = blobs_needed(roots, config, initial, commits, changes)
    data = read_blobs(repo, [blob.sha for blob in blobs])
    items: list[tuple[bytes, str, str, bool]] = []
    missing: dict[str, FileResult] = {}
    for blob in blobs:
        content = data.get(blob.sha)
        if content is None:
            error = FileError(READ_ERROR, f"cannot read: git has no blob {blob.sha[:12]} (a partial clone?)")
            missing[blob.sha] = FileResult(blob.path, blob.module, errors=(error,))
        else:
            items.append((content, blob.path, blob.module, blob.is_package))
    engine = EngineOptions(jobs=options.jobs, cache_root=options.cache_root, with_graph=False,
                           freeze_gc=options.freeze_gc)
    analysed = analyze_data(items, engine, progress)
    present = [blob for blob in blobs if blob.sha not in missing]
    results = {blob.sha: result for blob, result in zip(present, analysed, strict=True)}
    results.update(missing)

    def display(rel: str) -> str:
        return display_path(os.path.join(repo.root, rel))

    history = build_history(roots, config, initial, commits, changes, results, display, root_shown,
                            options.since, options.max_count, bool(repo.shallow))
    if any(commit.boundary for commit in commits):
        boundary = next(c for c in commits if c.boundary)
        note = Message(boundary.sha, "", "shallow",
                       f"shallow clone: the history before {boundary.sha[:12]} ({boundary.date}) was not fetched; "
                       "that commit is the starting point and counts as no change "
                       "(`git fetch --unshallow` reads the whole history)")
        from dataclasses import replace

        history = replace(history, messages=(note, *history.messages))
    return history
