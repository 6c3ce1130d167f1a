"""The report of a 3,000-module project opens quickly in headless Chromium and its graph works.

The project is made up in the test (`synthetic.py`: real graph, Louvain, layout and HTML over
hand-written facts), so nothing large is committed and no parse is paid. The bounds are
generous (the machine is shared): what they catch is a report that takes tens of seconds or
never becomes usable at this size. The real 3M-line measurement is bench/graph_scale.py and
bench/report_browser.py, with results in bench/results/report_scale.md.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from codesmell.config import load_config
from codesmell.report.document import build_report

from .synthetic import synthetic_project

pytestmark = pytest.mark.browser

MODULES = 3000
FLAGGED_EVERY = 4  # 750 flagged functions: more than "Show more" reaches in one click
OPEN_BOUND_S = 20.0  # an idle machine opens it in about a second
CLICK_BOUND_S = 3.0


@pytest.fixture(scope="module")
def big_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    results, graph = synthetic_project(root / "src", MODULES, FLAGGED_EVERY)
    html = build_report(results, load_config(None, start=root), graph, "codesmell report — big", [str(root / "src")])
    output = root / "big.html"
    output.write_text(html, encoding="utf-8")
    return output


def test_large_report_opens_and_its_graph_drills_down(big_report: Path, open_report: Any) -> None:
    page, watch = open_report(big_report, 1440, 900)
    watch.assert_clean()
    assert watch.load_seconds < OPEN_BOUND_S
    d = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    assert len(d["modules"]) == MODULES
    assert page.locator("#graph-svg circle.node").count() == MODULES
    assert int(page.evaluate("document.getElementById('graph-svg').dataset.labels")) > 0

    # drill into the largest top-level community: the focus moves there, its links are drawn
    nodes = d["graph"]["nodes"]
    top = [i for i, n in enumerate(nodes) if n["p"] == 0 and n["k"] == "c"]
    largest = max(top, key=lambda i: (nodes[i]["n"], -i))
    began = time.perf_counter()
    page.evaluate(f"document.querySelector(\"#graph-svg circle.hull[data-t='{largest}']\")"
                  ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    assert time.perf_counter() - began < CLICK_BOUND_S
    assert page.evaluate("document.getElementById('graph-svg').graphState().focus") == largest
    assert page.locator("#graph-svg line.edge").count() > 0

    # hover a module inside it: its full name
    member = next(i for i, m in enumerate(d["modules"]) if largest <= m["t"] < nodes[largest]["e"])
    page.evaluate(f"document.querySelector(\"#graph-svg circle.node[data-i='{member}']\")"
                  ".dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 300, clientY: 300}))")
    assert page.locator("#tooltip h4").inner_text() == d["modules"][member]["n"]

    # every flagged function can be reached from the table, in one click, with its count shown
    flagged = MODULES // FLAGGED_EVERY
    assert d["counts"]["flagged"] == flagged
    assert page.locator("#lm-table tbody tr").count() == 200
    assert page.locator("#lm-more").is_visible()
    page.locator("#lm-all", has_text=f"Show all {flagged}").click()
    assert page.locator("#lm-table tbody tr").count() == flagged
    assert not page.locator("#lm-more").is_visible() and not page.locator("#lm-all").is_visible()
    assert f"({flagged} of {flagged} flagged functions)" in page.locator("#lm-count").inner_text()
    watch.assert_clean()
