"""The engine: same results in the same order for any job count, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, modules_after, run_cli

from codesmell.run.analyze import analyze_source

BRANCHY = "def f{n}(a, b):\n    if a and b:\n        return [x for x in a if x]\n    while b:\n        b -= 1\n    return a\n"


def _project(root: Path, files: int = 30) -> Path:
    """A small package with files of very different sizes, so workers finish out of order."""
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg import m0\n", encoding="utf-8")
    for i in range(files):
        body = "".join(BRANCHY.format(n=k) for k in range(1 + (i * 7) % 23))
        (package / f"m{i}.py").write_text(f"import pkg.m{(i + 1) % files}\n" + body, encoding="utf-8")
    (package / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("command", [["metrics", "--format", "json"], ["check", "--format", "json"]])
def test_jobs_1_and_2_give_byte_identical_output(tmp_path: Path, command: list[str]) -> None:
    root = _project(tmp_path)
    one = run_cli(*command, "--no-cache", "--jobs", "1", "pkg", cwd=root, check=True)
    two = run_cli(*command, "--no-cache", "--jobs", "2", "pkg", cwd=root, check=True)
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout
    paths = [f["path"] for f in json.loads(one.stdout)["files"]] if command[0] == "metrics" else None
    if paths is not None:
        assert paths == sorted(paths)
        assert len(paths) == 32


def test_graph_json_identical_for_jobs_1_and_2(tmp_path: Path) -> None:
    root = _project(tmp_path, files=12)
    one = run_cli("graph", "--format", "json", "--no-cache", "--jobs", "1", "pkg", cwd=root)
    assert one.returncode in (0, 1), one.stderr
    two = run_cli("graph", "--format", "json", "--no-cache", "--jobs", "2", "pkg", cwd=root)
    assert one.stdout == two.stdout


def test_check_on_one_file_does_not_import_the_graph_stack(tmp_path: Path) -> None:
    (tmp_path / "one.py").write_text(BRANCHY.format(n=1), encoding="utf-8")
    modules, _ = modules_after(["check", "--no-cache", "one.py"], tmp_path)
    assert "codesmell.run.engine" in modules  # the run did happen
    for heavy in ("networkx", "community", "community.community_louvain", "jinja2", "codesmell.graph.facts"):
        assert heavy not in modules, f"`codesmell check one.py` imported {heavy}"


def test_metrics_does_not_import_the_graph_stack(tmp_path: Path) -> None:
    (tmp_path / "one.py").write_text(BRANCHY.format(n=1), encoding="utf-8")
    modules, _ = modules_after(["metrics", "--no-cache", "--format", "json", "one.py"], tmp_path)
    assert "networkx" not in modules
    assert "community" not in modules


def test_importtime_of_check_lists_no_networkx(tmp_path: Path) -> None:
    (tmp_path / "one.py").write_text(BRANCHY.format(n=1), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "codesmell", "check", "--no-cache", "one.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr[-500:]
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "codesmell.cli" in imported
    assert not {m for m in imported if m.split(".")[0] in ("networkx", "community")}


def test_analyze_source_is_deterministic() -> None:
    text = (REPO / "codesmell" / "run" / "engine.py").read_bytes()
    assert analyze_source(text, "engine.py", "codesmell.run.engine") == analyze_source(
        text, "engine.py", "codesmell.run.engine"
    )
