"""Lines changed since a git ref, so `check --diff REF` judges a pull request on what it touched.

We ask git for a zero-context diff of the working tree against REF and keep only
the new-side line numbers of each hunk; untracked files are new in every line.
Paths come back absolute and resolved, so they compare with whatever relative
spelling the analysed paths had.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


class GitError(Exception):
    """Not a git repository, an unknown ref, or git itself missing; the CLI exits 2."""


ALL_LINES = None  # marker value in `ChangedLines.files`: the whole file is new

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    """Per resolved file path: the changed line numbers, or None when every line is new."""

    files: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def touches(self, path: str, first: int, last: int) -> bool:
        """Whether any line in [first, last] of `path` changed."""
        key = _resolve(path)
        if key not in self.files:
            return False
        lines = self.files[key]
        if lines is None:
            return True
        return any(first <= line <= last for line in lines)

    def file_changed(self, path: str) -> bool:
        return _resolve(path) in self.files


def _resolve(path: str | Path) -> str:
    return os.path.realpath(path)


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("--diff needs git, which is not on PATH") from exc


def _unquote(raw: bytes) -> str:
    """Undo git's C-style quoting of unusual file names (`"a\\tb.py"`)."""
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = raw[1:-1].decode("unicode_escape").encode("latin-1")
    return os.fsdecode(raw)


def parse_unified_diff(diff: bytes) -> dict[str, frozenset[int]]:
    """`git diff -U0` output -> {path as git prints it: new-side changed lines}.

    A pure deletion (`+c,0`) marks line c, the line the removed text followed,
    so deleting lines inside a function still counts as touching it.
    """
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith(b"+++ "):
            target = line[4:].rstrip(b"\t")
            if target == b"/dev/null":
                current = None  # a deleted file has nothing left to check
                continue
            name = _unquote(target)
            name = name[2:] if name.startswith("b/") else name
            current = changed.setdefault(name, set())
        elif line.startswith(b"@@") and current is not None:
            match = _HUNK.match(line.decode("ascii", "replace"))
            if not match:
                continue
            start, count = int(match.group(1)), int(match.group(2) or 1)
            if count == 0:
                if start > 0:
                    current.add(start)
            else:
                current.update(range(start, start + count))
    return {name: frozenset(lines) for name, lines in changed.items()}


def _repository(ref: str, where: Path) -> tuple[Path, str]:
    """(top directory of the repository holding `where`, the commit `ref` names)."""
    where = where if where.is_dir() else where.parent
    top = _git(["rev-parse", "--show-toplevel"], where)
    if top.returncode != 0:
        raise GitError(f"--diff {ref}: {where.resolve()} is not inside a git repository")
    root = Path(os.fsdecode(top.stdout.strip()))
    if ref.startswith("-"):
        raise GitError(f"--diff {ref}: not a git revision")
    verify = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if verify.returncode != 0:
        raise GitError(f"--diff {ref}: unknown git revision (is it fetched? CI checkouts are often shallow)")
    return root, verify.stdout.decode().strip()


def blobs_at(ref: str, where: Path, paths: Sequence[str]) -> dict[str, bytes]:
    """The contents at `ref` of the files `paths`, keyed by resolved path.

    Read from git's object store (`ls-tree`, `cat-file --batch`), never by checking
    anything out, so the working tree is untouched. A file absent at `ref` is left out.
    """
    root, commit = _repository(ref, where)
    top = os.path.realpath(root)
    wanted: dict[str, str] = {}
    for path in paths:
        real = _resolve(path)
        rel = os.path.relpath(real, top).replace(os.sep, "/")
        if not rel.startswith("../"):
            wanted[rel] = real
    if not wanted:
        return {}
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit], root)
    if listing.returncode != 0:
        raise GitError(f"git ls-tree {ref} failed: {listing.stderr.decode(errors='replace').strip()}")
    ids: dict[str, str] = {}
    for entry in listing.stdout.split(b"\0"):
        meta, _, raw_name = entry.partition(b"\t")
        fields = meta.split()
        name = os.fsdecode(raw_name)
        if len(fields) == 3 and fields[1] == b"blob" and name in wanted:
            ids[wanted[name]] = fields[2].decode("ascii")
    if not ids:
        return {}
    try:
        batch = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, capture_output=True, check=False,
            input="".join(oid + "\n" for oid in ids.values()).encode("ascii"),
        )
    except FileNotFoundError as exc:
        raise GitError("--diff needs git, which is not on PATH") from exc
    if batch.returncode != 0:
        raise GitError(f"git cat-file failed: {batch.stderr.decode(errors='replace').strip()}")
    blobs: dict[str, bytes] = {}
    out, at = batch.stdout, 0
    for real in ids:  # one `<oid> blob <size>` header, the bytes and a newline per object, in order
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        blobs[real] = out[end + 1 : end + 1 + size]
        at = end + 2 + size
    return blobs


def changed_lines(ref: str, where: Path) -> ChangedLines:
    """Lines of the working tree that differ from `ref`, for the repository holding `where`."""
    root, commit = _repository(ref, where)
    diff = _git(
        ["diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/",
         "--dst-prefix=b/", commit, "--"],
        root,
    )
    if diff.returncode != 0:
        raise GitError(f"git diff {ref} failed: {diff.stderr.decode(errors='replace').strip()}")
    files: dict[str, frozenset[int] | None] = {
        _resolve(root / name): lines for name, lines in parse_unified_diff(diff.stdout).items()
    }
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], root)
    if untracked.returncode == 0:
        for raw in untracked.stdout.split(b"\0"):
            if raw:
                files[_resolve(root / os.fsdecode(raw))] = ALL_LINES
    return ChangedLines(files)
