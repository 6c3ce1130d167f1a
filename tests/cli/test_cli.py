"""The `metrics`, `check` and `explain` commands, run as a user runs them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from conftest import run_cli, tangled

LONG = "def long_one(a):\n" + "".join(f"    v{i} = a + {i}\n" for i in range(25)) + "    return a\n"
# 27 SLOC (def + 25 assignments + return) > 20 -> CSM101; 25 locals > 15 -> CSM205 (hard limits, opt-in);
# a plain list of assignments, so the combined long-method verdict is ok: no CSM100 by default.
KNOT = tangled("knot", 5)
# 22 SLOC, cognitive 30 (5 nested for/if/if blocks), nesting 3: CSM100.

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
    # the combined verdict: 27 plain assignments are long but not hard to read (the worst tier was critical)
    assert (long_one["line"], long_one["sloc"], long_one["locals"], long_one["verdict"]) == (
        5, 27, 25, "ok")
    assert {"concerns", "shape", "priority"} <= set(long_one)


def test_metrics_csv_and_text(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"m.py": SHORT})
    csv_out = run_cli("metrics", "m.py", "--format", "csv", "--no-cache", cwd=root).stdout.splitlines()
    assert csv_out[0].startswith("path,module,qualname,line,end_line,sloc")
    assert csv_out[1].startswith("m.py,m,short,1,2,2,")
    text = run_cli("metrics", "m.py", "--no-cache", cwd=root).stdout
    assert "short" in text and "m.py (m)" in text


def test_check_exit_codes_and_flake8_style_lines(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"clean.py": SHORT, "dirty.py": LONG, "knot.py": KNOT})
    clean = run_cli("check", "clean.py", "dirty.py", "--no-cache", cwd=root)
    assert (clean.returncode, clean.stdout) == (0, "")
    knot = run_cli("check", "knot.py", "--no-cache", cwd=root)
    assert knot.returncode == 1
    [line] = knot.stdout.splitlines()
    assert line.startswith("knot.py:1:1: CSM100 long method 'knot': 22 SLOC in 1 concern, nesting 3, cognitive 30")
    # the hard limits, opted in: 26 statements stay under the statements warning (30), so no CSM104.
    dirty = run_cli("check", "dirty.py", "--select", "CSM1,CSM2", "--no-cache", cwd=root)
    assert dirty.returncode == 1
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
    no_sloc = run_cli("check", "dirty.py", "--select", "CSM", "--ignore", "CSM101", "--no-cache", cwd=root).stdout
    assert "CSM101" not in no_sloc and "CSM205" in no_sloc


def test_hard_limits_are_opt_in_through_the_configuration(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"dirty.py": LONG, "knot.py": KNOT})
    default = run_cli("check", ".", "--no-cache", cwd=root).stdout
    assert [line.split()[1] for line in default.splitlines()] == ["CSM100"]
    (root / "pyproject.toml").write_text('[tool.codesmell]\nextend-select = ["CSM1", "CSM2"]\n')
    both = run_cli("check", ".", "--no-cache", cwd=root).stdout
    codes = {(line.split(":")[0], line.split()[1]) for line in both.splitlines()}
    assert {("dirty.py", "CSM101"), ("dirty.py", "CSM205"), ("knot.py", "CSM100"), ("knot.py", "CSM103")} <= codes
    # today's worst-tier behaviour back exactly: every per-metric code, no long-method finding
    (root / "pyproject.toml").write_text('[tool.codesmell]\nselect = ["CSM1", "CSM2", "CSM9"]\nignore = ["CSM100", "CSM200"]\n')
    old = run_cli("check", ".", "--no-cache", cwd=root).stdout
    assert old == run_cli("check", ".", "--select", "CSM", "--ignore", "CSM100,CSM200", "--no-cache", cwd=root).stdout
    assert "CSM100" not in old and ("dirty.py", "CSM205") in {(ln.split(":")[0], ln.split()[1]) for ln in old.splitlines()}


def test_noqa_covers_the_long_method_finding(write_project) -> None:  # type: ignore[no-untyped-def]
    root = write_project({"k.py": KNOT.replace("(xs, y):", "(xs, y):  # noqa: CSM100", 1)})
    done = run_cli("check", "k.py", "--no-cache", cwd=root)
    assert (done.returncode, done.stdout) == (0, "")


def test_sort_priority_puts_what_to_split_first_on_top(write_project) -> None:  # type: ignore[no-untyped-def]
    # a warning (5 blocks) above a critical (13 blocks) in the file; by priority the critical leads
    root = write_project({"m.py": KNOT + "\n\n" + tangled("knotted", 13), "bad.py": "def f(:\n"})
    by_path = run_cli("check", ".", "--no-cache", cwd=root).stdout.splitlines()
    by_priority = run_cli("check", ".", "--sort", "priority", "--no-cache", cwd=root).stdout.splitlines()
    assert [line.split()[1] for line in by_path] == ["CSM901", "CSM100", "CSM200"]
    assert [line.split()[1] for line in by_priority] == ["CSM901", "CSM200", "CSM100"]
    assert sorted(by_path) == sorted(by_priority)
    document = json.loads(run_cli("check", ".", "--sort", "priority", "--format", "json", "--no-cache",
                                  cwd=root).stdout)
    priorities = [f["priority"] for f in document["findings"] if "priority" in f]
    assert priorities == sorted(priorities, reverse=True) and len(priorities) == 2
    bad = run_cli("check", ".", "--sort", "size", "--no-cache", cwd=root)
    assert bad.returncode == 2


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
    out = run_cli("check", "m.py", "--select", "CSM", "--no-cache", cwd=root)
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
    root = write_project({"pyproject.toml": config, "src/a.py": KNOT, "tests/test_a.py": KNOT})
    out = run_cli("check", ".", "--no-cache", cwd=root).stdout
    # under tests/ the same function is within the loosened size: not long, and not tangled enough alone
    assert "src/a.py:1:1: CSM100" in out
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
    root = write_project({"c.py": "def branchy(a):\n" + body + "    return -1\n", "k.py": KNOT})
    out = run_cli("check", "c.py", "--explain", "--select", "CSM", "--no-cache", cwd=root).stdout
    assert "CSM102" in out
    assert "c.py: branchy (line 1-24): cyclomatic 12" in out
    # the long-method finding brings its function's increments too: 5 x (for, if, if) = cyclomatic 16
    knot = run_cli("check", "k.py", "--explain", "--no-cache", cwd=root).stdout
    assert "CSM100" in knot and "k.py: knot (line 1-22): cyclomatic 16" in knot


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
    assert rows[0].endswith(",max_nesting,concerns,shape,verdict,priority,error")
    bad = [row for row in rows if row.startswith("bad.py,")]
    assert len(bad) == 1 and ",CSM901 syntax error" in bad[0]
    assert any(row.startswith("m.py,m,short,1,2,") for row in rows)


def test_identifiers_are_nfkc_normalised_like_python(write_project) -> None:  # type: ignore[no-untyped-def]
    # U+0133 (LATIN SMALL LIGATURE IJ) is the identifier "ij" to Python (PEP 3131).
    root = write_project({"u.py": "def \u0133oin(a):\n    return a\n"})
    document = json.loads(run_cli("metrics", "u.py", "--format", "json", "--no-cache", cwd=root).stdout)
    assert document["files"][0]["functions"][0]["qualname"] == "ijoin"
