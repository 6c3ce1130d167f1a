"""The `history` use case: git plumbing in, analysed blobs through the cache, the pure passes out.

Five git processes for any window (rev-list, ls-tree, diff-tree, cat-file and
the repository checks); each distinct blob is analysed once, in the engine's
process pool and through the content-hash cache, so a second run parses
nothing and a run after one new commit parses only the files it changed.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

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
from codesmell.history.segments import Segment, assemble, batches, decode, split, unbatch
from codesmell.history.series import Blob, blobs_needed, build_history
from codesmell.history.tree import Root, parent, under
from codesmell.model import FileError, FileResult
from codesmell.rules.codes import READ_ERROR
from codesmell.run.cache import ResultCache, cache_key
from codesmell.run.discovery import display_path
from codesmell.run.engine import EngineOptions, Progress, analyze_data

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["HistoryError", "HistoryOptions", "read_history"]


@dataclass(frozen=True)
class HistoryOptions:
    since: str | None = None  # a date git understands: "2024-01-01", "12 months ago"
    max_count: int | None = None  # the newest N commits touching the analysed tree
    jobs: int = 0  # 0: every core
    cache_root: Path | None = None  # None: no cache
    freeze_gc: bool = False
    segments: bool = True  # analyse by function-holding statements (see `segments`); False: whole blobs
    executor: Executor | None = None  # where cache misses are analysed (None: the engine's process pool)


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


# The cache fingerprint of a blob's result assembled from its segments: its Extract Method names
# can differ from a whole-file analysis (which avoids every name of the module), so the two never share
# an entry and `metrics` never reads one of these.
ASSEMBLED_FINGERPRINT = "history-segments-1"


def _analyse(blobs: Sequence[Blob], data: dict[str, bytes | None], options: HistoryOptions,
             progress: Progress | None = None) -> dict[str, FileResult]:
    """Blob sha -> its result: by segments where `ast` can cut the blob, else whole; every distinct text once."""
    whole: list[Blob] = []
    cut: list[tuple[Blob, str, list[Segment]]] = []
    results: dict[str, FileResult] = {}
    cache = ResultCache(options.cache_root) if options.cache_root is not None else None
    keys: dict[str, str] = {}
    for blob in blobs:
        content = data.get(blob.sha)
        if content is None:
            error = FileError(READ_ERROR, f"cannot read: git has no blob {blob.sha[:12]} (a partial clone?)")
            results[blob.sha] = FileResult(blob.path, blob.module, errors=(error,))
            continue
        if cache is not None and options.segments:
            # The assembled result of each blob is cached too, so a warm run cuts nothing.
            key = keys[blob.sha] = cache_key(hashlib.sha256(content).hexdigest(), blob.module, blob.is_package,
                                              False, ASSEMBLED_FINGERPRINT)
            cached = cache.load(key, blob.path)
            if cached is not None:
                results[blob.sha] = cached
                continue
        text = decode(content) if options.segments else None
        segments = split(text) if text is not None else None
        if text is None or segments is None:
            whole.append(blob)
        else:
            cut.append((blob, text, segments))
    texts: dict[str, int] = {}
    for _, _, segments in cut:
        for segment in segments:
            texts.setdefault(segment.text, len(texts))
    groups = batches(list(texts))
    # Batches are not cached (the results assembled from them are); whole blobs are, as `metrics` caches them.
    engine = EngineOptions(jobs=options.jobs, cache_root=options.cache_root, with_graph=False,
                           freeze_gc=options.freeze_gc)
    uncached = replace(engine, cache_root=None)
    batch_results = analyze_data([(text.encode("utf-8"), "<segments>", "", False) for text, _ in groups],
                                 uncached, progress, executor=options.executor)
    whole_results = analyze_data([(data[b.sha] or b"", b.path, b.module, b.is_package) for b in whole], engine,
                                 executor=options.executor)
    results.update({blob.sha: result for blob, result in zip(whole, whole_results, strict=True)})
    per_text: list[FileResult | None] = []
    for (text, spans), batch in zip(groups, batch_results, strict=True):
        if not batch.errors:
            per_text.extend(unbatch(batch, spans))
            continue
        # a segment LibCST will not parse: each of the batch alone, so only its own blobs are analysed whole
        alone = analyze_data([(piece.encode("utf-8"), "<segment>", "", False) for piece in _pieces(text, spans)],
                             uncached, executor=options.executor)
        per_text.extend(None if r.errors else r for r in alone)
    retry: list[Blob] = []
    for blob, text, segments in cut:
        parts = [per_text[texts[segment.text]] for segment in segments]
        result = assemble(blob.path, blob.module, text, segments, parts)
        if result is None:
            retry.append(blob)
        else:
            results[blob.sha] = cache.store(keys[blob.sha], result) if cache is not None else result
    if retry:  # a segment LibCST would not parse alone: the whole blob decides
        again = analyze_data([(data[b.sha] or b"", b.path, b.module, b.is_package) for b in retry], engine,
                             executor=options.executor)
        results.update({blob.sha: result for blob, result in zip(retry, again, strict=True)})
    return results


def _pieces(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    lines = text.split("\n")
    return ["\n".join(lines[first - 1 : last]) + "\n" for first, last in spans]


def _pathspecs(roots: Sequence[Root]) -> list[str]:
    """What git is asked about: the analysed paths, and the `__init__.py` files above them up to their anchor.

    So the window is the commits touching the analysed tree, while the package chains that
    name its modules are still seen in every revision.
    """
    specs = set()
    for root in roots:
        specs.add(root.path or ".")
        directory = root.path if root.is_dir else parent(root.path)
        while directory is not None and directory != root.anchor and under(directory, root.anchor):
            specs.add(posixpath.join(directory, "__init__.py") if directory else "__init__.py")
            directory = parent(directory)
    return sorted(specs)


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
    pathspecs = _pathspecs(roots)
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
    results = _analyse(blobs, data, options, progress)

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
        history = replace(history, messages=(note, *history.messages))
    return history
