"""The flake8 plugin, run by the real flake8 through its installed entry point."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import FIXTURES, tangled

SOURCE = textwrap.dedent(
    """\
    def many(a, b, c, d, e):
        return a


    def many_more(
        a, b, c, d, e,
    ):  # noqa: CSM106
        return a


    def quiet(a, b, c, d, e):  # noqa: CSM106
        return a


    def flat(x):
        y = x
        return y
    """
)


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_select_csm_reports_next_to_pycodestyle(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE + "x=1\n" + tangled("knot", 5))
    done = flake8("--select", "CSM,E225", "--csm-no-cache", "m.py", cwd=tmp_path)
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    # by default only the long-method finding, never the per-metric CSM106 of `many`
    assert len(lines) == 2
    assert lines[0] == "m.py:18:2: E225 missing whitespace around operator"
    assert lines[1].startswith("m.py:19:1: CSM100 long method 'knot': 22 SLOC in 1 concern, nesting 3, cognitive 30")
    assert done.returncode == 1


def test_select_csm_on_the_fixture_reports_only_the_long_method_finding() -> None:
    done = flake8("--select", "CSM", "--csm-no-cache", "long_methods", cwd=FIXTURES)
    assert done.stderr == ""
    codes = [line.split()[1] for line in done.stdout.splitlines()]
    assert codes and set(codes) <= {"CSM100", "CSM200"}
    # the 57-line flat match dispatch is not a long method
    assert "InvoiceEventHandler.handle'" not in done.stdout
    assert "'apply_pricing_rules'" in done.stdout
    hard = flake8("--select", "CSM", "--csm-hard-limits", "--csm-no-cache", "long_methods", cwd=FIXTURES)
    assert "CSM201 long function 'InvoiceEventHandler.handle'" in hard.stdout


def test_noqa_on_a_multiline_header_and_disable_noqa(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    everything = flake8("--select", "CSM", "--csm-hard-limits", "--disable-noqa", "--csm-no-cache", "m.py",
                        cwd=tmp_path)
    assert [line.split(":")[1] for line in everything.stdout.splitlines()] == ["1", "5", "11"]


def test_thresholds_from_setup_cfg_and_critical_codes(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\ncsm-hard-limits = true\ncsm-max-params = 2\ncsm-max-params-critical = 4\ncsm-max-sloc = 2\n"
    )
    done = flake8("--select", "CSM2,CSM101", "--csm-no-cache", "m.py", cwd=tmp_path)
    # `# noqa: CSM106` does not cover the critical code CSM206; the header of
    # many_more is 3 code lines + return = SLOC 4.
    assert sorted(done.stdout.splitlines()) == [
        "m.py:11:1: CSM206 too many parameters 'quiet': parameters 5 > 4 (critical)",
        "m.py:15:1: CSM101 long function 'flat': SLOC 3 > 2 (warning)",
        "m.py:1:1: CSM206 too many parameters 'many': parameters 5 > 4 (critical)",
        "m.py:5:1: CSM101 long function 'many_more': SLOC 4 > 2 (warning)",
        "m.py:5:1: CSM206 too many parameters 'many_more': parameters 5 > 4 (critical)",
    ]


def test_plugin_cache_gives_the_same_answer(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE + tangled("knot", 5))
    first = flake8("--select", "CSM", "m.py", cwd=tmp_path)
    assert (tmp_path / ".codesmell_cache").is_dir()
    second = flake8("--select", "CSM", "m.py", cwd=tmp_path)
    assert first.stdout == second.stdout != ""
