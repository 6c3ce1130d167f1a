"""The report's misplaced-functions table."""

from __future__ import annotations

import re
from pathlib import Path

from codesmell.graph.model import Call, GraphOptions, GraphStats, ModuleGraph, ModuleNode
from codesmell.report.html import _environment
from codesmell.report.moves_view import moves_table

from .conftest import write_report


def test_planted_functions_are_in_the_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert write_report(out, "fixtures/misplaced_functions") == 0
    html = out.read_text(encoding="utf-8")
    section = re.search(r'<section id="moves">.*?</section>', html, re.S)
    assert section is not None
    rows = re.findall(r"<tr>\s*<td><code>([^<]+)</code></td>\s*<td><code>([^<]+)</code>.*?<td><code>([^<]+)</code>",
                      section.group(0), re.S)
    # strongest first: all three at 100 %, then by partners (5, 4, 4), then by name
    assert rows == [
        ("format_owner_address", "clinic.billing.payments", "clinic.patients.owners"),
        ("next_free_slot", "clinic.patients.vaccines", "clinic.scheduling.slots"),
        ("invoice_total_for_visit", "clinic.scheduling.booking", "clinic.billing.invoices"),
    ]
    assert "Misplaced functions" in section.group(0) and "(3)" in section.group(0)


def test_names_reach_the_table_escaped() -> None:
    hostile = "evil_<img src=x onerror=alert(1)>"
    modules = (ModuleNode(f"{hostile}.a", "", "", 0), ModuleNode(f"{hostile}.b", "", "", 0),
               ModuleNode("good.c", "", "", 1), ModuleNode("good.d", "", "", 1))
    calls = (*(Call(f"{hostile}.a.f", f"good.c.{name}", 1) for name in ("g", "h")),
             Call("good.c.k", f"{hostile}.a.f", 1))
    graph = ModuleGraph(GraphOptions(), modules, (), calls, (), 0.0, (), (), (), (), GraphStats())
    table = moves_table(graph)
    assert [row["module"] for row in table["rows"]] == [f"{hostile}.a"]
    html = _environment().get_template("_moves.html.j2").render(t={"moves": table})
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
