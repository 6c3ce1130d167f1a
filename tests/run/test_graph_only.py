"""The graph-only analysis `codesmell graph` asks for: the same facts, no metrics, its own cache entries."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from codesmell.api import module_graph
from codesmell.config import Config
from codesmell.output.graph import render
from codesmell.run.analyze import analyze_source
from codesmell.run.cache import ResultCache
from codesmell.run.discovery import discover
from codesmell.run.engine import EngineOptions, analyze_files, graph_only

FIXTURES = REPO / "fixtures"
PLANTED = FIXTURES / "planted_communities"


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py"))


def test_graph_facts_are_those_of_the_full_analysis_and_no_function_is_measured() -> None:
    paths = _files(PLANTED) + _files(FIXTURES / "long_methods")
    assert len(paths) > 20
    for path in paths:
        data = path.read_bytes()
        full = analyze_source(data, str(path), path.stem, path.name == "__init__.py", with_graph=True)
        only = analyze_source(data, str(path), path.stem, path.name == "__init__.py", with_graph=True,
                              with_metrics=False)
        assert full.graph is not None and only.graph is not None, path
        # the same facts, but for the imports' positions, which only the architecture gate reads
        unplaced = tuple(dataclasses.replace(fact, line=0, col=0) for fact in full.graph.imports)
        assert only.graph == dataclasses.replace(full.graph, imports=unplaced), path
        assert (only.errors, only.sha256, only.lines) == (full.errors, full.sha256, full.lines)
        assert only.functions == () and only.noqa == () and only.maintainability is None
    assert any(analyze_source(p.read_bytes(), str(p), with_graph=True).functions for p in paths)


def test_a_bad_file_gets_the_same_error_either_way() -> None:
    for data in (b"def broken(:\n", b"x = 1\n\xff\xfe\n", b"[" * 300 + b"]" * 300 + b"\n"):
        full = analyze_source(data, "bad.py", "bad", with_graph=True)
        only = analyze_source(data, "bad.py", "bad", with_graph=True, with_metrics=False)
        assert full.errors and only.errors == full.errors, data[:20]
        assert only.graph is None


def test_an_analysis_must_ask_for_something() -> None:
    with pytest.raises(ValueError, match="graph facts"):
        EngineOptions(with_graph=False, with_metrics=False)


def _run(*args: str, cwd: Path) -> tuple[str, str]:
    """`codesmell ARGS` with the cache on; its stdout and the engine's count of cached and analysed files."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", CODESMELL_STATS="1")
    done = subprocess.run([sys.executable, "-m", "codesmell", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode in (0, 1), done.stderr
    stats = next(line for line in done.stderr.splitlines() if line.startswith("codesmell-stats:"))
    return done.stdout, stats.split(" ", 2)[2]


def _copy_of_planted(root: Path) -> int:
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.codesmell]\n", encoding="utf-8")
    for path in _files(PLANTED):
        target = root / path.relative_to(PLANTED)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return len(_files(root))


def test_graph_runs_keep_their_own_entries_and_use_a_full_runs(tmp_path: Path) -> None:
    """A cold graph run stores graph-only entries; metrics cannot use them; a graph run after report parses nothing."""
    count = _copy_of_planted(tmp_path / "a")
    cold, stats = _run("graph", "--format", "json", ".", cwd=tmp_path / "a")
    assert stats == f"cached=0 analysed={count}"
    warm, stats = _run("graph", "--format", "json", ".", cwd=tmp_path / "a")
    assert stats == f"cached={count} analysed=0" and warm == cold
    _, stats = _run("metrics", "--format", "json", ".", cwd=tmp_path / "a")
    assert stats == f"cached=0 analysed={count}"  # a graph-only entry has no functions to give

    _copy_of_planted(tmp_path / "b")
    _, stats = _run("report", ".", "-o", str(tmp_path / "report.html"), cwd=tmp_path / "b")
    assert stats == f"cached=0 analysed={count}"
    after_report, stats = _run("graph", "--format", "json", ".", cwd=tmp_path / "b")
    assert stats == f"cached={count} analysed=0" and after_report == cold


def test_module_graph_of_paths_equals_the_graph_of_full_results() -> None:
    config = Config(root=str(PLANTED))
    full = analyze_files(discover([str(PLANTED)], config), EngineOptions(jobs=1, with_graph=True))
    assert any(result.functions for result in full)
    from_paths = module_graph([PLANTED], config=config)
    assert render(from_paths, "json") == render(module_graph(full), "json")


def test_a_full_entry_served_to_a_graph_run_keeps_nothing_of_its_functions(tmp_path: Path) -> None:
    """The fallback to a full entry gives what a graph-only analysis gives: not the functions' JSON either."""
    path = FIXTURES / "long_methods" / "invoicing" / "pricing.py"
    data = path.read_bytes()
    full = ResultCache(tmp_path).store("0" * 64, analyze_source(data, str(path), "invoicing.pricing", with_graph=True))
    assert full.functions and full.encoded is not None
    served = graph_only(full)
    assert served == dataclasses.replace(full, functions=(), noqa=(), maintainability=None)
    assert served.encoded is None and served.graph == full.graph
