"""Git plumbing for `codesmell history`: commits, trees, diffs and blobs, never a checkout.

Four commands for a whole history, whatever its length: `git rev-list` (the
commits of the window), `git ls-tree -r` (the tree of its first commit),
`git diff-tree --stdin` (every commit's changes against its first parent, raw
entries and zero-context hunks, renames detected with `-M`) and
`git cat-file --batch` (each blob's bytes, once). The parsing is pure and
tested on its own; only `run_git` touches a process.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class HistoryError(Exception):
    """No history to read: not a repository, no commits, git missing. The CLI exits 2."""


SUBMODULE_MODE = "160000"
SYMLINK_MODE = "120000"
_NULL_SHA = "0" * 40
_FIELD = "\x1f"  # unit separator: never in a name git prints in a format
_MARK = "\x1ecommit"


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str  # first parent; "" for a root commit or the boundary of a shallow clone
    date: str  # author date, strict ISO 8601
    timestamp: int  # author date, seconds since the epoch
    author: str  # name (after .mailmap)
    email: str  # lower-cased e-mail (after .mailmap): what "distinct authors" counts
    boundary: bool = False  # a shallow clone's oldest commit: its parents were not fetched


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # "blob", "commit" (a submodule) or "tree"
    sha: str
    path: str  # relative to the repository root, "/"-separated


@dataclass(frozen=True)
class FileChange:
    """One file pair of a commit's diff against its first parent."""

    status: str  # A, M, D, R, C, T (the letter of `git diff --raw`)
    old_path: str  # "" when added
    new_path: str  # "" when deleted
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str
    # (old start, old count, new start, new count) of each zero-context hunk
    hunks: tuple[tuple[int, int, int, int], ...] = ()
    binary: bool = False


@dataclass(frozen=True)
class Repository:
    root: Path  # the work tree's top directory
    shallow: frozenset[str] = frozenset()  # boundary commits of a shallow clone


def run_git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "--literal-pathspecs", "-c", "core.quotepath=off", "-c", "diff.noprefix=false", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise HistoryError("history needs git, which is not on PATH") from exc


def _checked(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    done = run_git(args, cwd, stdin)
    if done.returncode != 0:
        raise HistoryError(f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def open_repository(where: Path) -> Repository:
    """The repository holding `where`, with its shallow boundary; `HistoryError` when there is none."""
    directory = where if where.is_dir() else where.parent
    if not directory.exists():
        raise HistoryError(f"{where}: no such file or directory")
    top = run_git(["rev-parse", "--show-toplevel"], directory)
    if top.returncode != 0:
        reason = top.stderr.decode(errors="replace").strip().removeprefix("fatal: ")
        if "not a git repository" in reason:
            raise HistoryError(f"{where.resolve()} is not inside a git repository: there is no history to read")
        raise HistoryError(f"{where.resolve()}: git cannot read the repository: {reason}")
    root = Path(os.fsdecode(top.stdout.strip()))
    if run_git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root).returncode != 0:
        raise HistoryError(f"the git repository {root} has no commits yet")
    shallow: frozenset[str] = frozenset()
    path = run_git(["rev-parse", "--git-path", "shallow"], root)
    if path.returncode == 0:
        file = root / os.fsdecode(path.stdout.strip())
        if file.is_file():
            shallow = frozenset(line.strip() for line in file.read_text("ascii", "replace").splitlines() if line.strip())
    return Repository(root, shallow)


def unquote(raw: str) -> str:
    """Undo git's C-style quoting of unusual file names (`"a\\tb.py"`)."""
    if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
        data = raw[1:-1].encode("utf-8", "surrogateescape").decode("unicode_escape").encode("latin-1")
        return os.fsdecode(data)
    return raw


# ---------------------------------------------------------------- rev-list

REV_FORMAT = _MARK + _FIELD.join(("%H", "%P", "%aI", "%at", "%aN", "%aE"))


def rev_list_args(since: str | None, max_count: int | None, pathspecs: Sequence[str]) -> list[str]:
    args = ["rev-list", "--first-parent", f"--format={REV_FORMAT}"]
    if since:
        args.append(f"--since={since}")
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    return [*args, "HEAD", "--", *pathspecs]


def parse_rev_list(output: bytes, shallow: frozenset[str] = frozenset()) -> list[Commit]:
    """`git rev-list --format=REV_FORMAT` -> commits, oldest first."""
    commits = []
    for line in output.decode("utf-8", "replace").split("\n"):
        if not line.startswith(_MARK):
            continue  # the "commit <sha>" lines rev-list prints before each format
        sha, parents, date, timestamp, author, email = line[len(_MARK):].split(_FIELD)
        first = parents.split(" ")[0] if parents else ""
        commits.append(Commit(sha, first, date, int(timestamp), author, email.lower(), sha in shallow))
    commits.reverse()
    return commits


def list_commits(
    repo: Repository, since: str | None, max_count: int | None, pathspecs: Sequence[str]
) -> list[Commit]:
    return parse_rev_list(_checked(rev_list_args(since, max_count, pathspecs), repo.root), repo.shallow)


# ---------------------------------------------------------------- ls-tree


def parse_ls_tree(output: bytes) -> list[TreeEntry]:
    """`git ls-tree -r -z` -> entries (`<mode> <type> <sha>\\t<path>\\0`)."""
    entries = []
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split(" ")
        entries.append(TreeEntry(mode, kind, sha, os.fsdecode(path)))
    return entries


def list_tree(repo: Repository, commit: str, pathspecs: Sequence[str]) -> list[TreeEntry]:
    return parse_ls_tree(_checked(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *pathspecs], repo.root))


# ---------------------------------------------------------------- diff-tree

DIFF_TREE_ARGS = ("diff-tree", "--stdin", "-r", "-M", "--root", "--raw", "-p", "-U0", "--no-abbrev",
                  "--no-color", "--no-ext-diff", "--no-textconv")
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_SHA = re.compile(r"^[0-9a-f]{40}$")


def diff_tree_input(commits: Iterable[Commit]) -> bytes:
    """One line per commit: `<sha> <first parent>` diffs against the first parent only (merges too)."""
    return "".join(f"{c.sha} {c.parent}\n" if c.parent and not c.boundary else f"{c.sha}\n" for c in commits).encode()


@dataclass
class _Pending:
    raw: list[tuple[str, str, str, str, str, str, str]]
    hunks: list[list[tuple[int, int, int, int]]]
    binary: list[bool]


def parse_diff_tree(output: bytes) -> dict[str, tuple[FileChange, ...]]:
    """`git diff-tree --stdin --raw -p -U0` output -> commit sha -> its file changes, in git's order.

    The patch of each file pair follows the raw lines in the same order, so the
    n-th `diff --git` section belongs to the n-th raw entry. Inside a hunk the
    exact count of `-`/`+` lines its header announces is consumed, so a content
    line that looks like a header (`+++ x` added as `++ x`) is never taken for one.
    """
    changes: dict[str, tuple[FileChange, ...]] = {}
    current = ""
    pending = _Pending([], [], [])
    lines = output.split(b"\n")
    index = 0
    left_old = left_new = 0

    def flush() -> None:
        if current:
            changes[current] = tuple(_change(raw, pending, n) for n, raw in enumerate(pending.raw))

    while index < len(lines):
        line = lines[index]
        index += 1
        if left_old or left_new:  # inside a hunk: content lines only
            if line.startswith(b"-"):
                left_old -= 1
            elif line.startswith(b"+"):
                left_new -= 1
            elif line.startswith(b"\\"):
                pass  # "\ No newline at end of file"
            else:
                left_old = left_new = 0  # malformed: resynchronise on this line
                index -= 1
            continue
        if line.startswith(b"\\"):
            continue
        text = line.decode("utf-8", "surrogateescape")
        if _SHA.match(text):
            flush()
            current, pending = text, _Pending([], [], [])
        elif text.startswith(":"):
            pending.raw.append(_raw_entry(text))
        elif text.startswith("diff --git "):
            pending.hunks.append([])
            pending.binary.append(False)
        elif text.startswith("Binary files ") or text == "GIT binary patch":
            if pending.binary:
                pending.binary[-1] = True
        elif text.startswith("@@ "):
            match = _HUNK.match(text)
            if match and pending.hunks:
                old_start, old_count = int(match.group(1)), int(match.group(2) or "1")
                new_start, new_count = int(match.group(3)), int(match.group(4) or "1")
                pending.hunks[-1].append((old_start, old_count, new_start, new_count))
                left_old, left_new = old_count, new_count
    flush()
    return changes


def _raw_entry(text: str) -> tuple[str, str, str, str, str, str, str]:
    meta, *paths = text.split("\t")
    old_mode, new_mode, old_sha, new_sha, status = meta[1:].split(" ")
    letter = status[0]
    names = [unquote(p) for p in paths]
    if letter in "RC":
        old_path, new_path = names[0], names[1]
    elif letter == "A":
        old_path, new_path = "", names[0]
    elif letter == "D":
        old_path, new_path = names[0], ""
    else:
        old_path = new_path = names[0]
    return letter, old_path, new_path, old_mode, new_mode, old_sha, new_sha


def _change(raw: tuple[str, str, str, str, str, str, str], pending: _Pending, n: int) -> FileChange:
    letter, old_path, new_path, old_mode, new_mode, old_sha, new_sha = raw
    hunks = tuple(pending.hunks[n]) if n < len(pending.hunks) else ()
    binary = pending.binary[n] if n < len(pending.binary) else False
    return FileChange(letter, old_path, new_path, old_mode, new_mode,
                      "" if old_sha == _NULL_SHA else old_sha, "" if new_sha == _NULL_SHA else new_sha,
                      hunks, binary)


def diff_commits(repo: Repository, commits: Sequence[Commit], pathspecs: Sequence[str]) -> dict[str, tuple[FileChange, ...]]:
    """Every commit's changes under `pathspecs`, from one `git diff-tree --stdin` process."""
    if not commits:
        return {}
    output = _checked([*DIFF_TREE_ARGS, "--", *pathspecs], repo.root, diff_tree_input(commits))
    return parse_diff_tree(output)


# ---------------------------------------------------------------- cat-file


def parse_cat_file(output: bytes) -> dict[str, bytes | None]:
    """`git cat-file --batch` output -> sha -> the blob's bytes (None when git says `missing`)."""
    blobs: dict[str, bytes | None] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode("ascii", "replace").split(" ")
        position = end + 1
        if len(header) == 2 and header[1] == "missing":
            blobs[header[0]] = None
            continue
        sha, _, size = header
        blobs[sha] = output[position:position + int(size)]
        position += int(size) + 1  # the content, then a newline
    return blobs


def read_blobs(repo: Repository, shas: Sequence[str]) -> dict[str, bytes | None]:
    """The bytes of each blob, from one `git cat-file --batch` process."""
    if not shas:
        return {}
    return parse_cat_file(_checked(["cat-file", "--batch"], repo.root, "".join(f"{s}\n" for s in shas).encode()))
