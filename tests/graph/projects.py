"""Load fixture projects the way the engine does: one parse per file, then facts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import libcst as cst

from codesmell.graph.facts import ModuleFacts, extract_module_facts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

ModuleInput = tuple[str, str, ModuleFacts]


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    """Dotted name of `path` under the import root `root`, and whether it is a package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def load_project(root: Path) -> list[ModuleInput]:
    """(module, path, facts) for every .py file under `root`, sorted by path."""
    result = []
    for path in sorted(root.rglob("*.py")):
        name, is_package = module_name(root, path)
        tree = cst.parse_module(path.read_text(encoding="utf-8"))
        facts = extract_module_facts(tree, name, is_package)
        result.append((name, path.relative_to(FIXTURES).as_posix(), facts))
    return result


def facts_of(source: str, name: str = "pkg.mod", is_package: bool = False) -> ModuleFacts:
    """Facts of a source snippet parsed as module `name`."""
    return extract_module_facts(cst.parse_module(source), name, is_package)


def stdout_under_hash_seed(script: str, seed: str) -> str:
    """What `python -c script` prints with PYTHONHASHSEED=`seed`, with the tests and the repository importable."""
    tests_dir = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "PYTHONPATH": os.pathsep.join([str(tests_dir.parent), str(tests_dir)]),
    }
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
