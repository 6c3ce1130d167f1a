"""The generated contracts run by the real `lint-imports` and `tach check`.

Each fixture is copied to a temporary directory, `codesmell graph` writes the files there,
and the tools must pass on the code as it is, then fail once the test adds an import
between two communities that are independent today (or one that points up the layers).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
BIN = Path(sys.executable).parent


def _project(tmp_path: Path, fixture: str) -> Path:
    root = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, root)
    return root


def _generate(root: Path, paths: str, fmt: str, seed: str = "0", check: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "codesmell", "graph", paths, "--no-cache", "--jobs", "1", "--format", fmt],
        cwd=root, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=check,
    )
    return done.stdout


def _lint_imports(root: Path, source_root: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / source_root)}
    return subprocess.run(
        [str(BIN / "lint-imports"), ".importlinter", "--no-cache", "--no-logo"],
        cwd=root, capture_output=True, text=True, env=env,
    )


def _tach(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "tach"), "check"], cwd=root, capture_output=True, text=True)


def _write_both(root: Path, paths: str) -> configparser.ConfigParser:
    text = _generate(root, paths, "importlinter")
    (root / ".importlinter").write_text(text)
    (root / "tach.toml").write_text(_generate(root, paths, "tach"))
    parser = configparser.ConfigParser()
    parser.read_string(text)
    return parser


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + line + "\n")


def _layers(parser: configparser.ConfigParser, contract: str) -> list[str]:
    return parser[f"importlinter:contract:{contract}"]["layers"].strip().splitlines()


def test_planted_contracts_as_derived_by_hand(tmp_path: Path) -> None:
    root = _project(tmp_path, "planted_communities")
    parser = _write_both(root, "src")
    assert parser["importlinter"]["root_packages"].split() == ["shopfront"]
    # Two Louvain levels (the finer one splits reporting and accounts); the final one first.
    # Between communities: reporting -> billing -> catalog, reporting -> accounts (see the
    # fixture's README). Sinks first to the bottom: catalog (0), accounts (1) and the lone
    # root package (4, no unit: its subtree spans every community), then billing, then
    # reporting on top. Nothing points up, so nothing is ignored.
    assert [s for s in parser.sections() if "layers-level" in s] == [
        "importlinter:contract:layers-level-1",
        "importlinter:contract:layers-level-0",
    ]
    level = parser["importlinter:contract:layers-level-1"]
    assert [line.strip() for line in _layers(parser, "layers-level-1")] == [
        "shopfront.reporting",
        "shopfront.billing.currency : shopfront.billing.invoice : shopfront.billing.payment : shopfront.billing.tax",
        "shopfront.accounts",
        "shopfront.billing.stock_alerts : shopfront.catalog",
    ]
    assert "ignore_imports" not in level
    # Independent pairs (no path either way): catalog-accounts and billing-accounts.
    contracts = sorted(s for s in parser.sections() if s.startswith("importlinter:contract:independent"))
    assert contracts == [f"importlinter:contract:independent-of-community-{n}" for n in (0, 1, 2)]
    assert [line.strip() for line in _layers(parser, "independent-of-community-1")] == [
        "shopfront.billing.currency : shopfront.billing.invoice : shopfront.billing.payment : "
        "shopfront.billing.stock_alerts : shopfront.billing.tax : shopfront.catalog",
        "shopfront.accounts",
    ]
    tach = (root / "tach.toml").read_text()
    assert 'source_roots = ["src"]' in tach
    # stock_alerts lives in billing/ but belongs to catalog's community: its own tach module
    assert 'path = "shopfront.billing.stock_alerts"\ndepends_on = ["shopfront.catalog"]' in tach
    assert 'path = "shopfront.reporting"\ndepends_on = ["shopfront.accounts", "shopfront.billing"]' in tach


def test_planted_contracts_pass_then_fail_on_an_import_between_independent_communities(tmp_path: Path) -> None:
    root = _project(tmp_path, "planted_communities")
    _write_both(root, "src")
    lint, tach = _lint_imports(root, "src"), _tach(root)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "Contracts: 5 kept, 0 broken." in lint.stdout  # two levels' layers, three independences
    assert tach.returncode == 0, tach.stdout + tach.stderr

    _append(root / "src/shopfront/accounts/user.py", "from shopfront.catalog.product import Product")
    lint, tach = _lint_imports(root, "src"), _tach(root)
    assert lint.returncode == 1
    out = " ".join(lint.stdout.split())  # import-linter wraps long lines
    assert "community 1 (shopfront.accounts) imports no independent one BROKEN" in out
    assert "shopfront.accounts.user -> shopfront.catalog.product" in lint.stdout
    assert tach.returncode == 1
    assert "Module 'shopfront.accounts' cannot depend on 'shopfront.catalog'" in tach.stdout + tach.stderr


def test_planted_layers_fail_on_an_import_pointing_up(tmp_path: Path) -> None:
    root = _project(tmp_path, "planted_communities")
    _write_both(root, "src")
    # catalog is the bottom layer; reporting (top) already depends on it through billing
    _append(root / "src/shopfront/catalog/search.py", "from shopfront.reporting import summary")
    lint = _lint_imports(root, "src")
    assert lint.returncode == 1
    assert "codesmell: final communities in dependency order BROKEN" in lint.stdout
    assert "shopfront.catalog.search -> shopfront.reporting.summary" in lint.stdout
    assert _tach(root).returncode == 1


def test_two_level_fixture_passes_and_an_upward_import_fails(tmp_path: Path) -> None:
    root = _project(tmp_path, "planted_communities")
    parser = _write_both(root, "src")
    # two distinct Louvain levels, coarsest first
    assert [s for s in parser.sections() if "layers-level" in s] == [
        "importlinter:contract:layers-level-1",
        "importlinter:contract:layers-level-0",
    ]
    lint, tach = _lint_imports(root, "src"), _tach(root)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "No matches" not in lint.stdout + lint.stderr  # every ignored import exists
    assert tach.returncode == 0, tach.stdout + tach.stderr
    top = _layers(parser, "layers-level-1")[0].split(" : ")[0].strip()
    bottom = _layers(parser, "layers-level-1")[-1].split(" : ")[0].strip()
    module = root / "src" / (bottom.replace(".", "/") + ".py")
    if not module.exists():
        module = root / "src" / bottom.replace(".", "/") / "__init__.py"
    _append(module, f"import {top}")
    lint, tach = _lint_imports(root, "src"), _tach(root)
    assert lint.returncode == 1
    assert tach.returncode == 1


@pytest.mark.parametrize("fmt", ["importlinter", "tach"])
def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path, fmt: str) -> None:
    root = _project(tmp_path, "planted_communities")
    assert _generate(root, "src", fmt, seed="1") == _generate(root, "src", fmt, seed="2")


@pytest.mark.parametrize("fmt", ["importlinter", "tach"])
def test_names_that_cannot_be_imported_stay_out(tmp_path: Path, fmt: str) -> None:
    root = _project(tmp_path, "hostile_names")
    text = _generate(root, ".", fmt, check=False)  # app/broken.py cannot be parsed: exit 1
    assert "app" in text
    assert "<" not in text and "onerror" not in text
