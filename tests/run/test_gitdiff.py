"""`check --diff REF` against real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from codesmell.run.gitdiff import GitError, changed_lines, parse_unified_diff

GIT_ENV = {
    "GIT_AUTHOR_NAME": "codesmell tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "codesmell tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`codesmell check` with every code selected: the per-metric CSM101 of these plain functions."""
    return subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", "--select", "CSM", *args],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV},
    )


def only_line(stdout: str) -> str:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    return lines[0]


def body(name: str, lines: int, step: int = 1) -> str:
    return f"def {name}(x):\n" + "".join(f"    x = x + {i * step}\n" for i in range(lines)) + "    return x\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed file with two long functions, `alpha` (lines 1-24) and `beta` (27-50)."""
    git(tmp_path, "init", "-q")
    (tmp_path / "mod.py").write_text(body("alpha", 22) + "\n\n" + body("beta", 22))
    git(tmp_path, "add", "mod.py")
    git(tmp_path, "commit", "-q", "-m", "legacy")
    return tmp_path


def test_only_the_touched_function_is_reported(repo: Path) -> None:
    lines = (repo / "mod.py").read_text().splitlines(keepends=True)
    lines[40] = "    x = x + 1000\n"  # inside beta
    (repo / "mod.py").write_text("".join(lines))
    done = run(repo, "--diff", "HEAD", ".")
    assert done.returncode == 1
    assert only_line(done.stdout).startswith("mod.py:27:1: CSM101 long function 'beta': SLOC 24 > 20 (warning)")
    assert run(repo, ".").stdout.count("CSM101") == 2  # without --diff both are there


def test_unchanged_tree_passes_and_edits_outside_functions_do_not_count(repo: Path) -> None:
    assert run(repo, "--diff", "HEAD", ".").returncode == 0
    (repo / "mod.py").write_text("import os\n" + (repo / "mod.py").read_text())
    done = run(repo, "--diff", "HEAD", ".")
    assert (done.returncode, done.stdout) == (0, "")


def test_deleting_lines_inside_a_function_touches_it(repo: Path) -> None:
    lines = (repo / "mod.py").read_text().splitlines(keepends=True)
    del lines[5]  # a line of alpha
    (repo / "mod.py").write_text("".join(lines))
    done = run(repo, "--diff", "HEAD", ".")
    assert [line.split(":")[0:2] for line in done.stdout.splitlines()] == [["mod.py", "1"]]


def test_untracked_file_counts_as_all_new_and_commits_since_ref_count(repo: Path) -> None:
    (repo / "sub dir").mkdir()
    (repo / "sub dir" / "new file.py").write_text(body("gamma", 21))
    done = run(repo, "--diff", "HEAD", ".")
    assert only_line(done.stdout).startswith("sub dir/new file.py:1:1: CSM101 long function 'gamma': SLOC 23")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add gamma")
    assert run(repo, "--diff", "HEAD", ".").stdout == ""
    assert "gamma" in run(repo, "--diff", "HEAD~1", ".").stdout


def test_diff_from_a_subdirectory_path(repo: Path) -> None:
    (repo / "pkg").mkdir()
    (repo / "pkg" / "m.py").write_text(body("delta", 21))
    done = run(repo / "pkg", "--diff", "HEAD", "m.py")
    assert only_line(done.stdout).startswith("m.py:1:1: CSM101 long function 'delta': SLOC 23 > 20 (warning)")


def test_not_a_repository_exits_2(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(body("alpha", 22))
    done = run(tmp_path, "--diff", "HEAD", ".")
    assert done.returncode == 2
    assert "is not inside a git repository" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5", "--output=x"])
def test_unknown_ref_exits_2(repo: Path, ref: str) -> None:
    done = run(repo, f"--diff={ref}", ".")
    assert done.returncode == 2
    assert f"--diff {ref}:" in done.stderr
    assert not (repo / "x").exists()


def test_changed_lines_api(repo: Path) -> None:
    (repo / "mod.py").write_text((repo / "mod.py").read_text().replace("x + 3\n", "x + 33\n", 1))
    changed = changed_lines("HEAD", repo)
    assert changed.files == {os.path.realpath(repo / "mod.py"): frozenset({5})}
    assert changed.touches(str(repo / "mod.py"), 1, 24)
    assert not changed.touches(str(repo / "mod.py"), 27, 50)
    with pytest.raises(GitError):
        changed_lines("HEAD", repo.parent)


def test_parse_unified_diff() -> None:
    diff = (
        b"diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n"
        b"@@ -3 +3 @@ def f():\n-x\n+y\n"
        b"@@ -10,2 +11,3 @@\n+a\n+b\n+c\n"
        b"@@ -20,4 +22,0 @@\n-gone\n"
        b"diff --git a/old.py b/old.py\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        b'diff --git "a/t\\303\\251.py" "b/t\\303\\251.py"\n--- "a/t\\303\\251.py"\n+++ "b/t\\303\\251.py"\n'
        b"@@ -0,0 +1 @@\n+x\n"
    )
    assert parse_unified_diff(diff) == {
        "a.py": frozenset({3, 11, 12, 13, 22}),
        "t\u00e9.py": frozenset({1}),
    }
