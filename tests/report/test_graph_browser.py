"""What a person sees in the module graph, measured on the rendered page in headless Chromium.

On the fixture report and on the standard library's (734 files, written once per session):
no two module circles overlap and no two visible labels overlap (from the elements' boxes),
at the first view, after drilling into a community and after zooming in; every label stays
inside the frame; every misplaced module of the embedded JSON is ringed and has its line;
drill-down and the breadcrumb work; nothing is logged as an error and no request leaves the file.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, modules_in_focus, screenshot, write_report

pytestmark = pytest.mark.browser

# circles from their boxes (centre, half the width); overlap beyond rounding noise
CIRCLE_OVERLAPS = """() => {
  // a circle the view culls (display: none, off screen) has an empty box at the origin: it overlaps nothing
  const all = document.querySelectorAll('#graph-svg circle.node');
  const cs = Array.from(all).map(c => {
    const b = c.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2, b.width / 2];
  }).filter(c => c[2] > 0);
  const bad = [];
  for (let i = 0; i < cs.length; i++) for (let j = i + 1; j < cs.length; j++) {
    const [x1, y1, r1] = cs[i], [x2, y2, r2] = cs[j];
    if (Math.hypot(x1 - x2, y1 - y2) < r1 + r2 - 0.01) bad.push([i, j]);
  }
  return {count: all.length, bad: bad.slice(0, 10), overlaps: bad.length};
}"""

VISIBLE_LABELS = """() => {
  const svg = document.getElementById('graph-svg').getBoundingClientRect();
  return Array.from(document.querySelectorAll('#graph-svg .labels text'))
    .filter(t => getComputedStyle(t).display !== 'none')
    .map(t => { const b = t.getBoundingClientRect();
      return {text: t.textContent, ref: t.dataset.ref, box: [b.left, b.top, b.right, b.bottom],
              inside: b.left >= svg.left && b.top >= svg.top && b.right <= svg.right && b.bottom <= svg.bottom}; });
}"""


def label_overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    bad = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5:
                bad.append((a["text"], b["text"]))
    return bad


def data(page: Any) -> dict[str, Any]:
    return page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")  # type: ignore[no-any-return]


def state(page: Any) -> dict[str, Any]:
    return page.evaluate("document.getElementById('graph-svg').graphState()")  # type: ignore[no-any-return]


def assert_readable(page: Any, where: str) -> list[dict[str, Any]]:
    """No two circles overlap, no two visible labels overlap, every label inside the frame."""
    circles = page.evaluate(CIRCLE_OVERLAPS)
    assert circles["count"] == page.evaluate("JSON.parse(document.getElementById('report-data').textContent).modules.length")
    assert circles["overlaps"] == 0, f"{where}: overlapping circles {circles['bad']}"
    labels = page.evaluate(VISIBLE_LABELS)
    assert labels, f"{where}: no label shown"
    assert label_overlaps(labels) == [], where
    assert [label["text"] for label in labels if not label["inside"]] == [], f"{where}: labels cut by the frame"
    return labels  # type: ignore[no-any-return]


class Opened:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.outside == []


@pytest.fixture
def open_sealed(browser: Any) -> Iterator[Any]:
    """open(path, width, height) -> Opened: every request is routed; any not file: or data: is refused and recorded."""
    pages: list[Any] = []

    def opener(path: Path, width: int = 1440, height: int = 900) -> Opened:
        page = browser.new_page(viewport={"width": width, "height": height})
        pages.append(page)
        opened = Opened(page)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:")):
                r.continue_()
            else:
                opened.outside.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']")
        page.evaluate("document.getElementById('graph').scrollIntoView({behavior: 'instant'})")
        return opened

    yield opener
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def stdlib_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard library's report: the benchmark's 734 files (tests and installed packages left out).

    The configuration sits in tests/artifacts/ (git-ignored), so its result cache, keyed by file
    content, outlives the session: only the first session analyses the standard library cold.
    """
    out = tmp_path_factory.mktemp("stdlib-report")
    home = ARTIFACTS / "stdlib-report"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "pyproject.toml"
    config.write_text('[tool.codesmell]\nextend-exclude = ["test", "tests", "idle_test", "site-packages", '
                      '"dist-packages"]\n', encoding="utf-8")
    output = out / "stdlib.html"
    write_report(output, sysconfig.get_paths()["stdlib"], cwd=home, options=("--config", str(config)))
    return output


def ancestors(d: dict[str, Any], node: int) -> list[int]:
    """`node` and the communities holding it, up to the root (node 0)."""
    chain = [node]
    while chain[-1] != 0:
        chain.append(d["graph"]["nodes"][chain[-1]]["p"])
    return chain


def drill_into_largest(page: Any, d: dict[str, Any]) -> int:
    """Click the largest community at the top level; returns its node."""
    nodes = d["graph"]["nodes"]
    top = [i for i, n in enumerate(nodes) if n["p"] == 0 and n["k"] == "c"]
    largest = max(top, key=lambda i: (nodes[i]["n"], -i))
    page.locator(f"#graph-svg circle.hull[data-t='{largest}']").click(force=True)  # lands on whatever lies on top: opens it too
    assert state(page)["focus"] == largest
    return largest


def check_misplaced_marked(page: Any, d: dict[str, Any]) -> None:
    for item in d["misplaced"]:
        m = item["m"]
        assert "misplaced" in (page.locator(f"#graph-svg circle.node[data-i='{m}']").get_attribute("class") or "")
        ring = page.locator(f"#graph-svg circle.mis-ring[data-m='{m}']")
        line = page.locator(f"#graph-svg line.mis-line[data-m='{m}']")
        assert ring.count() == 1 and line.count() == 1
        box = line.bounding_box()
        assert box and box["width"] + box["height"] > 2  # a line one can see, not a point
        assert item["to"] != item["home"]


def test_fixture_graph_is_readable_and_drills_down(reports: dict[str, Path], open_sealed: Any) -> None:
    opened = open_sealed(reports["planted"])
    page = opened.page
    d = data(page)
    labels = assert_readable(page, "fixture, first view")
    texts = {label["text"] for label in labels}
    # the top level names its communities; ambiguous last names are told apart by their suffix
    assert any(t.startswith("C1 ") for t in texts)
    by_name = {m["n"]: m["lbl"] for m in d["modules"]}
    assert by_name["invoicing.reporting"] == "invoicing.reporting" and by_name["shopfront.reporting"] == "shopfront.reporting"
    assert by_name["shopfront.billing.tax"] == "tax"
    misplaced = [d["modules"][x["m"]]["n"] for x in d["misplaced"]]
    assert misplaced == ["shopfront.billing.stock_alerts"]
    check_misplaced_marked(page, d)
    # the whole frame is used: the drawing spans most of the frame's width and height
    frame = page.locator("#graph-svg").bounding_box()
    drawn = page.evaluate("(() => { const b = document.querySelector('#graph-svg > g').getBoundingClientRect();"
                          " return [b.width, b.height]; })()")
    assert drawn[0] > 0.8 * frame["width"] or drawn[1] > 0.8 * frame["height"]
    assert drawn[0] > 0.6 * frame["width"] and drawn[1] > 0.6 * frame["height"]
    screenshot(page, "graph-fixture-top.png")

    node = drill_into_largest(page, d)
    assert_readable(page, "fixture, inside a community")
    crumbs = page.locator("#crumbs").inner_text()
    assert "All modules" in crumbs and d["graph"]["nodes"][node]["name"] in crumbs
    assert modules_in_focus(page) == d["graph"]["nodes"][node]["n"]
    # hover: the full dotted name
    member = next(i for i, m in enumerate(d["modules"]) if node in ancestors(d, m["t"]))
    page.locator(f"#graph-svg circle.node[data-i='{member}']").hover()
    assert page.locator("#tooltip h4").inner_text() == d["modules"][member]["n"]
    screenshot(page, "graph-fixture-drilled.png")
    page.locator("#crumbs button", has_text="All modules").click()
    assert state(page)["focus"] == 0
    page.keyboard.press("Escape")  # already at the top: stays there
    assert state(page)["focus"] == 0
    opened.assert_clean()


def test_hover_on_misplaced_module_says_why(reports: dict[str, Path], open_sealed: Any) -> None:
    opened = open_sealed(reports["planted"])
    page = opened.page
    item = data(page)["misplaced"][0]
    page.locator(f"#graph-svg circle.node[data-i='{item['m']}']").hover()
    tip = page.locator("#tooltip").inner_text()
    assert "misplaced" in tip and item["why"] in tip and "shopfront.billing.stock_alerts" in tip
    opened.assert_clean()


def test_stdlib_graph_is_readable_at_every_step(stdlib_report: Path, open_sealed: Any) -> None:
    opened = open_sealed(stdlib_report)
    page = opened.page
    d = data(page)
    assert len(d["modules"]) > 700
    assert_readable(page, "stdlib, first view")
    check_misplaced_marked(page, d)
    screenshot(page, "graph-stdlib-top.png")

    node = drill_into_largest(page, d)
    assert_readable(page, "stdlib, inside the largest community")
    nodes = d["graph"]["nodes"]
    subs = [i for i, n in enumerate(nodes) if n["p"] == node]
    screenshot(page, "graph-stdlib-drilled.png")
    if subs:  # one level further down the dendrogram
        deeper = max(subs, key=lambda i: (nodes[i]["n"], -i))
        page.locator(f"#graph-svg circle.hull[data-t='{deeper}']").click(force=True)
        assert state(page)["focus"] == deeper
        assert_readable(page, "stdlib, a sub-community")
        assert page.locator("#crumbs button").count() == 2
        page.keyboard.press("Escape")
        assert state(page)["focus"] == node
    page.locator("#crumbs button", has_text="All modules").click()
    assert state(page)["focus"] == 0

    # zooming in shows more labels, still without overlap
    before = len(page.evaluate(VISIBLE_LABELS))
    k = state(page)["k"]
    box = page.locator(f"#graph-svg circle.hull[data-t='{node}']").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    for _ in range(3):
        page.mouse.wheel(0, -300)
    for _ in range(50):  # the view is redrawn once the wheel rests (wait_for_function would need eval, which CSP forbids)
        now = state(page)
        if now["k"] > 2 * k and now["settled"]:
            break
        page.wait_for_timeout(50)
    assert state(page)["k"] > 2 * k and state(page)["settled"]
    after = assert_readable(page, "stdlib, zoomed in")
    assert before > 0 and len(after) > 0
    shown = {label["ref"] for label in after}
    assert any(ref.startswith("m") for ref in shown)  # module names appear as you zoom in
    screenshot(page, "graph-stdlib-zoomed.png")
    opened.assert_clean()


def test_stdlib_graph_on_a_phone(stdlib_report: Path, open_sealed: Any) -> None:
    opened = open_sealed(stdlib_report, width=390, height=844)
    page = opened.page
    assert state(page)["aspect"] == 0  # the tall packing for a tall frame
    assert_readable(page, "stdlib at 390 px")
    screenshot(page, "graph-stdlib-390.png")
    opened.assert_clean()
