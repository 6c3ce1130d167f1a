"""The flake8 plugin, run by the real flake8 through its installed entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import FIXTURES, run_cli, tangled

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


def _found(text: str) -> list[tuple[str, str, str]]:
    """(path, line, code) of each `path:line:col: CODE message` line, sorted."""
    found = []
    for line in text.splitlines():
        location, _, rest = line.partition(": ")
        path, row, _col = location.rsplit(":", 2)
        found.append((path, row, rest.split()[0]))
    return sorted(found)


def configured_project(tmp_path: Path) -> Path:
    """fixtures/configured's pyproject.toml beside the long_methods fixture's package."""
    shutil.copy(FIXTURES / "configured" / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(FIXTURES / "long_methods" / "invoicing", tmp_path / "invoicing")
    return tmp_path


def test_plugin_reads_pyproject_and_agrees_with_check(tmp_path: Path) -> None:
    project = configured_project(tmp_path)
    done = flake8("--select", "CSM", "--csm-no-cache", "invoicing", cwd=project)
    assert done.stderr == ""
    checked = run_cli("check", "--no-cache", "invoicing", cwd=project)
    assert checked.returncode == 1
    assert _found(done.stdout) == _found(checked.stdout)
    codes = {(path, code) for path, _, code in _found(done.stdout)}
    # every kind of setting in the fixture's [tool.codesmell] shows in flake8's answer:
    assert ("invoicing/pricing.py", "CSM106") in codes  # extend-select + params warning 5 (quote_line has 6)
    assert not any(code == "CSM108" for _, code in codes)  # ignore
    assert not any(path == "invoicing/store.py" for path, _ in codes)  # extend-exclude
    assert not any(path == "invoicing/reporting.py" for path, _ in codes)  # the override's ignore
    assert ("invoicing/pricing.py", "CSM102") in codes  # cyclomatic warning 12: 13 is over


def test_flake8_options_override_pyproject(tmp_path: Path) -> None:
    project = configured_project(tmp_path)
    done = flake8("--select", "CSM", "--csm-no-cache", "--csm-max-params", "6", "invoicing", cwd=project)
    assert done.stderr == ""
    codes = {code for _, _, code in _found(done.stdout)}
    assert "CSM106" not in codes  # 6 parameters is no longer over
    assert "CSM102" in codes  # the other pyproject thresholds still hold


def test_broken_pyproject_stops_flake8(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.codesmell]\nthresholds = { slok = 3 }\n")
    (tmp_path / "m.py").write_text(SOURCE)
    done = flake8("--select", "CSM", "--csm-no-cache", "m.py", cwd=tmp_path)
    assert done.returncode != 0
    assert "slok" in done.stderr
