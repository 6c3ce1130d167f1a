"""The engine: same results in the same order for any job count, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, modules_after, run_cli

from codesmell.config import Config
from codesmell.run.analyze import analyze_source
from codesmell.run.discovery import SourceFile, discover
from codesmell.run.engine import _BATCH, EngineOptions, analyze_files, batch_size, iter_analyze_files

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


def _many_files(root: Path, count: int) -> list[SourceFile]:
    """`count` small modules of a package (the streaming tests need more files than a batch)."""
    package = root / "many"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for i in range(count):
        (package / f"m{i:04d}.py").write_text(BRANCHY.format(n=i) * (1 + i % 3), encoding="utf-8")
    (package / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    return discover([str(package)], Config())


class _CountingExecutor(ThreadPoolExecutor):
    """A real executor that counts the tasks handed to its `map`, to see how far ahead the engine reads."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.mapped = 0
        self.batches: list[int] = []

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        tasks = list(iterables[0])
        self.mapped += len(tasks)
        self.batches.append(len(tasks))
        return super().map(fn, tasks, **kwargs)


class _WideExecutor(_CountingExecutor):
    """As a big cluster reports it: 1,000 items in flight keep its workers busy."""

    capacity = 1000


def test_iterator_yields_the_list_in_input_order_across_batches_and_cache_hits(tmp_path: Path) -> None:
    sources = _many_files(tmp_path, 2 * _BATCH + 37)
    expected = analyze_files(sources, EngineOptions(jobs=1))
    assert [r.path for r in expected] == [s.path for s in sources]
    cached = EngineOptions(jobs=2, cache_root=tmp_path)
    analyze_files(sources[::3], cached)  # a third of the files in the cache, spread over the run
    seen: list[tuple[int, int]] = []
    streamed = list(iter_analyze_files(sources, cached, progress=lambda done, total: seen.append((done, total))))
    assert streamed == expected
    assert seen[0] == (0, len(sources)) and seen[-1] == (len(sources), len(sources))
    assert [done for done, _ in seen] == list(range(len(sources) + 1))


def test_the_engine_reads_a_bounded_window_ahead_of_what_it_yields(tmp_path: Path) -> None:
    sources = _many_files(tmp_path, 4 * _BATCH)
    expected = analyze_files(sources, EngineOptions(jobs=1))
    with _CountingExecutor() as executor:
        results = iter_analyze_files(sources, EngineOptions(jobs=1), executor=executor)
        first = next(results)
        assert executor.mapped <= 2 * _BATCH  # two batches, not the whole tree, wait in the executor
        assert [first, *results] == expected
        assert executor.mapped == len(sources)  # every file once, in batches


def test_batches_grow_with_what_the_executor_keeps_busy(tmp_path: Path) -> None:
    """Two batches of 128 would leave most of a 64-worker cluster idle at every batch's tail."""
    assert batch_size(None) == batch_size(ThreadPoolExecutor(1)) == _BATCH
    assert batch_size(_WideExecutor()) == 500
    sources = _many_files(tmp_path, 1200)
    expected = analyze_files(sources, EngineOptions(jobs=1))
    with _WideExecutor() as executor:
        results = iter_analyze_files(sources, EngineOptions(jobs=1), executor=executor)
        first = next(results)
        assert executor.mapped <= 1000  # two batches of 500 wait in the executor, not the whole tree
        assert [first, *results] == expected
    assert executor.batches[:2] == [500, 500] and sum(executor.batches) == len(sources)
