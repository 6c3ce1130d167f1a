"""The baseline workflow a legacy project follows, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tangled

from codesmell.config import ConfigError
from codesmell.model import Finding
from codesmell.rules import baseline


def body(name: str, lines: int) -> str:
    return f"def {name}(x):\n" + "".join(f"    x = x + {i}\n" for i in range(lines)) + "    return x\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", *args],
        cwd=cwd, capture_output=True, text=True,
    )


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    """A project with two long functions recorded in `codesmell-baseline.json`.

    It turns the per-metric hard limits on (their findings are what these tests record);
    the default long-method finding (CSM100/CSM200) is baselined in the tests below.
    """
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codesmell]\nbaseline = "codesmell-baseline.json"\nextend-select = ["CSM1", "CSM2"]\n'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "old.py").write_text(body("first", 30) + "\n\nclass K:\n    " + body("method", 25).replace("\n", "\n    "))
    (tmp_path / "src" / "other.py").write_text(body("other", 22))
    done = run(tmp_path, "--update-baseline", ".")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    return tmp_path


def recorded(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "codesmell-baseline.json").read_text())
    return data


def test_update_records_values_not_lines(legacy: Path) -> None:
    data = recorded(legacy)
    assert data["version"] == 1
    assert data["findings"] == {
        "src/old.py": {
            "K.method": {"sloc": 27},
            "first": {"sloc": 32, "statements": 31},
        },
        "src/other.py": {"other": {"sloc": 24}},
    }
    text = (legacy / "codesmell-baseline.json").read_text()
    assert '"line"' not in text
    assert text.endswith("}\n") and text.startswith('{\n  "findings"')  # indented, keys sorted


def test_update_is_byte_stable(legacy: Path) -> None:
    before = (legacy / "codesmell-baseline.json").read_bytes()
    assert run(legacy, "--update-baseline", ".").returncode == 0
    assert (legacy / "codesmell-baseline.json").read_bytes() == before
    assert not [p.name for p in legacy.iterdir() if p.name.endswith(".tmp")]


def test_check_passes_on_recorded_findings_even_after_code_moves(legacy: Path) -> None:
    done = run(legacy, ".")
    assert (done.returncode, done.stdout) == (0, "")
    assert "4 finding(s) in the baseline" in done.stderr
    old = legacy / "src" / "old.py"
    old.write_text("import os\n\n\nCONSTANT = 1\n\n\n" + old.read_text())
    assert run(legacy, ".").returncode == 0


def test_new_and_worse_fail_and_only_they_are_printed(legacy: Path) -> None:
    (legacy / "src" / "other.py").write_text(body("other", 24))  # sloc 24 -> 26: worse
    (legacy / "src" / "new.py").write_text(body("fresh", 21))
    done = run(legacy, ".")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("src/new.py:1:1: CSM101 long function 'fresh': SLOC 23 > 20 (warning)")
    assert lines[1].startswith("src/other.py:1:1: CSM101 long function 'other': SLOC 26 > 20 (warning)")


def test_improved_function_tightens_on_update(legacy: Path) -> None:
    other = legacy / "src" / "other.py"
    other.write_text(body("other", 21))  # 24 -> 23: better, still over the threshold
    assert run(legacy, ".").returncode == 0
    assert run(legacy, "--update-baseline", ".").returncode == 0
    assert recorded(legacy)["findings"]["src/other.py"] == {"other": {"sloc": 23}}  # type: ignore[index]
    other.write_text(body("other", 22))  # back to 24: worse than the tightened entry
    assert run(legacy, ".").returncode == 1


def test_deleted_and_fixed_code_is_dropped(legacy: Path) -> None:
    (legacy / "src" / "other.py").unlink()
    (legacy / "src" / "old.py").write_text(body("first", 30))  # K.method gone
    assert run(legacy, "--update-baseline", ".").returncode == 0
    assert recorded(legacy)["findings"] == {"src/old.py": {"first": {"sloc": 32, "statements": 31}}}


def test_partial_run_keeps_entries_of_files_it_did_not_analyse(legacy: Path) -> None:
    (legacy / "src" / "other.py").write_text(body("other", 1))  # fixed
    assert run(legacy, "--update-baseline", "src/other.py").returncode == 0
    assert set(recorded(legacy)["findings"]) == {"src/old.py"}  # type: ignore[arg-type]


def test_explicit_baseline_path_and_no_baseline(legacy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ci" / "baseline.json"
    assert run(legacy, "--baseline", str(elsewhere), "--update-baseline", ".").returncode == 0
    assert json.loads(elsewhere.read_text())["findings"] == recorded(legacy)["findings"]
    done = run(legacy, "--no-baseline", ".")
    assert done.returncode == 1
    assert done.stdout.count("CSM1") == 4


def test_file_errors_can_be_baselined(legacy: Path) -> None:
    (legacy / "py2.py").write_text("print 'legacy'\n")
    assert run(legacy, ".").returncode == 1
    assert run(legacy, "--update-baseline", ".").returncode == 0
    assert recorded(legacy)["findings"]["py2.py"] == {"<file>": {"CSM901": 0}}  # type: ignore[index]
    assert run(legacy, ".").returncode == 0


def test_corrupt_baseline_exits_2(legacy: Path) -> None:
    (legacy / "codesmell-baseline.json").write_text("{not json")
    done = run(legacy, ".")
    assert done.returncode == 2
    assert "is not valid JSON" in done.stderr
    (legacy / "codesmell-baseline.json").write_text('{"version": 99, "findings": {}}')
    assert "is not a codesmell baseline" in run(legacy, ".").stderr


def test_missing_baseline_is_empty(tmp_path: Path) -> None:
    assert baseline.load(tmp_path / "absent.json").entries == {}
    (tmp_path / "bad.json").write_text('{"version": 1, "findings": {"a.py": {"f": {"sloc": "x"}}}}')
    with pytest.raises(ConfigError, match="must be a number"):
        baseline.load(tmp_path / "bad.json")


def test_duplicate_qualnames_keep_the_worst_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [
        Finding("a.py", 3, 0, "CSM101", "m", "warning", "K.x", "sloc", 25, 20),
        Finding("a.py", 40, 0, "CSM101", "m", "warning", "K.x", "sloc", 30, 20),
    ]
    built = baseline.build(findings, tmp_path, baseline.Baseline(), ["a.py"], {})
    assert built.entries == {("a.py", "K.x", "sloc"): 30}
    new, known = baseline.split(findings, built, tmp_path)
    assert (new, len(known)) == ([], 2)


def check_json(cwd: Path, *args: str) -> dict[str, object]:
    document: dict[str, object] = json.loads(run(cwd, "--format", "json", "--no-baseline", *args).stdout)
    return document


def test_long_method_findings_are_recorded_by_priority(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.codesmell]\nbaseline = "codesmell-baseline.json"\n')
    (tmp_path / "k.py").write_text(tangled("knot", 5))
    [finding] = check_json(tmp_path, ".")["findings"]  # type: ignore[misc]
    assert finding["code"] == "CSM100"
    assert run(tmp_path, "--update-baseline", ".").returncode == 0
    # one entry per function: the long-method finding's priority
    assert recorded(tmp_path)["findings"] == {"k.py": {"knot": {"long_method": finding["priority"]}}}
    assert run(tmp_path, ".").returncode == 0
    (tmp_path / "k.py").write_text(tangled("knot", 6))  # one more nested block: higher priority, worse
    worse = run(tmp_path, ".")
    assert worse.returncode == 1 and worse.stdout.startswith("k.py:1:1: CSM100 long method 'knot'")


def test_a_baseline_of_per_metric_findings_still_covers_the_long_method_finding(tmp_path: Path) -> None:
    """A baseline written before CSM100 existed: the function is judged by its recorded metrics."""
    # the worst-tier configuration: exactly the findings of codesmell before the long-method finding
    before = (
        '[tool.codesmell]\nbaseline = "codesmell-baseline.json"\n'
        'select = ["CSM1", "CSM2", "CSM9"]\nignore = ["CSM100", "CSM200"]\n'
    )
    (tmp_path / "pyproject.toml").write_text(before)
    (tmp_path / "k.py").write_text(tangled("knot", 5))
    (tmp_path / "plain.py").write_text(body("plain", 30))
    assert run(tmp_path, "--update-baseline", ".").returncode == 0
    # 22 SLOC, cyclomatic 16, cognitive 30 and 15 logic blocks exceed their warning thresholds
    assert recorded(tmp_path)["findings"]["k.py"] == {  # type: ignore[index]
        "knot": {"sloc": 22, "cyclomatic": 16, "cognitive": 30, "logic_blocks": 15}
    }
    (tmp_path / "pyproject.toml").write_text('[tool.codesmell]\nbaseline = "codesmell-baseline.json"\n')
    same = run(tmp_path, ".")  # the default codes now: CSM100 for knot, nothing for the plain recipe
    assert (same.returncode, same.stdout) == (0, ""), same.stdout
    assert "1 finding(s) in the baseline" in same.stderr
    (tmp_path / "k.py").write_text(tangled("knot", 6))  # SLOC 26, cognitive 36: worse than recorded
    worse = run(tmp_path, ".")
    assert worse.returncode == 1 and worse.stdout.startswith("k.py:1:1: CSM100")
    assert run(tmp_path, "--update-baseline", ".").returncode == 0
    assert set(recorded(tmp_path)["findings"]["k.py"]["knot"]) == {"long_method"}  # type: ignore[index]


def test_split_judges_a_long_method_finding_by_its_exceeded_metrics() -> None:
    root = Path(".")
    legacy = baseline.Baseline({("a.py", "f", "sloc"): 30, ("a.py", "f", "cognitive"): 20})
    finding = Finding("a.py", 1, 0, "CSM100", "m", "warning", "f", "long_method", 40.0, 30.9,
                      {"exceeded": {"sloc": 30, "cognitive": 18}})
    assert baseline.split([finding], legacy, root) == ([], [finding])
    grown = Finding("a.py", 1, 0, "CSM100", "m", "warning", "f", "long_method", 42.0, 30.9,
                    {"exceeded": {"sloc": 30, "cognitive": 18, "max_nesting": 4}})  # nesting not recorded
    assert baseline.split([grown], legacy, root) == ([grown], [])
    other = Finding("a.py", 9, 0, "CSM100", "m", "warning", "g", "long_method", 40.0, 30.9,
                    {"exceeded": {"sloc": 25}})  # a function the baseline never saw
    assert baseline.split([other], legacy, root) == ([other], [])
    recorded_priority = baseline.Baseline({("a.py", "f", "long_method"): 40.0})
    assert baseline.split([finding, grown], recorded_priority, root) == ([grown], [finding])
