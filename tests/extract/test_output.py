"""No figure of a suggestion reads "-0" or "+0": a figure that does not change is left out."""

from __future__ import annotations

import re
from pathlib import Path

from codesmell.extract.run import _figures
from codesmell.model import FunctionMetrics, Suggestion
from tests.conftest import run_cli

SIGNED_ZERO = re.compile(r"[-+\u2212]0(?![\d.])")

# A straight-line function: every block of it has cyclomatic 0.
FLAT = "def setup(out):\n" + "".join(f"    out.write('line {i}')\n" for i in range(30))


def flat_suggestion(cyclomatic: int) -> Suggestion:
    return Suggestion(
        start_line=2,
        end_line=12,
        sloc=11,
        cyclomatic=cyclomatic,
        params=("out",),
        returns=(),
        name="_write_lines",
        kind="function",
        is_async=False,
        score=2.0,
    )


def test_figures_leave_out_an_unchanged_cyclomatic() -> None:
    function = FunctionMetrics(
        qualname="setup",
        name="setup",
        line=1,
        end_line=31,
        col=0,
        header_end_line=1,
        sloc=31,
        statements=30,
        locals=0,
        params=1,
        logic_blocks=0,
        cyclomatic=4,
        cognitive=0,
        max_nesting=0,
        is_method=False,
        is_async=False,
    )
    flat = _figures(flat_suggestion(0), function)
    assert flat.startswith("lines 2-12 (11 SLOC): SLOC 31 -> 21; needs out; returns -;")
    assert "cyclomatic" not in flat
    branching = _figures(flat_suggestion(3), function)
    assert "SLOC 31 -> 21, cyclomatic 4 -> 1;" in branching


def test_suggest_and_check_print_no_signed_zero(tmp_path: Path) -> None:
    (tmp_path / "flat.py").write_text(FLAT)
    outputs = [
        run_cli("suggest", "flat.py", cwd=tmp_path).stdout,
        run_cli("suggest", "flat.py", "--all", cwd=tmp_path).stdout,
        run_cli("check", "flat.py", "--no-cache", cwd=tmp_path).stdout,
    ]
    assert "lines 2-" in outputs[0]
    for output in outputs:
        assert SIGNED_ZERO.search(output) is None, output
