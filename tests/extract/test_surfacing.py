"""Suggestions reach the cache, `metrics --format json` and the CSM101/CSM201 message."""

from __future__ import annotations

import json
from pathlib import Path

from codesmell.run.analyze import analyze_source
from codesmell.run.cache import decode_entry, encode_entry
from tests.conftest import FIXTURES, run_cli

ORDERS = FIXTURES / "extract_examples" / "orders.py"


def test_cache_round_trip_keeps_suggestions() -> None:
    result = analyze_source(ORDERS.read_bytes(), "orders.py", with_graph=False)
    assert any(f.suggestions for f in result.functions)
    key = "0" * 64
    assert decode_entry(encode_entry(key, result), key, "orders.py") == result


def test_metrics_json_and_check_message(tmp_path: Path) -> None:
    (tmp_path / "orders.py").write_bytes(ORDERS.read_bytes())
    done = run_cli("metrics", "orders.py", "--format", "json", "--no-cache", cwd=tmp_path)
    function = json.loads(done.stdout)["files"][0]["functions"][0]
    top = function["suggestions"][0]
    assert set(top) == {
        "start_line",
        "end_line",
        "sloc",
        "cyclomatic",
        "params",
        "returns",
        "name",
        "kind",
        "is_async",
        "score",
        "concerns",
    }
    assert (top["start_line"], top["end_line"], top["params"], top["returns"]) == (
        10,
        18,
        ["orders"],
        ["valid"],
    )
    check = run_cli("check", "orders.py", "--select", "CSM", "--no-cache", cwd=tmp_path)  # CSM101: a hard limit
    expected = (
        "CSM101 long function 'summarize': SLOC 27 > 20 (warning);"
        " consider extracting lines 10-18 into _collect_valid (needs orders; returns valid)"
    )
    assert expected in check.stdout


def test_suggest_command(tmp_path: Path) -> None:
    (tmp_path / "orders.py").write_bytes(ORDERS.read_bytes())
    done = run_cli("suggest", "orders.py", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[:2] == [
        "orders.py:8: summarize (SLOC 27, cyclomatic 9)",
        "    lines 10-18 (9 SLOC): SLOC 27 -> 19, cyclomatic 9 -> 5; needs orders; returns valid;"
        " function _collect_valid  [score 3.667]",
    ]
    every = run_cli("suggest", "orders.py", "--all", "--format", "json", cwd=tmp_path)
    assert len(json.loads(every.stdout)["functions"][0]["suggestions"]) > 2
