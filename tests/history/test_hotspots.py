"""The hotspot score, findings that say their churn, and the commands that read history for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codesmell.history.hotspots import sort_by_hotspot
from codesmell.model import Finding
from codesmell.rules.verdict import CHURN_HALF, churn_note, churn_weight, hotspot
from tests.conftest import tangled
from tests.history.gitrepo import BASE_ENV, CORE_1, Repo

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_hotspot_is_priority_times_the_churn_weight() -> None:
    assert CHURN_HALF == 4
    assert churn_weight(0) == 0.0 and churn_weight(4) == 0.5 and churn_weight(12) == 0.75
    assert hotspot(60.0, 0) == 0.0  # critical, never changed: it can wait
    assert hotspot(60.0, 4) == 30.0
    assert hotspot(35.0, 12) == 26.3  # 35 * 0.75 = 26.25, half up
    assert hotspot(35.0, 12) > hotspot(60.0, 1)  # a warning changed all the time beats a critical changed once


def test_churn_note_in_words() -> None:
    assert churn_note(3, 1, "2024-01-01", 25.1) == "changed in 3 commits by 1 author since 2024-01-01 (hotspot 25.1)"
    assert churn_note(0, 0, None, 0.0) == "not changed (hotspot 0)"


def test_sort_by_hotspot_puts_file_errors_first_then_hotspot_then_priority() -> None:
    def finding(name: str, hot: float, prio: float, severity: str = "warning") -> Finding:
        return Finding("a.py", 1, 0, "CSM100", name, severity, name, extra={"hotspot": hot, "priority": prio})

    order = sort_by_hotspot([finding("a", 10, 40), finding("b", 20, 30), finding("c", 10, 45),
                             finding("e", 0, 0, "error")])
    assert [f.message for f in order] == ["e", "b", "c", "a"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """`busy` (a warning) changed in three commits, `still` (critical) in one, `small` ok."""
    repo = Repo(tmp_path_factory.mktemp("hot") / "repo")
    busy, still = tangled("busy", 5), tangled("still", 13)
    repo.commit("one", "2021-01-01", "ann", {"m.py": busy + "\n\n" + still + "\n\n" + CORE_1})
    for n, author in ((2, "bob"), (3, "cy")):
        busy = busy.replace(f"if x > {n - 2}:", f"if x > {n + 10}:")
        repo.commit(f"c{n}", f"2021-0{n}-01", author, {"m.py": busy + "\n\n" + still + "\n\n" + CORE_1})
    return repo


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **BASE_ENV, "PYTHONPATH": str(REPO_ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "codesmell", *args, "--jobs", "1"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_metrics_churn_since_adds_churn_and_hotspot_after_priority(project: Repo) -> None:
    done = cli(project.root, "metrics", ".", "--format", "json", "--churn-since", "2020-12-01")
    assert done.returncode == 0, done.stderr
    functions = {f["qualname"]: f for f in json.loads(done.stdout)["files"][0]["functions"]}
    assert list(functions["busy"])[-3:] == ["priority", "churn", "hotspot"]
    assert functions["busy"]["churn"] == {"commits": 3, "authors": 3}
    assert functions["still"]["churn"] == {"commits": 1, "authors": 1}
    assert functions["busy"]["hotspot"] == hotspot(functions["busy"]["priority"], 3)
    plain = cli(project.root, "metrics", ".", "--format", "json")
    assert "churn" not in plain.stdout and "hotspot" not in plain.stdout


def test_metrics_churn_since_needs_json(project: Repo) -> None:
    done = cli(project.root, "metrics", ".", "--churn-since", "2020-12-01")
    assert done.returncode == 2 and "--churn-since adds" in done.stderr


def test_check_sort_hotspot_puts_the_often_changed_warning_first_and_says_why(project: Repo) -> None:
    by_priority = cli(project.root, "check", ".", "--sort", "priority")
    assert [line.split("'")[1] for line in by_priority.stdout.splitlines()] == ["still", "busy"]
    by_hotspot = cli(project.root, "check", ".", "--sort", "hotspot", "--churn-since", "2020-12-01")
    lines = by_hotspot.stdout.splitlines()
    assert [line.split("'")[1] for line in lines] == ["busy", "still"]
    assert lines[0].endswith("; changed in 3 commits by 3 authors since 2020-12-01 (hotspot "
                             f"{hotspot(float(json_priority(project, 'busy')), 3)})")
    assert by_hotspot.returncode == 1  # the gate is the same: history only orders and explains


def json_priority(project: Repo, name: str) -> float:
    done = cli(project.root, "check", ".", "--format", "json")
    return next(f["priority"] for f in json.loads(done.stdout)["findings"] if f["qualname"] == name)


def test_check_outside_a_repository_with_sort_hotspot_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def f():\n    return 1\n")
    done = cli(tmp_path, "check", ".", "--sort", "hotspot")
    assert done.returncode == 2 and "not inside a git repository" in done.stderr
