"""What a reader sees on the report page, in Chromium: counts that agree with `codesmell graph`'s
JSON, no clipped column, the long-method rows and their excerpts, the cards on a phone.

Two reports: the fixture projects, and three standard-library packages analysed from outside the
current directory (so their paths are the `../../` case). Screenshots at 1440 and 390 px go to
tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from codesmell.cli import main

from .conftest import REPO, screenshot, write_report

pytestmark = pytest.mark.browser

STDLIB = Path(sysconfig.get_paths()["stdlib"])
PROJECTS = {
    "fixture": ("fixtures/planted_communities/src", "fixtures/long_methods"),
    "stdlib3": tuple(str(STDLIB / name) for name in ("email", "json", "http")),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """name -> (report, `codesmell graph --format json` of the same paths).

    The fixture runs from the repository; the stdlib packages from a scratch folder (absolute
    paths, outside it), where the report's run leaves the cache the graph's run then reads.
    """
    out = tmp_path_factory.mktemp("page")
    made = {}
    for name, paths in PROJECTS.items():
        cwd = REPO if name == "fixture" else out
        options = ("--no-cache",) if name == "fixture" else ()
        report = out / f"{name}.html"
        write_report(report, *paths, cwd=cwd, options=options)
        graph_json = out / f"{name}.json"
        previous = Path.cwd()
        try:
            os.chdir(cwd)
            assert main(["graph", *paths, "--format", "json", "-o", str(graph_json), "--no-progress", *options]) == 0
        finally:
            os.chdir(previous)
        made[name] = (report, json.loads(graph_json.read_text(encoding="utf-8")))
    return made


# the page's data with each function's excerpt put back from its `report-src-K` block
EMBEDDED = """(() => {
  const d = JSON.parse(document.getElementById('report-data').textContent), blocks = {};
  d.functions.forEach((f, i) => {
    const k = Math.floor(i / d.srcChunk);
    blocks[k] = blocks[k] || JSON.parse(document.getElementById('report-src-' + k).textContent);
    f.src = blocks[k][i % d.srcChunk];
  });
  return d;
})()"""


def embedded(page: Any) -> dict[str, Any]:
    return page.evaluate(EMBEDDED)  # type: ignore[no-any-return]


def json_counts(graph: dict[str, Any]) -> dict[str, int]:
    """The counts the page must show, from `codesmell graph --format json` alone."""
    names = {m["name"] for m in graph["modules"]}
    pairs = {tuple(sorted((e["source"], e["target"]))) for e in graph["edges"]
             if e["source"] != e["target"] and e["source"] in names and e["target"] in names}
    sizes = [len(c["modules"]) for c in graph["communities"]]
    return {
        "modules": len(graph["modules"]),
        "links": len(pairs),
        "communities": sum(1 for s in sizes if s > 1),
        "lone": sum(1 for s in sizes if s == 1),
        "cycles": len(graph["cycles"]),
        "misplaced": len(graph["misplaced"]),
    }


# every cell or header whose content is wider than its box, and every table wider than its panel
CLIPPED = """() => {
  const out = [];
  document.querySelectorAll("table").forEach(t => {
    if (!t.offsetParent) return;
    t.querySelectorAll("th, td").forEach(c => {
      if (c.offsetParent && c.scrollWidth > c.clientWidth + 1)
        out.push(t.id + " cell '" + c.textContent.slice(0, 40) + "' " + c.scrollWidth + ">" + c.clientWidth);
    });
    const panel = t.closest(".panel");
    if (panel && t.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1)
      out.push(t.id + " wider than its panel");
  });
  document.querySelectorAll(".card .num, .card .lbl").forEach(c => {
    if (c.scrollWidth > c.clientWidth + 1) out.push("card '" + c.textContent + "'");
  });
  return out;
}"""


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_counts_tables_and_excerpts_at_1440(name: str, pages: dict[str, Any], open_report: Any) -> None:
    report, graph = pages[name]
    page, watch = open_report(report, width=1440, height=900)
    data = embedded(page)
    counts = data["counts"]
    # one figure per count: the embedded one equals the JSON's, and every place showing it shows it
    assert {key: counts[key] for key in json_counts(graph)} == json_counts(graph)
    assert counts["final"] == len(graph["levels"]) - 1 == data["defaultLevel"]
    shown = page.eval_on_selector_all("[data-count]", "els => els.map(e => [e.dataset.count, e.textContent])")
    assert {key for key, _ in shown} >= {"modules", "links", "communities", "functions", "cycles"}
    for key, text in shown:
        assert int(text) == counts[key], key
    flagged = counts["flagged"]
    plural = "function" if flagged == 1 else "functions"
    assert page.locator("#lm-count").inner_text() == f"({flagged} of {flagged} flagged {plural})"
    assert flagged == len(data["functions"])
    text = page.locator("body").inner_text()
    assert not re.search(r"\b1 (modules|communities|cycles|links|groups)\b", text)
    # the graph's subtitle (drawn by graph.js) counts the same communities
    assert re.findall(r"(\d+) communit", page.locator("#graph-sub").inner_text()) in ([], [str(counts["communities"])])

    # names and reasons are the graph's: each community by its name, each misplaced module with its reason
    table = page.locator("#community-table").inner_text()
    for community in graph["communities"]:
        if len(community["modules"]) > 1:
            assert community["name"] in table
    rows = page.eval_on_selector_all("#misplaced-table tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.innerText))")
    assert [(r[0], r[4]) for r in rows] == [(m["module"], m["reason"].replace("`", "")) for m in graph["misplaced"]]

    # paths relative to the analysed roots, never a `..` chain
    assert not any(f["p"].startswith("..") for f in data["functions"])
    assert not [p for p in page.eval_on_selector_all("#lm-table td.loc", "els => els.map(e => e.textContent)")
                if p.startswith("..")]

    # the whole row opens its excerpt, right under it; every increment of every line is there
    best = max(data["functions"], key=lambda f: (sum(len(v) for v in f["src"]["inc"].values()), -f["id"]))
    page.fill("#lm-filter", best["q"])
    row = page.locator(f"#lm-table tbody tr[data-id='{best['id']}']")
    row.locator("td.n").nth(2).click()  # a metric cell, not the name
    excerpt = page.locator("#excerpt")
    assert excerpt.is_visible()
    assert page.evaluate(f"document.querySelector(\"#lm-table tr[data-id='{best['id']}']\").nextElementSibling"
                         ".contains(document.getElementById('excerpt'))")
    marks = page.eval_on_selector_all(
        "#excerpt .ln:not(.xcap)",
        "rs => rs.map(r => [r.querySelector('.no').textContent, r.querySelectorAll('.mk').length])")
    assert {no: n for no, n in marks if n} == {line: len(incs) for line, incs in best["src"]["inc"].items()}
    assert page.evaluate("[...document.querySelectorAll('#excerpt .marks')].every(m => m.scrollWidth <= m.clientWidth + 1"
                         " && m.scrollHeight <= m.clientHeight + 1)")
    page.fill("#lm-filter", "")

    assert page.evaluate(CLIPPED) == []
    # identifiers break after dots only
    assert page.evaluate("getComputedStyle(document.querySelector('#lm-table td.fn .id')).wordBreak") == "keep-all"
    screenshot(page, f"page-{name}-1440.png", full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_phone_width_cards_and_split_first(name: str, pages: dict[str, Any], open_report: Any) -> None:
    report, _ = pages[name]
    page, watch = open_report(report, width=390, height=844)
    data = embedded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [c for c in page.evaluate(CLIPPED) if c.startswith("card")] == []
    # split first: priority order, each with why it is there
    items = page.locator("#split-first li").all_inner_texts()
    ranked = sorted(data["functions"], key=lambda f: (-f["pr"], f["id"]))[: len(items)]
    assert items
    assert all(f["why"] in item for f, item in zip(ranked, items, strict=True))
    screenshot(page, f"page-{name}-390.png", full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("width", [1440, 1000])
def test_the_overview_leaves_no_empty_band(width: int, pages: dict[str, Any], open_report: Any) -> None:
    """The two charts side by side, "Split first" right below them: a list taller than the charts
    (the stdlib's) used to sit beside them and leave an empty band under them."""
    page, watch = open_report(pages["stdlib3"][0], width=width, height=900)
    boxes = page.evaluate("""() => [...document.querySelectorAll('#overview .hist, #overview .split-first')]
      .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.bottom, r.right]; })""")
    *charts, split = boxes
    assert len(charts) == 2
    assert page.locator("#split-first li").count() >= 4
    if width >= 1200:  # side by side, one height
        assert charts[0][1] == charts[1][1] and abs(charts[0][2] - charts[1][2]) < 2
    else:  # one column
        assert charts[1][1] > charts[0][2]
    assert 0 < split[1] - max(c[2] for c in charts) <= 20  # the list starts right under the charts
    assert split[3] - split[0] >= max(c[3] for c in charts) - min(c[0] for c in charts) - 1  # as wide as they are
    watch.assert_clean()


def test_tooltip_text_is_readable_on_its_dark_background(pages: dict[str, Any], open_report: Any) -> None:
    """The worst functions listed in a module's tooltip: light on dark (WCAG contrast >= 4.5)."""
    page, watch = open_report(pages["fixture"][0], width=1440, height=900)
    ratio = page.evaluate("""() => {
      const tip = document.getElementById("tooltip");
      const list = document.createElement("ol"); list.className = "worst-list";
      const li = document.createElement("li"), a = document.createElement("a");
      a.textContent = "FeedParser._parsegen :216"; li.appendChild(a); list.appendChild(li); tip.appendChild(list);
      tip.hidden = false;
      const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
      const lum = c => { const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                         return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const fg = lum(rgb(getComputedStyle(a).color)), bg = lum(rgb(getComputedStyle(tip).backgroundColor));
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    }""")
    assert ratio >= 4.5
    watch.assert_clean()


def test_a_long_communities_table_says_how_many_it_hides_and_shows_them(tmp_path: Path, open_report: Any) -> None:
    """27 two-module communities: 25 listed, a button that says 27 and opens the other 2."""
    for i in range(27):
        package = tmp_path / "src" / f"pkg{i:02d}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "a.py").write_text(f"from pkg{i:02d} import b\n", encoding="utf-8")
        (package / "b.py").write_text("X = 1\n", encoding="utf-8")
    report = tmp_path / "many.html"
    write_report(report, "src", cwd=tmp_path)
    page, watch = open_report(report, width=1440, height=900)
    groups = embedded(page)["counts"]["communities"]
    assert groups > 25
    rows = page.locator("#community-table tbody tr")
    assert rows.count() == groups
    assert page.locator("#community-table tbody tr:visible").count() == 25
    button = page.locator("#communities-all")
    assert button.inner_text() == f"Show all {groups} communities"
    button.click()
    assert page.locator("#community-table tbody tr:visible").count() == groups
    watch.assert_clean()
