"""The report's Hotspots view: escaped, deterministic SVG and the table of what to split first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from codesmell.config import Config
from codesmell.history.gitlog import Commit
from codesmell.history.model import Churn, FunctionHistory, History, Point
from codesmell.model import FileResult, FunctionMetrics
from codesmell.report.hotspots_view import CORNER, hotspots_view, scatter_svg, sparkline_svg
from tests.history.gitrepo import BASE_ENV
from tests.history.test_hotspots import project  # noqa: F401  (the fixture)

REPO_ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<img src=x onerror="alert(1)">.py'
COMMITS = tuple(Commit(f"{n:040x}", "", f"2021-0{n}-01T00:00:00+00:00", n, "a", "a@x") for n in range(1, 5))


def metrics(name: str, sloc: int, cognitive: int) -> FunctionMetrics:
    return FunctionMetrics(name, name, 1, sloc, 0, 1, sloc, sloc, 0, 0, 0, 1, cognitive, 0, False, False)


def history_with(path: str, name: str, slocs: list[tuple[int, int]], commits: int) -> History:
    series = tuple(Point(COMMITS[i].sha, COMMITS[i].date, sloc, 1, 0, "ok", 5.0) for i, sloc in slocs)
    function = FunctionHistory(path, "m", name, 0, 1, series, Churn(commits, 1, series[-1].commit, ""), True)
    return History(".", COMMITS, (function,), (), ())


def test_names_and_paths_are_escaped_in_the_svg() -> None:
    row = {"qualname": "f", "path": HOSTILE, "line": 1, "commits": 2, "authors": 1, "priority": 40.0,
           "hotspot": 13.3, "verdict": "warning"}
    svg = scatter_svg([row], 29.4, "<b>2021</b>")
    assert "<img" not in svg and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.py" in svg
    assert "&lt;b&gt;2021&lt;/b&gt;" in svg and CORNER in svg


def test_the_sparkline_steps_through_each_change_to_the_end_of_the_window() -> None:
    history = history_with("a.py", "f", [(0, 10), (2, 20)], 2)
    svg = sparkline_svg(history.functions[0], [c.sha for c in COMMITS], width=34, height=26)
    # x: 2 + 30 * index / 3; y: 23 at the lowest SLOC, 3 at the highest
    assert 'points="2,23 22,23 22,3 32,3"' in svg
    assert "SLOC 10 → 20" in svg


def test_the_view_ranks_by_hotspot_and_is_the_same_twice() -> None:
    results = [FileResult("a.py", "a", (metrics("f", 60, 30),)), FileResult("b.py", "b", (metrics("g", 60, 30),))]
    history = History(".", COMMITS, history_with("a.py", "f", [(0, 60)], 4).functions
                      + history_with("b.py", "g", [(0, 60)], 1).functions, (), ())
    view = hotspots_view(results, Config(), history, "2021-01-01")
    assert [r["qualname"] for r in view["top"]] == ["f", "g"]
    assert view["top"][0]["commits"] == 4 and view["commits"] == 4
    assert view == hotspots_view(results, Config(), history, "2021-01-01")


def test_report_churn_since_shows_the_hotspots_section(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    env = {**os.environ, **BASE_ENV, "PYTHONPATH": str(REPO_ROOT)}
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        done = subprocess.run([sys.executable, "-m", "codesmell", "report", ".", "-o", str(out), "--jobs", "1",
                               "--churn-since", "2020-12-01"], cwd=project.root, capture_output=True, text=True,
                              env={**env, "PYTHONHASHSEED": seed}, timeout=300)
        assert done.returncode == 0, done.stderr
        pages.append(out.read_text())
    assert pages[0] == pages[1]
    page = pages[0]
    assert '<section id="hotspots">' in page and CORNER in page
    table = page[page.index('id="hotspot-table"'):page.index("</table>", page.index('id="hotspot-table"'))]
    assert table.index("<code>busy</code>") < table.index("<code>still</code>")
    plain = tmp_path / "plain.html"
    subprocess.run([sys.executable, "-m", "codesmell", "report", ".", "-o", str(plain), "--jobs", "1"],
                   cwd=project.root, env=env, capture_output=True, timeout=300, check=True)
    assert 'id="hotspots"' not in plain.read_text()
