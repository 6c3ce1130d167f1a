"""bench/run.py: a missing peer is named before the run starts, not met as a traceback minutes into it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # run.py imports its sibling corpus.py
# by path, under a name of its own: `run` is also tests/run
_spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
assert _spec is not None and _spec.loader is not None
run = importlib.util.module_from_spec(_spec)
sys.modules["bench_run"] = run  # its dataclasses look their module up there
_spec.loader.exec_module(run)


def test_a_missing_peer_is_named_and_the_run_does_not_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("codesmell", "radon", "ruff"):  # what --quick needs, nothing more
        (bin_dir / name).write_text("")
    monkeypatch.setattr(run, "BIN", bin_dir)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(run.tempfile, "mkdtemp", lambda **_: pytest.fail("the run started"))

    assert run.missing_tools(quick=True) == []
    assert run.missing_tools(quick=False) == ["lizard", "flake8", "pylint"]
    assert run.main([]) == 2
    assert "not installed: lizard, flake8, pylint" in capsys.readouterr().err
