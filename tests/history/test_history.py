"""`codesmell history` on a repository built with known edits: series, churn, renames, windows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codesmell.config import load_config
from codesmell.history.model import FunctionHistory, History
from codesmell.history.run import HistoryOptions, read_history
from tests.history.gitrepo import BASE_ENV, known_edits

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return known_edits(tmp_path_factory.mktemp("known") / "repo")


def history_of(root: Path, **options: object) -> History:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return read_history(["."], load_config(None, start=root), HistoryOptions(jobs=1, **options))  # type: ignore[arg-type]
    finally:
        os.chdir(cwd)


def by_name(history: History) -> dict[str, FunctionHistory]:
    return {f.qualname: f for f in history.functions}


def figures(function: FunctionHistory) -> list[tuple[int, int, int, int]]:
    """(commit number 1-5, sloc, cyclomatic, cognitive) of each point."""
    return [(SHAS.index(p.commit) + 1, p.sloc, p.cyclomatic, p.cognitive) for p in function.series]


SHAS: list[str] = []


def test_churn_counts_the_commits_and_authors_whose_hunks_touch_each_function(repo) -> None:  # type: ignore[no-untyped-def]
    SHAS[:] = repo.shas
    functions = by_name(history_of(repo.root))
    # f: added (1, ann), a branch added (2, bob), a return changed (5, bob); the rename (3) has no hunk
    assert (functions["f"].churn.commits, functions["f"].churn.authors) == (3, 2)
    assert functions["f"].churn.last_commit == repo.shas[4]
    # g and C.m: added (1, ann), edited (4, cy); commit 2 only moved them down
    assert (functions["g"].churn.commits, functions["g"].churn.authors) == (2, 2)
    assert (functions["C.m"].churn.commits, functions["C.m"].churn.authors) == (2, 2)
    assert (functions["h"].churn.commits, functions["h"].churn.authors) == (1, 1)


def test_a_point_where_a_figure_changed_and_only_there(repo) -> None:  # type: ignore[no-untyped-def]
    SHAS[:] = repo.shas
    functions = by_name(history_of(repo.root))
    assert figures(functions["f"]) == [(1, 4, 2, 1), (2, 6, 3, 2)]  # commit 5 changed a constant only
    assert figures(functions["g"]) == [(1, 2, 1, 0)]  # y + 1 -> y + 2: touched, same figures
    assert figures(functions["C.m"]) == [(1, 4, 2, 1), (4, 5, 3, 3)]  # `if` nested in `for`: +2
    assert figures(functions["h"]) == [(5, 2, 1, 0)]
    assert all(p.verdict == "ok" for f in functions.values() for p in f.series)


def test_functions_and_modules_are_followed_across_a_rename(repo) -> None:  # type: ignore[no-untyped-def]
    history = history_of(repo.root)
    assert {f.path for f in history.functions} == {"pkg/engine.py"}
    assert all(f.renamed_from == ("pkg/core.py",) and f.alive for f in history.functions)
    modules = {m.path: m for m in history.modules}
    assert sorted(modules) == ["pkg/__init__.py", "pkg/engine.py"]  # README.md is not Python
    engine = modules["pkg/engine.py"]
    assert engine.module == "pkg.engine" and engine.renamed_from == ("pkg/core.py",)
    assert (engine.churn.commits, engine.churn.authors) == (5, 3)  # the rename is a change of the file
    assert [(p.lines, p.functions, p.function_sloc) for p in engine.series] == [
        (16, 3, 10), (18, 3, 12), (19, 3, 13), (23, 4, 15)]


@pytest.mark.parametrize("window", [{"since": "2020-03-15"}, {"max_count": 2}])
def test_the_window_limits_churn_and_series(repo, window: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    SHAS[:] = repo.shas
    history = history_of(repo.root, **window)
    assert [c.sha for c in history.commits] == repo.shas[3:]
    functions = by_name(history)
    assert {name: f.churn.commits for name, f in functions.items()} == {"f": 1, "g": 1, "C.m": 1, "h": 1}
    assert figures(functions["f"]) == [(4, 6, 3, 2)]  # the figures the window starts with
    assert figures(functions["C.m"]) == [(4, 5, 3, 3)]


def test_a_deleted_function_ends_its_series(tmp_path: Path) -> None:
    repo = known_edits(tmp_path / "repo")
    text = (repo.root / "pkg/engine.py").read_text()
    repo.commit("six: h removed", "2020-06-01", "ann", {"pkg/engine.py": text[: text.index("\n\ndef h")] + "\n"})
    functions = by_name(history_of(repo.root))
    assert not functions["h"].alive and functions["f"].alive
    assert functions["h"].churn.commits == 1  # deleting it touches no line of the new revision


def _cli(root: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **BASE_ENV, "PYTHONPATH": str(REPO_ROOT), "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "codesmell", "history", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_json_is_documented_shape_and_identical_across_hash_seeds_and_cache(repo) -> None:  # type: ignore[no-untyped-def]
    cold = _cli(repo.root, ".", "--format", "json", "--jobs", "1", seed="1")
    warm = _cli(repo.root, ".", "--format", "json", "--jobs", "2", seed="2")
    uncached = _cli(repo.root, ".", "--format", "json", "--no-cache", seed="3")
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == warm.stdout == uncached.stdout
    document = json.loads(cold.stdout)
    assert list(document) == ["repository", "window", "commits", "modules", "functions", "messages"]
    f = next(item for item in document["functions"] if item["qualname"] == "f")
    assert list(f) == ["path", "module", "qualname", "occurrence", "line", "alive", "renamed_from", "churn",
                       "hotspot", "series"]
    assert list(f["series"][0]) == ["commit", "date", "sloc", "cyclomatic", "cognitive", "verdict", "priority"]
    assert f["churn"]["commits"] == 3 and f["series"][0]["date"] == "2020-01-01T12:00:00+00:00"
    assert document["window"]["commits"] == 5 and document["messages"] == []


def test_cli_text_lists_the_changed_functions_by_hotspot(repo) -> None:  # type: ignore[no-untyped-def]
    done = _cli(repo.root, "pkg", "--commits", "5")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("5 commits, 2020-01-01 .. 2020-05-01")
    names = [line.split()[-1] for line in lines[2:]]
    assert names[0] == "f"  # the most changed and the most complex
    assert set(names) == {"f", "g", "C.m", "h"}


def test_an_analysed_file_path_follows_only_that_file(repo) -> None:  # type: ignore[no-untyped-def]
    done = _cli(repo.root, "pkg/engine.py", "--format", "json")
    document = json.loads(done.stdout)
    assert [m["path"] for m in document["modules"]] == ["pkg/engine.py"]


def test_the_python_api_reads_the_same_history(repo) -> None:  # type: ignore[no-untyped-def]
    import codesmell

    cwd = os.getcwd()
    os.chdir(repo.root)
    try:
        history = codesmell.history_paths(["."], since="2020-03-15")
    finally:
        os.chdir(cwd)
    assert [c.sha for c in history.commits] == repo.shas[3:]
    assert {f.qualname: f.churn.commits for f in history.functions} == {"f": 1, "g": 1, "C.m": 1, "h": 1}
