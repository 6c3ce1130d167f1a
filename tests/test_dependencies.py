"""The runtime dependencies in pyproject.toml are exactly what the package imports."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


# packages (or modules) of codesmell that run only with an extra installed, and the extra
OPTIONAL = {"lsp": "lsp", "graph/leiden.py": "leiden", "run/dask_executor.py": "dask"}


def extra_of(path: Path) -> str | None:
    """The extra `path` (a file of the package) needs: that of the longest matching entry of OPTIONAL."""
    relative = path.relative_to(ROOT / "codesmell").as_posix()
    matches = [name for name in OPTIONAL if relative == name or relative.startswith(name + "/")]
    return OPTIONAL[max(matches, key=len)] if matches else None


def imported_top_levels(extra: str | None = None) -> set[str]:
    """What the package imports outside the optional packages, or (with `extra`) inside that extra's package."""
    names: set[str] = set()
    for path in (ROOT / "codesmell").rglob("*.py"):
        if extra_of(path) != extra:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    # tomli is imported only below Python 3.11 (tomllib from 3.11), where it is declared with a marker
    return names - set(sys.stdlib_module_names) - {"codesmell", "__future__", "tomli"}


def distribution_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    declared = {distribution_name(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    owners = packages_distributions()
    used = set()
    for name in imported_top_levels():
        assert name in owners, f"codesmell imports {name!r}, which no installed distribution provides"
        used.update(d.lower().replace("_", "-") for d in owners[name])
    assert used == declared - {"tomli"}


def test_each_extra_declares_what_its_package_imports() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    owners = packages_distributions()
    for extra in set(OPTIONAL.values()):
        declared = {distribution_name(r) for r in extras[extra]}
        used = {d.lower().replace("_", "-") for name in imported_top_levels(extra) for d in owners[name]}
        # lsprotocol comes with pygls, which pins the version it speaks
        assert used - {"lsprotocol"} <= declared, (extra, used, declared)
        assert declared <= used, (extra, used, declared)
