"""`report --halstead`: radon's maintainability index per module and Halstead figures per long method on the page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from radon.metrics import h_visit, mi_visit

from .conftest import copy_fixture, write_report


def embedded(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_off_by_default_on_with_halstead(tmp_path: Path) -> None:
    root = copy_fixture("long_methods", tmp_path)
    plain, asked = tmp_path / "plain.html", tmp_path / "asked.html"
    assert write_report(plain, "invoicing", cwd=root) in (0, 1)
    assert write_report(asked, "invoicing", cwd=root, options=("--no-cache", "--halstead")) in (0, 1)
    before, after = embedded(plain.read_text()), embedded(asked.read_text())
    assert not any("mi" in m for m in before["modules"]) and not any("hv" in f for f in before["functions"])
    pricing = (root / "invoicing" / "pricing.py").read_text()
    by_name = {m["n"]: m for m in after["modules"]}
    assert by_name["invoicing.pricing"]["mi"] == pytest.approx(mi_visit(pricing, True), abs=0.01)
    row = next(f for f in after["functions"] if f["q"] == "apply_pricing_rules")
    assert row["hv"] == pytest.approx(dict(h_visit(pricing).functions)["apply_pricing_rules"].volume, abs=1e-3)


@pytest.mark.browser
def test_the_excerpt_and_the_module_tooltip_show_them(tmp_path: Path, open_report: Any) -> None:
    root = copy_fixture("long_methods", tmp_path)
    out = tmp_path / "report.html"
    assert write_report(out, "invoicing", cwd=root, options=("--no-cache", "--halstead")) in (0, 1)
    page, watch = open_report(out)
    page.locator("#lm-table tbody tr", has_text="apply_pricing_rules").first.click()
    assert "Halstead V " in page.locator(".chips").first.inner_text()
    d = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    i = next(k for k, m in enumerate(d["modules"]) if m["n"] == "invoicing.pricing")
    page.locator(f"#graph-svg circle.hull[data-t='{d['modules'][i]['t']}']").click(force=True)  # open its community
    page.locator(f"#graph-svg circle.node[data-i='{i}']").hover()
    assert "maintainability index" in page.locator("#tooltip").inner_text()
    watch.assert_clean()
