"""The report in headless Chromium: nothing leaves the file, nothing hostile runs, every control works."""

from __future__ import annotations

import re
import sysconfig
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import modules_in_focus, screenshot, write_report

pytestmark = pytest.mark.browser

PLANTED = {
    "shopfront.catalog": ["shopfront.catalog.pricing", "shopfront.catalog.product", "shopfront.catalog.search"],
    "shopfront.billing": ["shopfront.billing.invoice", "shopfront.billing.tax", "shopfront.billing.currency"],
    "shopfront.accounts": ["shopfront.accounts.user", "shopfront.accounts.auth", "shopfront.accounts.session"],
    "shopfront.reporting": ["shopfront.reporting.summary", "shopfront.reporting.export"],
}


def data(page: Any) -> dict[str, Any]:
    return page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")  # type: ignore[no-any-return]


def community_of(page: Any, module: str) -> int:
    d = data(page)
    for m in d["modules"]:
        if m["n"] == module:
            return int(m["c"][d["defaultLevel"]])
    raise AssertionError(module)


def test_planted_modules_and_communities_are_on_the_page(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["planted"])
    legend = page.locator("#legend").inner_text()
    table = page.locator("#community-table").inner_text()
    for package, modules in PLANTED.items():
        # named after the package, or "shopfront (mostly catalog)" when a misplaced module sits with it
        named = (package, f"{package.rsplit('.', 1)[0]} (mostly {package.rsplit('.', 1)[1]})")
        assert any(n in legend for n in named) and any(n in table for n in named), (package, legend)
        ids = {community_of(page, m) for m in modules}
        assert len(ids) == 1, f"{package} is split over {ids}"
        for module in modules:
            assert module in table or module.rsplit(".", 1)[1] in page.locator("#graph-svg").inner_html()
    assert page.locator("#graph-svg circle.node").count() == len(data(page)["modules"])
    assert "stock_alerts" in page.locator("#community-table").inner_text()
    screenshot(page, "planted-overview.png", full_page=True)
    watch.assert_clean()


def test_click_a_community_highlights_it(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["planted"])
    cid = community_of(page, "shopfront.billing.invoice")
    size = data(page)["levels"][data(page)["defaultLevel"]]["communities"][cid]["size"]
    page.locator(f"#legend li[data-c='{cid}']").click()
    assert page.evaluate("document.getElementById('graph-svg').graphState().focus") > 0
    assert modules_in_focus(page) == size
    assert page.locator(f"#legend li.on[data-c='{cid}']").count() == 1
    assert "shopfront.billing" in page.locator("#details").inner_text()
    # a row of the communities table does the same
    page.locator(f"#community-table tr[data-c='{cid}']").click()
    assert modules_in_focus(page) == size  # the same community stays open
    page.locator(f"#community-table tr[data-c='{cid}']").click()
    assert modules_in_focus(page) == size
    screenshot(page, "planted-community-highlight.png")
    watch.assert_clean()


def test_search_finds_a_module(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["planted"])
    page.fill("#search", "stock_al")
    assert page.locator("#search-results li").first.inner_text() == "shopfront.billing.stock_alerts"
    page.press("#search", "Enter")
    assert page.locator("#graph-svg circle.node.picked").count() == 1
    details = page.locator("#details").inner_text()
    assert "shopfront.billing.stock_alerts" in details and "fan-in / out" in details
    page.fill("#search", "no_such_module_zz")
    assert page.locator("#search-results li").inner_text() == "no module matches"
    watch.assert_clean()


def test_hover_shows_module_details(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["planted"])
    index = [m["n"] for m in data(page)["modules"]].index("invoicing.pricing")
    page.locator(f"#graph-svg circle.node[data-i='{index}']").hover()
    tip = page.locator("#tooltip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert "invoicing.pricing" in text and "fan-in / out" in text and "apply_pricing_rules" in text
    watch.assert_clean()


def test_legend_drills_into_each_community_and_the_path_leads_back(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["planted"])
    d = data(page)
    communities = d["levels"][d["defaultLevel"]]["communities"]
    assert page.locator("#legend li[data-c]").count() == sum(1 for c in communities if c["size"] > 1)
    assert f"{sum(1 for c in communities if c['size'] > 1)} communities at the coarsest level" in \
        page.locator("#graph-sub").inner_text()
    for li in page.locator("#legend li[data-c]").all():
        cid = int(li.get_attribute("data-c") or -1)
        li.click()
        assert modules_in_focus(page) == communities[cid]["size"]
        assert page.locator("#crumbs .here").inner_text().startswith(f"C{cid + 1} ")
        page.keyboard.press("Escape")
        assert page.locator("#crumbs .here").inner_text() == f"All modules ({len(d['modules'])})"
        assert modules_in_focus(page) == len(d["modules"])
    watch.assert_clean()


def test_long_method_table_sorts_filters_and_shows_increments(reports: dict[str, Path], open_report: Any) -> None:
    # by default the fixture has one long method; the hard limits list enough rows to sort and filter
    page, watch = open_report(reports["planted-hard-limits"])
    rows = page.locator("#lm-table tbody tr")
    total = rows.count()
    assert total == len(data(page)["functions"]) > 0
    sloc_header = page.locator("#lm-table th[data-key='0']")
    sloc_header.click()  # descending first

    def sloc_column() -> list[int]:
        return [int(v) for v in page.eval_on_selector_all("#lm-table tbody tr", "rs => rs.map(r => r.cells[3].textContent)")]

    assert sloc_column() == sorted(sloc_column(), reverse=True)
    sloc_header.click()
    assert sloc_column() == sorted(sloc_column())
    page.locator("#lm-table th[data-key='q']").click()
    names = page.eval_on_selector_all("#lm-table tbody tr", "rs => rs.map(r => r.cells[1].textContent)")
    assert names == sorted(names)
    page.fill("#lm-filter", "pricing")
    assert 0 < rows.count() < total
    page.fill("#lm-filter", "")
    page.select_option("#lm-tier", "2")
    assert rows.count() == sum(1 for f in data(page)["functions"] if f["tier"] == 2)
    page.select_option("#lm-tier", "0")
    page.locator("#lm-table tbody tr", has_text="apply_pricing_rules").click()
    excerpt = page.locator("#excerpt")
    assert excerpt.is_visible()
    assert "def apply_pricing_rules" in excerpt.inner_text()
    assert page.locator("#excerpt .mk.cc").count() > 0 and page.locator("#excerpt .mk.cog").count() > 0
    screenshot(page, "planted-long-methods.png", full_page=True)
    watch.assert_clean()


def test_hostile_names_run_nothing_and_show_literally(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["hostile"])
    for node in page.locator("#graph-svg circle.node").all():
        node.hover()
    page.fill("#search", "pkg_<img")
    page.press("#search", "Enter")
    page.locator("#lm-table tbody tr").first.click()
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, iframe, body style, [onerror], [onload]').length") == 0
    body = page.locator("body").inner_text()
    assert "pkg_<img src=x onerror=alert(1)>.mod_<svg onload=alert(1)>" in body
    assert 'if kind == "<script>alert(1)</script>":' in page.locator("#excerpt").inner_text()
    assert "broken.py" in page.locator("#errors").inner_text()
    screenshot(page, "hostile-names.png", full_page=True)
    watch.assert_clean()  # no dialog, no console error, no request


def _big_project(root: Path, packages: int = 12, modules: int = 15) -> Path:
    """A synthetic project above the cluster-first threshold: dense packages, a few cross links."""
    for p in range(packages):
        package = root / "big" / f"pkg{p:02d}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        for m in range(modules):
            imports = [f"from big.pkg{p:02d} import mod{(m + k) % modules:02d}" for k in (1, 2, 3)]
            if m == 0:
                imports.append(f"from big.pkg{(p + 1) % packages:02d} import mod00")
            body = textwrap.dedent(f"""
                def f{m}(x):
                    return x + {m}
            """)
            (package / f"mod{m:02d}.py").write_text("\n".join(imports) + "\n" + body)
    (root / "big" / "__init__.py").write_text("")
    return root


def test_big_graph_opens_on_the_coarsest_communities_and_drills_down(tmp_path: Path, open_report: Any) -> None:
    project = _big_project(tmp_path / "project")
    output = tmp_path / "big.html"
    write_report(output, ".", cwd=project)
    page, watch = open_report(output)
    d = data(page)
    nodes = d["graph"]["nodes"]
    communities = d["levels"][d["defaultLevel"]]["communities"]
    top = [i for i, n in enumerate(nodes) if n["p"] == 0 and n["k"] == "c"]
    assert len(top) == sum(1 for c in communities if c["size"] > 1) >= 2
    assert page.locator("#graph-svg circle.node").count() == len(d["modules"]) > 150
    assert page.evaluate("document.getElementById('graph-svg').graphState().focus") == 0
    first = top[0]
    page.locator(f"#graph-svg circle.hull[data-t='{first}']").click(force=True)
    assert page.evaluate("document.getElementById('graph-svg').graphState().focus") == first
    assert modules_in_focus(page) == nodes[first]["n"]
    page.locator("#crumbs button", has_text="All modules").click()
    page.fill("#search", "pkg03.mod07")
    page.press("#search", "Enter")
    assert page.locator("#graph-svg circle.node.picked").count() == 1
    picked = [m["n"] for m in d["modules"]].index("big.pkg03.mod07")
    parent = d["modules"][picked]["t"]
    assert page.evaluate("document.getElementById('graph-svg').graphState().focus") == parent
    screenshot(page, "big-cluster-view.png")
    watch.assert_clean()


@pytest.mark.slow
def test_stdlib_report_loads_fast_and_cleanly(tmp_path: Path, open_report: Any) -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    output = tmp_path / "stdlib.html"
    # the benchmark's corpus: tests and installed packages left out (734 files on CPython 3.11)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.codesmell]\nextend-exclude = ["test", "tests", "idle_test", "site-packages", '
                      '"dist-packages"]\n', encoding="utf-8")
    started = time.perf_counter()
    write_report(output, str(stdlib), cwd=tmp_path, options=("--config", str(config)))
    print(f"stdlib report written in {time.perf_counter() - started:.1f}s, {output.stat().st_size} bytes")
    page, watch = open_report(output, width=1680, height=1050)
    print(f"stdlib report ready in the browser in {watch.load_seconds:.2f}s")
    assert watch.load_seconds < 2.0
    d = data(page)
    assert len(d["modules"]) > 700
    assert sum(1 for n in d["graph"]["nodes"] if n["p"] == 0 and n["k"] == "c") > 1
    page.locator("#legend li").first.click()
    page.fill("#search", "json.decoder")
    page.press("#search", "Enter")
    assert page.locator("#graph-svg circle.node.picked").count() == 1
    page.locator("#lm-table th[data-key='6']").click()
    page.evaluate("document.getElementById('graph').scrollIntoView()")
    screenshot(page, "stdlib-graph.png")
    watch.assert_clean()


def test_extract_candidates_are_marked_on_the_excerpt(reports: dict[str, Path], open_report: Any) -> None:
    page, watch = open_report(reports["extract"])
    row = page.locator("#lm-table tbody tr", has_text="summarize")
    cell = row.locator("td.xm")
    assert cell.inner_text().split() == ["10–18", "_collect_valid", "−8"]
    assert "Extract lines 10-18 → _collect_valid(orders) returns valid" in (cell.get_attribute("title") or "")
    row.click()
    excerpt = page.locator("#excerpt")
    assert excerpt.is_visible()
    assert "2 Extract Method candidates" in excerpt.locator("header").inner_text()

    def numbers(selector: str) -> list[int]:
        return [int(n) for n in page.eval_on_selector_all(selector, "rs => rs.map(r => r.querySelector('.no').textContent)")]

    assert numbers("#excerpt .ln.xb.x0:not(.xcap)") == list(range(10, 19))
    assert numbers("#excerpt .ln.xb.xo:not(.xcap)") == list(range(21, 38))
    assert numbers("#excerpt .ln.xe") == [18, 37]
    best = page.locator("#excerpt .ln.xcap.x0")
    assert best.count() == 1 and best.is_visible()
    caption = best.locator(".xcaption")
    assert caption.is_visible()
    assert caption.inner_text() == "Extract lines 10-18 → _collect_valid(orders) returns valid · SLOC −8, cyclomatic −4"
    command = best.locator("code.cmd")
    assert command.is_visible()
    assert command.inner_text() == "codesmell extract fixtures/extract_examples/orders.py:10-18 --name _collect_valid"
    # the caption sits right above the block's first line, and the bracket is drawn in the gutter
    after = page.evaluate("document.querySelector('#excerpt .ln.xcap.x0').nextElementSibling.querySelector('.no').textContent")
    assert after == "10"
    gutter = page.evaluate("getComputedStyle(document.querySelector('#excerpt .ln.x0:not(.xcap) .gut'), '::before')"
                           ".borderLeftWidth")
    assert gutter == "3px"
    second = page.locator("#excerpt .ln.xcap.xo .xcaption").inner_text()
    assert second.startswith("Extract lines 21-37 → _compute_subtotal_discount_tax(")
    copy = best.locator("button.copy")
    copy.click()  # copies, or selects the command where the clipboard is refused; never an error
    expect(copy).to_have_text(re.compile("Copied|Selected"))
    page.evaluate("document.getElementById('long-methods').scrollIntoView()")
    screenshot(page, "extract-candidates.png")
    watch.assert_clean()
