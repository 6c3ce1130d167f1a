"""Same input, same bytes: every machine-readable output across runs and `--jobs` values.

A CI gate that diffs reports, a baseline, a SARIF upload: all rely on output that
changes only when the code does. The input mixes a real project
(`fixtures/long_methods`) with the committed bad-input files, so errors are in it too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

# (name, arguments before the common ones); the HTML report goes to a file.
OUTPUTS = [
    ("metrics.json", ("metrics", "--format", "json")),
    ("check.json", ("check", "--format", "json")),
    ("check.sarif", ("check", "--format", "sarif")),
    ("graph.json", ("graph", "--format", "json")),
    ("report.html", ("report",)),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("determinism")
    shutil.copytree(FIXTURES / "long_methods", root / "src", ignore=shutil.ignore_patterns("pyproject.toml"))
    bad = root / "src" / "bad"
    bad.mkdir()
    for path in (FIXTURES / "bad_input").glob("*.py"):
        if path.name != "make_corpus.py":
            shutil.copyfile(path, bad / path.name)
    return root


def produce(project: Path, name: str, args: tuple[str, ...], jobs: str, run: int) -> bytes:
    if name.endswith(".html"):
        out = project.parent / f"{project.name}-{jobs}-{run}.html"
        done = run_cli(*args, "src", "--no-cache", "--jobs", jobs, "-o", str(out), cwd=project)
        assert "Traceback" not in done.stderr, done.stderr
        return out.read_bytes()
    done = run_cli(*args, "src", "--no-cache", "--jobs", jobs, cwd=project)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, (name, done.returncode, done.stderr)  # the bad files are in the input
    return done.stdout.encode("utf-8")


@pytest.mark.parametrize(("name", "args"), OUTPUTS, ids=[name for name, _ in OUTPUTS])
def test_byte_identical_across_runs_and_jobs(project: Path, name: str, args: tuple[str, ...]) -> None:
    first = produce(project, name, args, "1", 1)
    assert b"CSM903" in first or name == "graph.json"  # the input's errors are in the output
    assert produce(project, name, args, "2", 1) == first, f"{name}: --jobs 1 and --jobs 2 differ"
    assert produce(project, name, args, "2", 2) == first, f"{name}: two runs with --jobs 2 differ"
