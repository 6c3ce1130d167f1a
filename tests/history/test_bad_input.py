"""Bad input for `codesmell history`: each case a clear message, and the rest of the history goes on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.history.gitrepo import BASE_ENV, CORE_1, CORE_2, Repo, git

REPO_ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def history(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **BASE_ENV, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "codesmell", "history", "--jobs", "1", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def functions_of(done: subprocess.CompletedProcess[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    import json

    return {f"{f['path']}:{f['qualname']}": f for f in json.loads(done.stdout)["functions"]}


def test_a_path_outside_any_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def f():\n    return 1\n")
    done = history(tmp_path, ".")
    assert done.returncode == 2
    assert "is not inside a git repository: there is no history to read" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_repository_without_commits_is_a_usage_error(tmp_path: Path) -> None:
    Repo(tmp_path / "empty")
    done = history(tmp_path / "empty", ".")
    assert done.returncode == 2 and "has no commits yet" in done.stderr


def test_a_revision_whose_file_does_not_parse_keeps_the_last_figures_and_goes_on(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2021-01-01", "ann", {"a.py": CORE_1, "b.py": "def k():\n    return 1\n"})
    broken = repo.commit("two: broken", "2021-02-01", "bob", {"a.py": CORE_1 + "def broken(:\n",
                                                                "b.py": "def k():\n    return 2\n"})
    repo.commit("three: fixed", "2021-03-01", "ann", {"a.py": CORE_2})
    done = history(repo.root, ".", "--format", "json")
    assert done.returncode == 0, done.stderr  # the newest revision parses
    assert f"{broken[:12]} a.py: CSM901" in done.stderr
    assert "this commit's changes are not mapped to functions" in done.stderr
    functions = functions_of(done)
    assert [p["sloc"] for p in functions["a.py:f"]["series"]] == [4, 6]  # before and after the gap
    assert functions["a.py:f"]["churn"]["commits"] == 2  # the broken revision's hunks are not mapped
    assert functions["b.py:k"]["churn"]["commits"] == 2  # the other file of that commit is counted
    modules = {m["path"]: m for m in __import__("json").loads(done.stdout)["modules"]}
    assert [p["error"] for p in modules["a.py"]["series"]] == ["", "CSM901", ""]


def test_a_newest_revision_that_does_not_parse_exits_1(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2021-01-01", "ann", {"a.py": CORE_1})
    repo.commit("two", "2021-02-01", "ann", {"a.py": "print 'python 2'\n"})
    done = history(repo.root, ".")
    assert done.returncode == 1
    assert "a.py: CSM901" in done.stderr


def test_a_binary_file_named_py_is_reported_once_and_the_rest_goes_on(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2021-01-01", "ann", {"a.py": CORE_1, "logo.py": PNG})
    repo.commit("two", "2021-02-01", "bob", {"a.py": CORE_2, "logo.py": PNG + b"\x00more"})
    done = history(repo.root, ".", "--format", "json")
    assert done.returncode == 1  # the newest revision holds a file that cannot be analysed
    assert done.stderr.count("logo.py: CSM903") == 2  # each distinct blob once
    assert functions_of(done)["a.py:f"]["churn"]["commits"] == 2


def test_a_submodule_is_named_and_not_followed(tmp_path: Path) -> None:
    inner = Repo(tmp_path / "inner")
    inner.commit("inner", "2021-01-01", "ann", {"x.py": "def inside():\n    return 1\n"})
    repo = Repo(tmp_path / "outer")
    repo.commit("one", "2021-01-01", "ann", {"a.py": CORE_1})
    git(repo.root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "vendor/inner")
    repo.commit("two: submodule", "2021-02-01", "ann", {"a.py": CORE_2})
    done = history(repo.root, ".", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "vendor/inner is a git submodule" in done.stderr and "its history is not read" in done.stderr
    functions = functions_of(done)
    assert not any(name.startswith("vendor/") for name in functions)
    assert functions["a.py:f"]["churn"]["commits"] == 2


def test_a_shallow_clone_says_where_its_history_starts_and_counts_no_churn_there(tmp_path: Path) -> None:
    origin = Repo(tmp_path / "origin")
    origin.commit("one", "2021-01-01", "ann", {"a.py": CORE_1})
    origin.commit("two", "2021-02-01", "bob", {"a.py": CORE_2})
    third = origin.commit("three", "2021-03-01", "cy", {"a.py": CORE_2.replace("return 5", "return 7")})
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin.root}", "clone")
    done = history(tmp_path / "clone", ".", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "shallow clone: the history before" in done.stderr and "git fetch --unshallow" in done.stderr
    f = functions_of(done)["a.py:f"]
    # the boundary (commit two) is the starting point; only commit three's change counts
    assert f["churn"]["commits"] == 1 and f["churn"]["last_commit"] == third
    assert [p["sloc"] for p in f["series"]] == [6]


def test_a_symbolic_link_named_py_is_named_and_skipped(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write({"a.py": CORE_1})
    os.symlink("a.py", repo.root / "alias.py")
    repo.commit("one", "2021-01-01")
    done = history(repo.root, ".", "--format", "json")
    assert "alias.py is a symbolic link in git: not followed" in done.stderr
    assert set(functions_of(done)) == {"a.py:f", "a.py:g", "a.py:C.m"}
