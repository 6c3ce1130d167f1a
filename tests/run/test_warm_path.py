"""The warm path: what it imports, and the shortcuts discovery takes matching the long way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, modules_after

from codesmell.run.discovery import _Memo

HEAVY = ("libcst", "networkx", "community", "jinja2", "rich", "codesmell.graph.model", "concurrent.futures.process",
         "codesmell.run.analyze")


def test_warm_metrics_and_check_import_nothing_heavy(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.codesmell]\n", encoding="utf-8")
    (tmp_path / "one.py").write_text("def f(a):\n    if a:\n        return 1\n    return 2\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for command, heavy in ((["metrics", "--format", "json"], (*HEAVY, "codesmell.rules.gate")), (["check"], HEAVY)):
        subprocess.run([sys.executable, "-m", "codesmell", *command, "one.py"], cwd=tmp_path, env=env, check=False)
        modules, stderr = modules_after([*command, "one.py"], tmp_path)
        assert "analysed=0" in stderr, stderr
        assert "codesmell.run.engine" in modules
        loaded = {m for m in modules for name in heavy if m == name or m.startswith(name + ".")}
        assert not loaded, f"warm {command[0]} imported {sorted(loaded)}"


def test_help_and_other_commands_still_get_all_their_options(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "codesmell", *args], cwd=tmp_path, env=env, capture_output=True, text=True
        ).stdout

    top = run("--help")
    for command in ("metrics", "check", "graph", "report", "explain", "suggest", "extract"):
        assert command in top
    assert "--resolution" in run("graph", "--help")
    assert "--resolution" in run("report", "--help")
    assert "--select" in run("check", "--help")


def test_memo_realpath_matches_os_realpath(tmp_path: Path) -> None:
    real = tmp_path / "real" / "pkg"
    real.mkdir(parents=True)
    (real / "mod.py").write_text("x = 1\n", encoding="utf-8")
    links = tmp_path / "links" / "deep"
    links.mkdir(parents=True)
    (links / "absolute.py").symlink_to(real / "mod.py")
    (links / "relative.py").symlink_to(Path("..", "..", "real", "pkg", "mod.py"))
    (links / "chain.py").symlink_to("relative.py")
    (links / "dir").symlink_to(real)
    (links / "dangling.py").symlink_to(tmp_path / "missing.py")
    (links / "loop_a.py").symlink_to("loop_b.py")
    (links / "loop_b.py").symlink_to("loop_a.py")
    (tmp_path / "links" / "up").symlink_to(links)
    memo = _Memo()
    paths = [
        links / "absolute.py",
        links / "relative.py",
        links / "chain.py",
        links / "dir" / "mod.py",
        links / "dangling.py",
        links / "loop_a.py",
        tmp_path / "links" / "up" / "relative.py",
        tmp_path / "links" / "up" / ".." / "deep" / "chain.py",
        real / "mod.py",
    ]
    for path in paths * 2:  # the second time from what the memo learnt
        assert memo.realpath(os.fspath(path)) == os.path.realpath(path), path
