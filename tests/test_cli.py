"""The `metrics`, `check` and `explain` commands, run as a user runs them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from conftest import run_cli

LONG = "def long_one(a):\n" + "".join(f"    v{i} = a + {i}\n" for i in range(25)) + "    return a\n"
# 27 SLOC (def + 25 assignments + return) > 20 -> CSM101; 25 locals > 15 -> CSM205.

SHORT = "def short(a, b):\n    return a + b\n"


def test_metrics_json_has_the_keys_spec_fixes(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"pkg/__init__.py": "", "pkg/mod.py": SHORT + "\n\n" + LONG})
    done = run_cli("metrics", "pkg", "--format", "json", "--no-cache", cwd=root)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    files = {f["path"]: f for f in document["files"]}
    assert set(files) == {"pkg/__init__.py", "pkg/mod.py"}
    mod = files["pkg/mod.py"]
    assert mod["module"] == "pkg.mod"
    assert mod["errors"] == []
    short, long_one = mod["functions"]
    required = {"qualname", "line", "end_line", "sloc", "statements", "locals", "params",
                "logic_blocks", "cyclomatic"}
    assert required <= set(short)
    assert (short["qualname"], short["line"], short["end_line"], short["sloc"], short["params"]) == (
        "short", 1, 2, 2, 2)
    assert (long_one["line"], long_one["sloc"], long_one["locals"], long_one["verdict"]) == (
        5, 27, 25, "critical")


def test_metrics_csv_and_text(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"m.py": SHORT})
    csv_out = run_cli("metrics", "m.py", "--format", "csv", "--no-cache", cwd=root).stdout.splitlines()
    assert csv_out[0].startswith("path,module,qualname,line,end_line,sloc")
    assert csv_out[1].startswith("m.py,m,short,1,2,2,")
    text = run_cli("metrics", "m.py", "--no-cache", cwd=root).stdout
    assert "short" in text and "m.py (m)" in text


def test_check_exit_codes_and_flake8_style_lines(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"clean.py": SHORT, "dirty.py": LONG})
    clean = run_cli("check", "clean.py", "--no-cache", cwd=root)
    assert (clean.returncode, clean.stdout) == (0, "")
    dirty = run_cli("check", "dirty.py", "--no-cache", cwd=root)
    assert dirty.returncode == 1
    # 26 statements stay under the statements warning (30), so no CSM104.
    assert dirty.stdout.splitlines() == [
        "dirty.py:1:1: CSM101 long function 'long_one': SLOC 27 > 20 (warning); consider extracting lines 2-14 into _long_one_step (needs a)",
        "dirty.py:1:1: CSM205 too many local variables 'long_one': local variables 25 > 15 (critical)",
    ]
    usage = run_cli("check", "--jobs", "-3", "clean.py", cwd=root)
    assert usage.returncode == 2 and "--jobs" in usage.stderr


def test_select_and_ignore_pick_tiers(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"dirty.py": LONG})
    critical_only = run_cli("check", "dirty.py", "--select", "CSM2", "--no-cache", cwd=root).stdout
    assert critical_only.splitlines() and all(" CSM2" in line for line in critical_only.splitlines())
    no_sloc = run_cli("check", "dirty.py", "--ignore", "CSM101", "--no-cache", cwd=root).stdout
    assert "CSM101" not in no_sloc and "CSM205" in no_sloc


def test_noqa_is_honoured_by_the_cli_including_multiline_headers(write_project) -> None:  # type: ignore[no-untyped-def]
    source = textwrap.dedent(
        """\
        def many(a, b, c, d, e):  # noqa: CSM106
            return a

        def many_more(
            a, b, c, d, e,
        ):  # noqa: CSM106
            return a

        def blanket(a, b, c, d, e):  # noqa
            return a

        def other_code(a, b, c, d, e):  # noqa: CSM101
            return a
        """
    )
    root = write_project({"m.py": source})
    out = run_cli("check", "m.py", "--no-cache", cwd=root)
    assert out.stdout.splitlines() == [
        "m.py:12:1: CSM106 too many parameters 'other_code': parameters 5 > 4 (warning)"
    ]


def test_config_unknown_key_is_a_usage_error(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"pyproject.toml": "[tool.codesmell]\nthreshold = 3\n", "m.py": SHORT})
    done = run_cli("check", "m.py", "--no-cache", cwd=root)
    assert done.returncode == 2
    assert "'threshold'" in done.stderr


def test_per_path_overrides_loosen_limits_under_tests(write_project) -> None:  # type: ignore[no-untyped-def]
    config = textwrap.dedent(
        """\
        [tool.codesmell.thresholds]
        sloc = { warning = 20, critical = 50 }

        [[tool.codesmell.overrides]]
        paths = ["tests/**"]
        thresholds = { sloc = { warning = 100, critical = 200 }, locals = 100, statements = 100 }
        """
    )
    root = write_project({"pyproject.toml": config, "src/a.py": LONG, "tests/test_a.py": LONG})
    out = run_cli("check", ".", "--no-cache", cwd=root).stdout
    assert "src/a.py:1:1: CSM101" in out
    assert "tests/test_a.py" not in out


def test_exclude_globs(write_project) -> None:  # type: ignore[no-untyped-def]
    config = '[tool.codesmell]\nextend-exclude = ["generated", "legacy/*.py"]\n'
    root = write_project(
        {"pyproject.toml": config, "generated/g.py": LONG, "legacy/old.py": LONG, "app.py": LONG}
    )
    document = json.loads(run_cli("metrics", ".", "--format", "json", "--no-cache", cwd=root).stdout)
    assert [f["path"] for f in document["files"]] == ["app.py"]


def test_explain_shows_each_increment_on_its_line(write_project) -> None:  # type: ignore[no-untyped-def]
    source = textwrap.dedent(
        """\
        def grade(score, bonus):
            if score > 90 and bonus:
                return "A"
            for _ in range(3):
                if score:
                    score -= 1
            return "B"
        """
    )
    root = write_project({"g.py": source})
    out = run_cli("explain", "g.py:grade", cwd=root)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # cyclomatic: 1 + if + and + for + if = 5; cognitive: if 1 + and 1 + for 1 + nested if 2 = 5
    assert lines[0] == "grade (line 1-7): cyclomatic 5 = 1 + decisions, cognitive 5"
    line2 = next(line for line in lines if line.lstrip().startswith("2 |"))
    assert "cc +1 if" in line2 and "cog +1 boolean sequence and" in line2
    line5 = next(line for line in lines if line.lstrip().startswith("5 |"))
    assert "cog +2 if (nesting 1)" in line5
    missing = run_cli("explain", "g.py:nope", cwd=root)
    assert missing.returncode == 2


def test_check_explain_flag_lists_increments(write_project) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"    if a == {i}:\n        return {i}\n" for i in range(11))
    root = write_project({"c.py": "def branchy(a):\n" + body + "    return -1\n"})
    out = run_cli("check", "c.py", "--explain", "--no-cache", cwd=root).stdout
    assert "CSM102" in out
    assert "c.py: branchy (line 1-24): cyclomatic 12" in out


def test_paths_are_relative_to_the_current_directory(write_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"proj/src/app/__init__.py": "", "proj/src/app/core.py": SHORT})
    document = json.loads(run_cli("metrics", "proj", "--format", "json", "--no-cache", cwd=root).stdout)
    by_path = {f["path"]: f["module"] for f in document["files"]}
    assert by_path == {"proj/src/app/__init__.py": "app", "proj/src/app/core.py": "app.core"}


def test_csv_keeps_a_row_for_a_file_that_could_not_be_analysed(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"bad.py": "def broken(:\n    pass\n", "m.py": SHORT})
    done = run_cli("metrics", ".", "--format", "csv", "--no-cache", cwd=root)
    assert done.returncode == 1
    rows = done.stdout.splitlines()
    assert rows[0].endswith(",verdict,error")
    bad = [row for row in rows if row.startswith("bad.py,")]
    assert len(bad) == 1 and ",CSM901 syntax error" in bad[0]
    assert any(row.startswith("m.py,m,short,1,2,") for row in rows)


def test_identifiers_are_nfkc_normalised_like_python(write_project) -> None:  # type: ignore[no-untyped-def]
    # U+0133 (LATIN SMALL LIGATURE IJ) is the identifier "ij" to Python (PEP 3131).
    root = write_project({"u.py": "def \u0133oin(a):\n    return a\n"})
    document = json.loads(run_cli("metrics", "u.py", "--format", "json", "--no-cache", cwd=root).stdout)
    assert document["files"][0]["functions"][0]["qualname"] == "ijoin"
