"""Shared helpers: run the real CLI in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


def tangled(name: str, blocks: int, indent: str = "") -> str:
    """A function of `blocks` nested for/if/if blocks, the shape the long-method verdict flags.

    SLOC 4*blocks + 2, statements 4*blocks + 1, cognitive 6*blocks (for +1, if +2,
    if +3), nesting 3, one local (`x`). 5 blocks are a warning (CSM100), 13 critical (CSM200).
    """
    lines = [f"def {name}(xs, y):"]
    for i in range(blocks):
        lines += ["    for x in xs:", f"        if x > {i}:", "            if x % 2:", "                y = y + x"]
    lines.append("    return y")
    return "".join(f"{indent}{line}\n" for line in lines)


def run_cli(*args: str, cwd: Path | str | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m codesmell ARGS` with the cache off unless the test asks for it."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    completed = subprocess.run(
        [sys.executable, "-m", "codesmell", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and completed.returncode not in (0, 1):
        raise AssertionError(completed.stderr)
    return completed


def modules_after(args: list[str], cwd: Path) -> tuple[set[str], str]:
    """The modules `codesmell ARGS` has imported by the time it returns (fresh interpreter), and its stderr."""
    script = (
        "import json, sys\n"
        "from codesmell.cli import main\n"
        f"code = main({args!r})\n"
        "sys.stdout.flush()\n"
        "print('\\nMODULES=' + json.dumps(sorted(sys.modules)))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", CODESMELL_STATS="1")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    marker = done.stdout.rindex("MODULES=")
    return set(json.loads(done.stdout[marker + len("MODULES=") :])), done.stderr


@pytest.fixture
def write_project(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write {relative path: text} under tmp_path and return tmp_path."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return tmp_path

    return write
