"""Analysed code is never imported or executed (SPEC.md "Bad input").

Every module of the fixture project writes a marker file the moment it runs: at
module top, in a package `__init__.py`, in a `conftest.py`, in `__main__.py`,
behind `if __name__ == "__main__"`, and in a `setup.py`. Every command that reads
code runs over it; no marker may appear.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

LONG_BODY = "".join(f"    v{i} = a + {i}\n" for i in range(25)) + "    return v0\n"


def trap(marker: Path, where: str) -> str:
    return f"open({str(marker / where)!r}, 'w').write('executed')\n"


@pytest.fixture
def trapped(tmp_path: Path) -> tuple[Path, Path]:
    """(project directory, marker directory): the markers live outside the project."""
    project, markers = tmp_path / "project", tmp_path / "markers"
    markers.mkdir()
    files = {
        "pkg/__init__.py": trap(markers, "init") + "from pkg.mod import work\n",
        "pkg/mod.py": (
            "import os\n" + trap(markers, "module_top")
            + "\n\ndef work(a):\n" + LONG_BODY
            + "\n\nif __name__ == '__main__':\n    " + trap(markers, "main_guard")
        ),
        "pkg/__main__.py": trap(markers, "dunder_main") + "from pkg import work\nwork(1)\n",
        "pkg/conftest.py": "import pytest\n" + trap(markers, "conftest") + "\n\ndef pytest_configure(config):\n    "
        + trap(markers, "conftest_hook"),
        "setup.py": trap(markers, "setup") + "from setuptools import setup\nsetup(name='pkg')\n",
        "pkg/sitecustomize.py": trap(markers, "sitecustomize"),
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    # The traps work: running the code for real does write the markers (checked, then removed).
    subprocess.run([sys.executable, "-m", "pkg"], cwd=project, check=True, capture_output=True)
    assert {p.name for p in markers.iterdir()} == {"init", "module_top", "dunder_main"}
    for marker in markers.iterdir():
        marker.unlink()
    return project, markers


def test_no_command_imports_or_runs_the_analysed_code(trapped: tuple[Path, Path]) -> None:
    project, markers = trapped
    commands = [
        ("metrics", ".", "--format", "json", "--no-cache", "--jobs", "2"),
        ("check", ".", "--no-cache", "--jobs", "1"),
        ("check", ".", "--format", "sarif", "--no-cache"),
        ("graph", ".", "--format", "json", "--no-cache"),
        ("report", ".", "--no-cache", "-o", str(project.parent / "report.html")),
        ("explain", "pkg/mod.py:work"),
        ("suggest", "pkg/mod.py"),
    ]
    runs = []
    for command in commands:
        runs.append((command, run_cli(*command, cwd=project)))
        assert list(markers.iterdir()) == [], command
    # The flake8 plugin too: flake8 imports codesmell, never the checked files.
    env = dict(os.environ, PYTHONPATH=str(REPO))
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "CSM", "--csm-hard-limits", "."],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert "CSM101" in flake8.stdout, flake8.stdout + flake8.stderr
    assert list(markers.iterdir()) == []
    # Checked after the markers, so that one command failing for another reason hides nothing above.
    for command, done in runs:
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.returncode in (0, 1), (command, done.returncode, done.stderr)
