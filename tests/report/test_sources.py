"""The functions' excerpts leave the page's start-up data for blocks parsed on demand, unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

from codesmell.config import load_config
from codesmell.report.data import build_view
from codesmell.report.html import SOURCE_CHUNK, render_html

from .synthetic import FLAGGED_EVERY, synthetic_project


def blocks_of(html: str) -> tuple[dict[str, object], dict[int, list[object]]]:
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert data is not None
    sources = {int(k): json.loads(text) for k, text in
               re.findall(r'<script type="application/json" id="report-src-(\d+)">(.*?)</script>', html, re.S)}
    return json.loads(data.group(1)), sources


def test_excerpts_move_to_blocks_in_function_order(tmp_path: Path) -> None:
    modules = 2 * SOURCE_CHUNK * FLAGGED_EVERY + 50 * FLAGGED_EVERY  # 450 flagged: three blocks, the last part full
    results, graph = synthetic_project(tmp_path / "src", modules)
    view = build_view(results, load_config(None, start=tmp_path), graph, title="t", roots=[str(tmp_path / "src")])
    data, sources = blocks_of(render_html(view))
    functions = view.data["functions"]
    assert len(functions) == modules // FLAGGED_EVERY
    assert sorted(sources) == [0, 1, 2]
    assert [len(sources[k]) for k in (0, 1, 2)] == [SOURCE_CHUNK, SOURCE_CHUNK, 50]
    assert data["srcChunk"] == SOURCE_CHUNK
    for row, shown in zip(functions, data["functions"], strict=True):  # type: ignore[call-overload]
        assert "src" not in shown
        assert sources[row["id"] // SOURCE_CHUNK][row["id"] % SOURCE_CHUNK] == row["src"]
        assert {**shown, "src": row["src"]} == row
    assert functions[0]["src"]["lines"][0].startswith("def tangled(")
