"""The flake8 plugin, run by the real flake8 through its installed entry point."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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
    (tmp_path / "m.py").write_text(SOURCE + "x=1\n")
    done = flake8("--select", "CSM,E225", "--csm-no-cache", "m.py", cwd=tmp_path)
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "m.py:1:1: CSM106 too many parameters 'many': parameters 5 > 4 (warning)",
        "m.py:18:2: E225 missing whitespace around operator",
    ]
    assert done.returncode == 1


def test_noqa_on_a_multiline_header_and_disable_noqa(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    everything = flake8("--select", "CSM", "--disable-noqa", "--csm-no-cache", "m.py", cwd=tmp_path)
    assert [line.split(":")[1] for line in everything.stdout.splitlines()] == ["1", "5", "11"]


def test_thresholds_from_setup_cfg_and_critical_codes(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    (tmp_path / "setup.cfg").write_text("[flake8]\ncsm-max-params = 2\ncsm-max-params-critical = 4\ncsm-max-sloc = 2\n")
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
    (tmp_path / "m.py").write_text(SOURCE)
    first = flake8("--select", "CSM", "m.py", cwd=tmp_path)
    assert (tmp_path / ".codesmell_cache").is_dir()
    second = flake8("--select", "CSM", "m.py", cwd=tmp_path)
    assert first.stdout == second.stdout != ""
