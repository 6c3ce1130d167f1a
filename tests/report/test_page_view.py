"""The page's figures without a browser: paths as shown, split-first reasons, counts, heatmap, filters."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup

from codesmell.config import DEFAULT_THRESHOLDS, Config
from codesmell.graph.model import ModuleGraph
from codesmell.model import FunctionMetrics, Suggestion
from codesmell.report.data import View, build_view, shown_path, shown_root, split_reason
from codesmell.report.document import report_title
from codesmell.report.html import counted, dotted, render_html, ticks
from codesmell.rules.verdict import Judgement

from .shop import SHOP, analysed


class TestShownPath:
    def test_a_path_under_the_current_directory_stays_as_given(self) -> None:
        assert shown_path("src/pkg/mod.py", ["src"]) == "src/pkg/mod.py"

    def test_a_path_outside_is_relative_to_the_root_holding_it(self, tmp_path: Path) -> None:
        root = tmp_path / "lib" / "email"
        outside = os.path.relpath(root / "mime" / "text.py")
        assert outside.startswith("..")
        assert shown_path(outside, [str(tmp_path / "lib" / "json"), str(root)]) == "email/mime/text.py"

    def test_the_most_specific_root_wins(self, tmp_path: Path) -> None:
        inner = tmp_path / "lib" / "email"
        path = str(inner / "parser.py")
        assert shown_path(path, [str(tmp_path / "lib"), str(inner)]) == "email/parser.py"

    def test_a_file_given_as_root_shows_its_name(self, tmp_path: Path) -> None:
        path = str(tmp_path / "tool.py")
        assert shown_path(path, [path]) == "tool.py"

    def test_roots_name_the_title(self, tmp_path: Path) -> None:
        assert shown_root(str(tmp_path / "lib" / "email")) == "email"
        assert report_title(["src", str(tmp_path / "json")]) == "codesmell report — src, json"


def _function(**values: Any) -> FunctionMetrics:
    base = FunctionMetrics("f", "f", 1, 80, 0, 1, sloc=10, statements=10, locals=2, params=1, logic_blocks=1,
                           cyclomatic=2, cognitive=3, max_nesting=1, is_method=False, is_async=False)
    return dataclasses.replace(base, **values)


def _judgement(long: bool) -> Judgement:
    return Judgement("critical", 70.0, 3.0, 2.0, 3.0, long)


class TestSplitReason:
    def test_shape_concerns_what_is_over_its_warning_threshold_and_the_block(self) -> None:
        # defaults: sloc > 20, cognitive > 15, nesting > 3, locals > 7 are over; params 4, cyclomatic 10 are not
        function = _function(sloc=60, cognitive=31, max_nesting=4, locals=9, params=4, cyclomatic=10)
        best = Suggestion(56, 62, 7, 2, ("a",), ("b",), "_add", "function", False, 1.0)
        function = dataclasses.replace(function, shape="tangled", concerns=3, suggestions=(best,))
        assert split_reason(function, _judgement(True), DEFAULT_THRESHOLDS) == (
            "tangled, 3 concerns, SLOC 60, cognitive 31, nesting 4, locals 9; extract lines 56-62")

    def test_a_short_tangled_function_says_so(self) -> None:
        function = _function(sloc=15, cognitive=40, max_nesting=6)
        assert split_reason(function, _judgement(False), DEFAULT_THRESHOLDS) == (
            "short but tangled, cognitive 40, nesting 6")


SOURCES = {**SHOP, "lone": ""}


def _view() -> tuple[View, ModuleGraph]:
    results, graph = analysed(SOURCES)
    return build_view(results, Config(), graph), graph


def test_counts_are_computed_once_from_the_graph() -> None:
    view, graph = _view()
    counts = view.data["counts"]
    sizes = [len(c.modules) for c in graph.communities]
    assert (counts["communities"], counts["lone"]) == (sum(s > 1 for s in sizes), sum(s == 1 for s in sizes))
    assert counts["levels"][counts["final"]] == {"communities": counts["communities"], "lone": counts["lone"]}
    assert (counts["modules"], counts["cycles"], counts["misplaced"]) == (7, 2, 1)
    # linked pairs: a-b, a-c, b-c, a-x, b-x, c-x, y-z
    assert counts["links"] == 7
    assert view.tables["overview"]["communities"] == counts["communities"]
    # every level's community carries its name; the final level's are the graph's own
    final = view.data["levels"][view.data["defaultLevel"]]["communities"]
    assert [c["name"] for c in final] == [c.name for c in graph.communities]
    assert all(c["name"] for level in view.data["levels"] for c in level["communities"])


def test_the_page_writes_each_count_with_its_plural() -> None:
    view, _ = _view()
    html = render_html(view)
    # one lone module ("lone"), two communities, two cycles
    assert '<span data-count="lone">1</span> lone module,' in html
    assert '<span data-count="communities">2</span> communities' in html
    assert "1 modules" not in html and "1 communities" not in html


def test_the_heatmap_diagonal_is_the_weight_inside() -> None:
    view, graph = _view()
    heat = view.tables["heatmap"]
    diagonal = [c for c in heat["cells"] if c["diag"]]
    shown = [c for c in graph.communities if len(c.modules) > 1]
    assert [c["w"] for c in diagonal] == [f"{c.internal_weight:.1f}".rstrip("0").rstrip(".") for c in shown]
    # coloured by weight: the strongest inside is fully opaque, the weaker one lighter
    assert max(c["o"] for c in diagonal) == 1.0 and min(c["o"] for c in diagonal) < 1.0
    assert heat["size"] >= 30 and heat["text"]  # two communities: big cells with their weights written


def test_filters_escape_and_break_only_at_separators() -> None:
    assert dotted("a.<b>") == Markup("a.<wbr>&lt;b&gt;")
    assert ticks("3 in `pkg.<x>`, 1 <y>") == Markup("3 in <code>pkg.<wbr>&lt;x&gt;</code>, 1 &lt;y&gt;")
    assert (counted(1, "module", "modules"), counted(2, "module", "modules")) == ("1 module", "2 modules")
