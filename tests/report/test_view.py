"""The report's view model, its escaping and its determinism, without a browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from codesmell.cli import main
from codesmell.config import Config
from codesmell.model import Suggestion
from codesmell.report.data import _function_rows, _histogram, _suggestion, build_view
from codesmell.report.html import script_json
from codesmell.run.analyze import analyze_source

from .conftest import REPO, copy_fixture, write_report
from .shop import SHOP, analysed

PLANTED_PACKAGES = {"shopfront.catalog", "shopfront.billing", "shopfront.accounts", "shopfront.reporting"}


def embedded(html: str) -> dict[str, Any]:
    """The page's data, each function's excerpt put back from its `report-src-K` block."""
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert match, "no embedded data"
    data: dict[str, Any] = json.loads(match.group(1))
    blocks = {int(k): json.loads(text) for k, text in
              re.findall(r'<script type="application/json" id="report-src-(\d+)">(.*?)</script>', html, re.S)}
    for i, row in enumerate(data["functions"]):
        row["src"] = blocks[i // data["srcChunk"]][i % data["srcChunk"]]
    return data


def test_script_json_escapes_everything_that_could_close_the_script() -> None:
    value = {"name": "</script><script>alert(1)</script>", "x": "a & b <!-- \u2028", "<k>": 1}
    text = script_json(value)
    assert not set("<>&") & set(text)
    assert "\u2028" not in text
    assert json.loads(text) == value


def test_planted_report_view(reports: dict[str, Path]) -> None:
    data = embedded(reports["planted"].read_text(encoding="utf-8"))
    names = {m["n"] for m in data["modules"]}
    assert "shopfront.billing.stock_alerts" in names and "invoicing.pricing" in names
    final = data["levels"][data["defaultLevel"]]["communities"]
    assert {c["pkg"] for c in final if c["size"] > 1} >= PLANTED_PACKAGES
    # every module has a position, a radius and a community on every level
    for module in data["modules"]:
        assert len(module["c"]) == len(data["levels"])
        assert isinstance(module["x"], float) and module["r"] > 0
    assert data["functions"], "long_methods has flagged functions"
    row = data["functions"][0]
    assert row["src"]["lines"][0].lstrip().startswith(("def", "async def"))


def test_planted_tables_show_misplaced_module_and_cycle(reports: dict[str, Path]) -> None:
    html = reports["planted"].read_text(encoding="utf-8").replace("<wbr>", "").replace(' class="id"', "")
    misplaced = re.search(r'<table class="grid" id="misplaced-table">(.*?)</table>', html, re.S)
    assert misplaced
    (row,) = re.findall(r"<tr><td[ >].*?</tr>", misplaced.group(1), re.S)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[:2] == ["shopfront.billing.stock_alerts", "shopfront.billing"]
    assert cells[4] == "all 3 of its linked modules are in shopfront.catalog, 0 with the rest of shopfront.billing"
    assert re.search(r"shopfront\.accounts\.(user|permissions)</code> → <code>shopfront\.accounts\.", html)


def test_report_is_byte_deterministic_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):  # string hashing differs between the two processes
        output = tmp_path / f"report-{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        subprocess.run([sys.executable, "-m", "codesmell", "report", "fixtures/planted_communities/src",
                        "fixtures/long_methods", "-o", str(output), "--no-cache", "--no-progress"],
                       cwd=REPO, env=env, check=True, capture_output=True)
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]


def test_hostile_names_reach_the_html_only_escaped(reports: dict[str, Path]) -> None:
    html = reports["hostile"].read_text(encoding="utf-8")
    # the data block, one block of excerpts per 200 functions, and our own script
    blocks = len(re.findall(r'<script type="application/json" id="report-src-\d+">', html))
    assert blocks == 1
    assert len(re.findall(r"<script", html, re.I)) == 2 + blocks
    for raw in ("<img", "<svg onload", "<iframe", "<style>body", "onerror=alert(1)>", "</script><script>alert"):
        assert raw not in html
    data = embedded(html)
    names = {m["n"] for m in data["modules"]}
    assert "pkg_<img src=x onerror=alert(1)>.mod_<svg onload=alert(1)>" in names
    source = "\n".join(data["functions"][0]["src"]["lines"])
    assert 'kind == "<script>alert(1)</script>"' in source
    # the file that does not parse is listed (its path may wrap after each slash)
    assert "fixtures/hostile_names/app/broken.py" in html.replace("<wbr>", "")


def test_the_view_shows_the_module_graphs_communities_cycles_and_misplaced_modules() -> None:
    """One implementation of each rule: the report lays out the graph's results, it does not recompute them."""
    results, graph = analysed({**SHOP, "lone": ""})
    view = build_view(results, Config(), graph)
    tables = view.tables
    assert [c["members"] for c in tables["communities"]] == [list(c.modules) for c in graph.communities]
    assert tables["cycles"] == [{"modules": list(c.modules), "example": list(c.example)} for c in graph.cycles]
    assert {m["module"] for m in tables["misplaced"]} == {m.module for m in graph.misplaced}
    assert [m["n"] for m in view.data["misplaced"]] == [m.module for m in graph.misplaced]
    assert tables["overview"]["modularity"] == f"{graph.modularity:.3f}"
    assert [len(level["communities"]) for level in view.data["levels"]] == [len(level.communities) for level in graph.levels]
    # the graph has what the fixtures are built for: a cycle of four, one of two, a misplaced module
    assert [c.modules for c in graph.cycles] == [("shop.a", "shop.b", "shop.c", "tools.x"), ("tools.y", "tools.z")]
    assert [m.module for m in graph.misplaced] == ["tools.x"]


def test_histogram_bins_and_tiers() -> None:
    bins = _histogram([1, 5, 6, 25, 60, 500], (0, 6, 21, 51), warning=20, critical=50)
    assert [(b["label"], b["count"], b["tier"]) for b in bins] == [
        ("0–5", 2, "ok"), ("6–20", 1, "ok"), ("21–50", 1, "warning"), ("51+", 2, "critical")]


def test_default_output_name_and_exit_code(tmp_path: Path) -> None:
    project = copy_fixture("hostile_names", tmp_path)
    previous = os.getcwd()
    os.chdir(project)
    try:
        status = main(["report", ".", "--no-cache", "--no-progress"])
    finally:
        os.chdir(previous)
    assert status == 1  # broken.py could not be analysed
    written = project / "codesmell-report.html"
    assert written.is_file() and written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(project.glob(".codesmell-report.html.*"))  # no temporary file left behind


def test_project_with_nothing_analysable_still_gets_a_report(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def f(:\n", encoding="utf-8")
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    output = tmp_path / "out.html"
    assert write_report(output, ".", cwd=tmp_path) == 1
    html = output.read_text(encoding="utf-8")
    assert "broken.py" in html and "nul.py" in html
    assert embedded(html)["modules"] == [] or all(m["n"] for m in embedded(html)["modules"])


def _row(data: dict, qualname: str) -> dict:
    return next(f for f in data["functions"] if f["q"] == qualname)


def test_extract_candidates_are_in_the_view_with_their_lines(reports: dict[str, Path]) -> None:
    data = embedded(reports["extract"].read_text(encoding="utf-8"))
    summarize = _row(data, "summarize")
    assert summarize["x"][0] == {
        "s": 10, "e": 18, "sloc": 8, "cc": 4, "par": ["orders"], "ret": ["valid"], "n": "_collect_valid",
        "k": "function", "cmd": "codesmell extract fixtures/extract_examples/orders.py:10-18 --name _collect_valid",
    }
    assert [(x["s"], x["e"]) for x in summarize["x"]] == [(10, 18), (21, 37)]
    # the same candidates, in the same order, as the analysis keeps on the function
    path = REPO / "fixtures/extract_examples/orders.py"
    result = analyze_source(path.read_bytes(), "fixtures/extract_examples/orders.py", with_graph=False)
    function = next(f for f in result.functions if f.qualname == "summarize")
    assert [(x["s"], x["e"], x["n"]) for x in summarize["x"]] == [
        (s.start_line, s.end_line, s.name) for s in function.suggestions]
    # every marked range lies inside its function's excerpt
    for row in data["functions"]:
        for x in row["x"]:
            assert row["l"] < x["s"] <= x["e"] <= row["e"]


def test_long_methods_fixture_candidates(reports: dict[str, Path]) -> None:
    data = embedded(reports["planted"].read_text(encoding="utf-8"))
    best = _row(data, "apply_pricing_rules")["x"][0]
    # the gold discount and the reverse charge: two whole concerns (preferred), 2 parameters
    assert (best["s"], best["e"], best["n"]) == (56, 62, "_add_to_audit")
    assert best["cmd"] == "codesmell extract fixtures/long_methods/invoicing/pricing.py:56-62 --name _add_to_audit"
    # the 57-line flat match dispatch is not a long method: not listed at all
    assert not [f for f in data["functions"] if f["q"] == "InvoiceEventHandler.handle"]


def _fixture_results() -> list:
    package = REPO / "fixtures" / "long_methods" / "invoicing"
    return [analyze_source(path.read_bytes(), f"fixtures/long_methods/invoicing/{path.name}", with_graph=False)
            for path in sorted(package.glob("*.py"))]


def _split_first(rows: list[dict]) -> list[str]:
    """The page's "Split first" order: priority descending, then position."""
    return [r["q"] for r in sorted(rows, key=lambda r: (-r["pr"], r["id"]))]


def test_split_first_follows_priority_and_the_flat_dispatch_is_not_first() -> None:
    results = _fixture_results()
    rows, _, _ = _function_rows(results, Config())
    assert _split_first(rows)[0] == "apply_pricing_rules"
    assert "InvoiceEventHandler.handle" not in _split_first(rows)
    # with the per-metric hard limits on, the dispatch is listed (CSM201, CSM202) but ranks below
    hard_rows, _, hard_worst = _function_rows(results, Config(select=("CSM",)))
    order = _split_first(hard_rows)
    assert order[0] == "apply_pricing_rules" != "InvoiceEventHandler.handle"
    assert order.index("apply_pricing_rules") < order.index("InvoiceEventHandler.handle")
    for items in hard_worst.values():  # the worst functions of each module, highest priority first
        assert [r["pr"] for r in items] == sorted((r["pr"] for r in items), reverse=True)
    assert all(0 <= r["pr"] <= 100 for r in hard_rows)


def test_extract_command_quotes_the_path_and_the_json_escapes_it() -> None:
    suggestion = Suggestion(start_line=3, end_line=9, sloc=1, cyclomatic=0, params=(), returns=("x",),
                            name="_part", kind="method", is_async=True, score=1.0)
    item = _suggestion("odd dir/<b>$(rm -rf ~).py", suggestion)
    assert item["cmd"] == "codesmell extract 'odd dir/<b>$(rm -rf ~).py:3-9' --name _part"
    assert (item["sloc"], item["k"]) == (0, "async method")
    assert "<" not in script_json(item)
