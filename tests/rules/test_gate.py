"""`codesmell check` as CI runs it: exit codes and the `[tool.codesmell.gate]` keys, via the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tangled

from codesmell.config import ConfigError
from codesmell.model import Finding
from codesmell.rules.gate import GateConfig, judge, new_cycles, parse_gate, project_figures
from codesmell.run.analyze import analyze_source

# nested for/if/if blocks: 13 are a critical long method (CSM200, 54 SLOC), 5 a warning (CSM100)
LONG = tangled("long_function", 13)
MEDIUM = tangled("medium_function", 5)
BRANCHY = "def branchy(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(6)) + "    return x\n"
CLEAN = "def short_function(x):\n    return x + 1\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", *args],
        cwd=cwd, capture_output=True, text=True,
    )


def project(tmp_path: Path, files: dict[str, str], gate: str = "", extra: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.codesmell]\n{extra}\n[tool.codesmell.gate]\n{gate}\n")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_clean_project_exits_0_silently(tmp_path: Path) -> None:
    done = run(project(tmp_path, {"ok.py": CLEAN}), ".")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_long_function_exits_1_with_where_and_why(tmp_path: Path) -> None:
    done = run(project(tmp_path, {"pkg/legacy.py": CLEAN + "\n\n" + LONG}), ".")
    assert done.returncode == 1
    assert "pkg/legacy.py:5:1: CSM200 long method 'long_function': 54 SLOC in 1 concern, nesting 3, cognitive 78" in done.stdout
    assert "over the per-function thresholds" in done.stderr


def test_max_warnings_tolerates_that_many_warnings(tmp_path: Path) -> None:
    root = project(tmp_path, {"m.py": MEDIUM}, gate="max-warnings = 1")
    done = run(root, ".")
    assert done.returncode == 0, done.stderr
    assert "CSM100" in done.stdout  # still reported, just not failing
    (root / "n.py").write_text(MEDIUM)
    done = run(root, ".")
    assert done.returncode == 1
    assert "2 warning finding(s) > max-warnings 1" in done.stderr


def test_max_criticals_is_separate_from_warnings(tmp_path: Path) -> None:
    root = project(tmp_path, {"m.py": MEDIUM, "l.py": LONG}, gate="max-warnings = 10\nmax-criticals = 0")
    done = run(root, ".")
    assert done.returncode == 1
    assert "critical finding(s) > max-criticals 0" in done.stderr
    assert "max-warnings" not in done.stderr


def test_max_average_cyclomatic(tmp_path: Path) -> None:
    # branchy has cyclomatic 7: with one clean function the average is 4
    root = project(tmp_path, {"b.py": BRANCHY, "c.py": CLEAN}, gate="max-average-cyclomatic = 3")
    done = run(root, ".")
    assert (done.returncode, done.stdout) == (1, "")
    assert "average cyclomatic complexity 4.00 > max-average-cyclomatic 3" in done.stderr
    (root / "d.py").write_text(CLEAN)  # (7 + 1 + 1) / 3 = 3, not above the limit
    assert run(root, ".").returncode == 0


def test_no_project_gates_keeps_per_function_thresholds_only(tmp_path: Path) -> None:
    root = project(tmp_path, {"b.py": BRANCHY}, gate="max-average-cyclomatic = 1\nno-new-cycles = true")
    assert run(root, ".").returncode == 1
    done = run(root, "--no-project-gates", ".")
    assert (done.returncode, done.stderr) == (0, "")


CYCLE_A = "from pkg import b\n\ndef f():\n    return b.g()\n"
CYCLE_B = "from pkg import a\n\ndef g():\n    return 1\n"


def test_no_new_cycles_against_the_baseline(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"pkg/__init__.py": "", "pkg/a.py": CYCLE_A, "pkg/b.py": CYCLE_B, "pkg/c.py": "X = 1\n"},
        gate="no-new-cycles = true",
        extra='baseline = "codesmell-baseline.json"',
    )
    done = run(root, ".")
    assert done.returncode == 1
    assert "new import cycle: pkg.a -> pkg.b -> pkg.a" in done.stderr

    assert run(root, "--update-baseline", ".").returncode == 0
    assert run(root, ".").returncode == 0  # the legacy cycle is accepted

    (root / "pkg/c.py").write_text("from pkg import d\n")
    (root / "pkg/d.py").write_text("from pkg import c\n")
    done = run(root, ".")
    assert done.returncode == 1
    assert "new import cycle: pkg.c -> pkg.d -> pkg.c" in done.stderr
    assert "pkg.a" not in done.stderr


def test_min_modularity(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": "", "pkg/a.py": CYCLE_A, "pkg/b.py": CYCLE_B}
    assert run(project(tmp_path, files, gate="min-modularity = 0.0"), ".").returncode == 0
    done = run(project(tmp_path, files, gate="min-modularity = 0.9"), ".")
    assert done.returncode == 1
    assert "< min-modularity 0.9" in done.stderr


def test_unanalysable_file_fails_the_gate(tmp_path: Path) -> None:
    root = project(tmp_path, {"ok.py": CLEAN, "py2.py": "print 'hello'\n"}, gate="max-warnings = 100")
    done = run(root, ".")
    assert done.returncode == 1
    assert "py2.py:1:" in done.stdout and "CSM901" in done.stdout
    assert "1 file(s) could not be analysed" in done.stderr


def test_exit_zero_overrides_a_failed_gate(tmp_path: Path) -> None:
    done = run(project(tmp_path, {"l.py": LONG}), "--exit-zero", ".")
    assert done.returncode == 0
    assert "CSM200" in done.stdout


@pytest.mark.parametrize(
    ("gate", "message"),
    [
        ("max-warning = 3", "unknown key 'max-warning' in [tool.codesmell.gate]"),
        ("max-warnings = -1", "max-warnings must be a non-negative integer"),
        ("max-criticals = 1.5", "max-criticals must be a non-negative integer"),
        ("no-new-cycles = 1", "no-new-cycles must be true or false"),
        ("min-modularity = 2", "min-modularity must be between 0 and 1"),
        ('max-average-cyclomatic = "5"', "max-average-cyclomatic must be a non-negative number"),
    ],
)
def test_bad_gate_configuration_exits_2_naming_the_key(tmp_path: Path, gate: str, message: str) -> None:
    done = run(project(tmp_path, {"ok.py": CLEAN}, gate=gate), ".")
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_unknown_top_level_key_exits_2(tmp_path: Path) -> None:
    done = run(project(tmp_path, {"ok.py": CLEAN}, extra="max-sloc = 3"), ".")
    assert done.returncode == 2
    assert "unknown key 'max-sloc' in [tool.codesmell]" in done.stderr


def test_update_baseline_needs_a_path(tmp_path: Path) -> None:
    done = run(project(tmp_path, {"ok.py": CLEAN}), "--update-baseline", ".")
    assert done.returncode == 2
    assert "--update-baseline needs --baseline FILE" in done.stderr


def test_parse_gate_accepts_underscores_and_defaults() -> None:
    assert parse_gate({}) == GateConfig()
    gate = parse_gate({"max_warnings": 3, "min-modularity": 0.25, "no_new_cycles": True})
    assert (gate.max_warnings, gate.max_criticals, gate.min_modularity, gate.uses_graph) == (3, None, 0.25, True)
    with pytest.raises(ConfigError, match="'colour'"):
        parse_gate({"colour": True})


def _finding(severity: str) -> Finding:
    return Finding("a.py", 1, 0, "CSM101", "m", severity, "f", "sloc", 30, 20)


def test_judge_project_figures_fail_only_when_worse_than_recorded() -> None:
    gate = GateConfig(max_average_cyclomatic=3)
    figures = {"average_cyclomatic": 4.0}
    assert len(judge(gate, [], figures, None)) == 1
    assert judge(gate, [], figures, {"average_cyclomatic": 4.5}) == []
    worse = judge(gate, [], figures, {"average_cyclomatic": 3.5})
    assert worse == ["average cyclomatic complexity 4.00 > max-average-cyclomatic 3 (baseline 3.5)"]
    assert judge(GateConfig(max_warnings=1), [_finding("warning")], {}, None) == []


def test_cycle_gate_uses_the_module_graphs_cycles_and_new_cycles() -> None:
    """The gate's cycles are `codesmell graph`'s: runtime imports only, calls and TYPE_CHECKING left out."""
    files = {
        "a": "import b\n",
        "b": "import a\nimport c\n",
        "c": "def f():\n    import b\n    b.g()\n",
        "d": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import e\n",
        "e": "import d\n",
        "f": "import f\n",
    }
    results = [analyze_source(text.encode(), f"{name}.py", name) for name, text in files.items()]
    figures = project_figures(GateConfig(no_new_cycles=True), results)
    # b <-> c through a lazy import inside a function still runs; d -> e only under TYPE_CHECKING
    assert figures["cycles"] == [["a", "b", "c"]]
    # the import edges are recorded too, so a later run can name the one import that is new
    assert figures["imports"] == ["a -> b", "b -> a", "b -> c", "c -> b", "d -> e", "e -> d"]
    assert new_cycles([["a", "b"]], [["a", "b", "c"]]) == []  # a recorded cycle that shrank
    assert new_cycles([["a", "b", "c"]], [["a", "b"]]) == [["a", "b", "c"]]  # one that grew
