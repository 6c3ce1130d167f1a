"""bench/solve_without.py: a module left out is outside code for its importers; an unknown one stops the run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # it imports its sibling solve_ab.py
_spec = importlib.util.spec_from_file_location("bench_solve_without", ROOT / "bench" / "solve_without.py")
assert _spec is not None and _spec.loader is not None
solve_without = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solve_without)

CASE = ROOT / "fixtures" / "callgraph" / "arguments" / "imported_callback"


def test_leaving_out_the_handlers_drops_the_callback_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # load_facts runs the analysis from its workdir
    assert solve_without.main([str(CASE), "hooks.handlers", "--workdir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    whole = next(line for line in lines if line.startswith("whole"))
    without = next(line for line in lines if line.startswith("without"))
    calls_whole = int(whole.rsplit("calls ", 1)[1].replace(",", ""))
    calls_without = int(without.rsplit("calls ", 1)[1].replace(",", ""))
    # app.save -> bus.publish stays; bus.publish -> handlers.on_save goes with the handlers
    assert (calls_whole, calls_without) == (2, 1)
    assert " 4 modules" in whole and " 3 modules" in without  # hooks/__init__.py counts


def test_a_module_not_analysed_is_named_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert solve_without.main([str(CASE), "hooks.nowhere", "--workdir", str(tmp_path)]) == 2
    assert "not analysed: hooks.nowhere" in capsys.readouterr().err
