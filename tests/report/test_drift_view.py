"""The report's view of the architecture gate: drift since a baseline, as a section and as embedded data."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from codesmell.cli import main
from codesmell.config import Config
from codesmell.report.drift_view import drift_view
from codesmell.rules.gate import default_graph
from codesmell.run.analyze import analyze_source

from .conftest import copy_fixture, write_report


def embedded(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def _add_line(path: Path, after: int, text: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(after, text + "\n")
    path.write_text("".join(lines))


def drifted_project(tmp_path: Path) -> tuple[Path, Path]:
    """planted_communities with a baseline, then a new cycle, a new community edge and a moved module."""
    root = copy_fixture("planted_communities", tmp_path)
    (root / "pyproject.toml").write_text("[tool.codesmell.gate]\nno-new-community-edges = true\nno-new-cycles = true\n")
    baseline = root / "arch.json"
    previous = Path.cwd()
    try:
        os.chdir(root)
        assert main(["check", "src", "--no-cache", "--jobs", "1", "--baseline", str(baseline), "--update-baseline"]) == 0
    finally:
        os.chdir(previous)
    pkg = root / "src/shopfront"
    _add_line(pkg / "catalog/search.py", 6, "from shopfront.accounts import user")
    _add_line(pkg / "catalog/inventory.py", 3, "from shopfront.catalog import search")
    # reporting.formatting leaves reporting for accounts (see tests/cli/test_check_architecture.py)
    for name in ("export.py", "summary.py"):
        path = pkg / "reporting" / name
        path.write_text("".join(r for r in path.read_text().splitlines(keepends=True) if "from .formatting" not in r))
    charts = pkg / "reporting/charts.py"
    charts.write_text(charts.read_text().replace("from . import formatting, summary", "from . import summary"))
    _add_line(pkg / "reporting/formatting.py", 2, "from shopfront.accounts import auth, permissions, session, user")

    return root, baseline


def test_report_with_a_baseline_shows_new_edges_cycles_and_moves(tmp_path: Path) -> None:
    root, baseline = drifted_project(tmp_path)
    out = tmp_path / "report.html"
    assert write_report(out, "src", cwd=root, options=("--no-cache", "--jobs", "1", "--baseline", str(baseline))) == 0
    page = out.read_text()
    drift = embedded(page)["drift"]
    assert {"kind": "community-edge", "modules": ["shopfront.catalog.search", "shopfront.accounts.user"],
            "edge": ["shopfront.catalog.search", "shopfront.accounts.user"]} in drift
    (cycle,) = [item for item in drift if item["kind"] == "cycle"]
    assert cycle["edge"] == ["shopfront.catalog.inventory", "shopfront.catalog.search"]  # the import that closes it
    assert {"shopfront.catalog.inventory", "shopfront.catalog.search"} <= set(cycle["modules"])  # its component
    assert [item["modules"] for item in drift if item["kind"] == "moved"] == [["shopfront.reporting.formatting"]]
    section = page[page.index('<section id="drift">'):page.index('<section id="long-methods">')]
    text = html.unescape(re.sub(r"<[^>]+>", "", section))
    assert "New import cycles (1)" in text and "New dependencies between communities (1)" in text
    assert "Modules moved to another community (1)" in text
    assert "src/shopfront/catalog/search.py:7:1" in text
    assert "shopfront.catalog (6 modules) → shopfront.accounts (5 modules)" in text

    plain = tmp_path / "plain.html"  # without --baseline: no section, an empty list
    assert write_report(plain, "src", cwd=root, options=("--no-cache", "--jobs", "1")) == 0
    assert embedded(plain.read_text())["drift"] == []
    assert 'id="drift"' not in plain.read_text()


def test_a_baseline_without_communities_shows_cycles_only(tmp_path: Path) -> None:
    files = {"a": "import b\n", "b": "import a\n"}
    results = [analyze_source(t.encode(), f"{n}.py", n) for n, t in files.items()]
    view = drift_view(results, Config(), default_graph(results), {"cycles": []}, tmp_path / "baseline.json")
    assert view["missing"] == ["communities"]
    assert [row["cycle"] for row in view["cycles"]] == [["a", "b", "a"]]
    assert view["items"] == [{"kind": "cycle", "modules": ["a", "b"], "edge": ["a", "b"]}]
    assert view["edges"] == view["moved"] == []



@pytest.mark.browser
def test_drift_is_highlighted_on_the_graph(tmp_path: Path, open_report: Any) -> None:
    root, baseline = drifted_project(tmp_path)
    out = tmp_path / "report.html"
    assert write_report(out, "src", cwd=root, options=("--no-cache", "--jobs", "1", "--baseline", str(baseline))) == 0
    page, watch = open_report(out)
    d = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    names = {m["n"]: i for i, m in enumerate(d["modules"])}
    for n, item in enumerate(d["drift"]):
        ringed = {int(page.locator(f"#graph-svg circle.drift-ring[data-d='{n}']").nth(k).get_attribute("data-m"))
                  for k in range(page.locator(f"#graph-svg circle.drift-ring[data-d='{n}']").count())}
        assert ringed == {names[m] for m in item["modules"]}, item
        assert page.locator(f"#graph-svg line.drift-line.drift-{item['kind']}[data-d='{n}']").count() == 1, item
    assert page.locator("#graph-svg circle.drift-ring").count() == sum(len(i["modules"]) for i in d["drift"]) > 0
    watch.assert_clean()
