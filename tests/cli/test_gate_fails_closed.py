"""A CI gate that cannot load or crashes fails the run with exit 2; it never passes silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

CLEAN = "def short_function(x):\n    return x + 1\n"

# Imported by the interpreter at start-up (it is on PYTHONPATH): any import of
# codesmell.rules.gate raises, as a broken install or a bad edit of the gate would.
BREAK_THE_GATE = '''
import sys

class _Broken:
    def find_spec(self, name, path=None, target=None):
        if name == "codesmell.rules.gate":
            raise ImportError("simulated: the gate module is broken")
        return None

sys.meta_path.insert(0, _Broken())
'''


def _check(cwd: Path, shim: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(shim)] if shim else []) + os.pathsep + str(REPO)
    env = dict(os.environ, PYTHONPATH=path.lstrip(os.pathsep), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", *args, "."],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


def _project(root: Path, gate: str) -> Path:
    (root / "pyproject.toml").write_text(f"[tool.codesmell]\n\n[tool.codesmell.gate]\n{gate}\n", encoding="utf-8")
    (root / "ok.py").write_text(CLEAN, encoding="utf-8")
    return root


def test_a_gate_that_cannot_be_imported_exits_2(tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(BREAK_THE_GATE, encoding="utf-8")
    (tmp_path / "project").mkdir()
    root = _project(tmp_path / "project", "")
    assert _check(root, None).returncode == 0  # the same clean project passes with a working gate
    done = _check(root, shim)
    assert done.returncode == 2, done.stderr
    assert "the CI gate (codesmell.rules.gate) cannot be loaded" in done.stderr
    assert "simulated: the gate module is broken" in done.stderr


def test_a_gate_that_crashes_exits_2_even_with_exit_zero(tmp_path: Path) -> None:
    """An exception inside the gate is no pass either, whatever `--exit-zero` says."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import codesmell.rules.gate as g\n"
        "def _boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated crash inside the gate')\n"
        "g.judge = _boom\n",
        encoding="utf-8",
    )
    (tmp_path / "project").mkdir()
    root = _project(tmp_path / "project", "max-warnings = 5")
    done = _check(root, shim, "--exit-zero")
    assert done.returncode == 2, done.stderr
    assert "the CI gate failed: RuntimeError: simulated crash inside the gate" in done.stderr
