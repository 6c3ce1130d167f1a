"""The git plumbing's parsers on real git output, including content that looks like diff headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesmell.history.gitlog import (
    Commit,
    HistoryError,
    diff_commits,
    list_commits,
    list_tree,
    open_repository,
    parse_cat_file,
    read_blobs,
    unquote,
)
from tests.history.gitrepo import Repo


def test_hunks_renames_and_binaries_of_each_commit(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2022-01-01", "ann", {"a.py": "x = 1\n-- 1\ny = 2\n", "b.py": "b = 1\n" * 20,
                                              "img.py": b"\x00\x01"})
    repo.git("mv", "b.py", "c.py")
    repo.commit("two", "2022-01-02", "bob", {"a.py": "x = 1\n++ 1\n++ 2\ny = 2\n", "c.py": "b = 1\n" * 19 + "b = 2\n",
                                              "img.py": b"\x00\x02"})
    git_repo = open_repository(repo.root)
    commits = list_commits(git_repo, None, None, ["."])
    assert [c.sha for c in commits] == repo.shas
    assert commits[0].parent == "" and commits[1].parent == repo.shas[0]
    assert (commits[1].author, commits[1].email, commits[1].date) == ("Bob", "bob@example.invalid",
                                                                      "2022-01-02T12:00:00+00:00")
    changes = diff_commits(git_repo, commits, ["."])
    first = {c.new_path: c for c in changes[repo.shas[0]]}
    assert first["a.py"].status == "A" and first["a.py"].hunks == ((0, 0, 1, 3),)
    second = {c.new_path: c for c in changes[repo.shas[1]]}
    # the removed line `-- 1` shows as `--- 1`, the added `++ 1` as `+++ 1`: still content, not headers
    assert second["a.py"].hunks == ((2, 1, 2, 2),)
    assert (second["c.py"].status, second["c.py"].old_path, second["c.py"].hunks) == ("R", "b.py", ((20, 1, 20, 1),))
    assert second["img.py"].binary and second["img.py"].hunks == ()
    blobs = read_blobs(git_repo, [second["a.py"].new_sha, "0" * 39 + "1"])
    assert blobs[second["a.py"].new_sha] == b"x = 1\n++ 1\n++ 2\ny = 2\n"
    assert blobs["0" * 39 + "1"] is None
    assert sorted(e.path for e in list_tree(git_repo, repo.shas[0], ["."])) == ["a.py", "b.py", "img.py"]


def test_since_and_max_count_choose_the_window(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    for day in range(1, 5):
        repo.commit(f"c{day}", f"2022-01-0{day}", "ann", {"a.py": f"x = {day}\n"})
    git_repo = open_repository(repo.root)
    assert [c.sha for c in list_commits(git_repo, "2022-01-03", None, ["."])] == repo.shas[2:]
    assert [c.sha for c in list_commits(git_repo, None, 1, ["."])] == repo.shas[3:]


def test_cat_file_output_with_newlines_inside_blobs() -> None:
    output = b"aaa blob 4\nx\ny\n\nbbb missing\nccc blob 0\n\n"
    assert parse_cat_file(output) == {"aaa": b"x\ny\n", "bbb": None, "ccc": b""}


def test_quoted_names_are_unquoted() -> None:
    assert unquote('"a\\tb.py"') == "a\tb.py"
    assert unquote('"caf\\303\\251.py"') == "café.py"
    assert unquote("plain.py") == "plain.py"


def test_no_repository_no_commits(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="not inside a git repository"):
        open_repository(tmp_path)
    Repo(tmp_path / "empty")
    with pytest.raises(HistoryError, match="no commits yet"):
        open_repository(tmp_path / "empty")


def test_commit_is_a_plain_value() -> None:
    assert Commit("a", "", "d", 0, "n", "e") == Commit("a", "", "d", 0, "n", "e")
