"""Halstead per function and the maintainability index per module: radon's own numbers, when asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, tangled
from radon.metrics import h_visit, mi_visit

from codesmell.config import ConfigError, Threshold, config_from_table
from codesmell.metrics.halstead import HALSTEAD_KEYS
from codesmell.run.analyze import analyze_source

PRICING = FIXTURES / "long_methods" / "invoicing" / "pricing.py"


def test_figures_are_radons_for_every_function_radon_reports() -> None:
    text = PRICING.read_text()
    result = analyze_source(text.encode(), "pricing.py", halstead=True)
    radon = dict(h_visit(text).functions)
    measured = {f.name: dict(zip(HALSTEAD_KEYS, f.halstead, strict=True)) for f in result.functions if f.halstead}
    assert set(measured) == set(radon)
    for name, figures in measured.items():
        for key in HALSTEAD_KEYS:
            assert figures[key] == pytest.approx(getattr(radon[name], key), abs=1e-3), (name, key)
    assert result.maintainability == pytest.approx(mi_visit(text, multi=True), abs=0.01)


def test_nested_functions_are_counted_in_their_parent_as_radon_does() -> None:
    text = "def outer(x):\n    def inner(y):\n        return y * 2 + 1\n    return inner(x) - 3\n"
    functions = {f.qualname: f for f in analyze_source(text.encode(), "m.py", halstead=True).functions}
    assert functions["outer"].halstead
    assert functions["outer.<locals>.inner"].halstead == ()
    assert dict(zip(HALSTEAD_KEYS, functions["outer"].halstead, strict=True))["volume"] == pytest.approx(
        dict(h_visit(text).functions)["outer"].volume, abs=1e-3)


def test_off_by_default_and_the_json_is_unchanged_then(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(tangled("knot", 5))
    plain = json.loads(run_cli("metrics", "--no-cache", "--format", "json", "m.py", cwd=tmp_path).stdout)
    assert "halstead" not in plain["files"][0]["functions"][0]
    assert "maintainability" not in plain["files"][0]
    asked = json.loads(run_cli("metrics", "--no-cache", "--halstead", "--format", "json", "m.py", cwd=tmp_path).stdout)
    function = asked["files"][0]["functions"][0]
    assert set(function["halstead"]) == set(HALSTEAD_KEYS)
    assert function["halstead"]["volume"] == pytest.approx(dict(h_visit(tangled("knot", 5)).functions)["knot"].volume,
                                                           abs=1e-3)
    assert asked["files"][0]["maintainability"] == pytest.approx(mi_visit(tangled("knot", 5), True), abs=0.01)


def test_rules_are_off_in_check_until_selected(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(tangled("knot", 13))
    (tmp_path / "pyproject.toml").write_text(
        "[tool.codesmell]\nignore = ['CSM200']\n[tool.codesmell.halstead]\nvolume = { warning = 100, critical = 5000 }\n"
        "maintainability = { warning = 90, critical = 10 }\n")
    assert run_cli("check", "--no-cache", "m.py", cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text(
        "[tool.codesmell]\nignore = ['CSM200']\nextend-select = ['CSM109', 'CSM110']\n"
        "[tool.codesmell.halstead]\nvolume = { warning = 100, critical = 5000 }\n"
        "maintainability = { warning = 90, critical = 10 }\n")
    done = run_cli("check", "--no-cache", "m.py", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("m.py:1:1: CSM109 large Halstead volume 'knot': volume ")
    assert lines[0].endswith("> 100 (warning)")
    assert lines[1].startswith("m.py:1:1: CSM110 low maintainability index of m: ")
    assert lines[1].endswith("< 90 (warning)")


def test_configuration_is_checked() -> None:
    settings = config_from_table({"halstead": {"volume": {"warning": 10, "critical": 20}}}).halstead
    assert settings.enabled and settings.volume == Threshold(10, 20) and settings.maintainability == Threshold(20, 10)
    with pytest.raises(ConfigError, match="unknown key 'volumes'"):
        config_from_table({"halstead": {"volumes": 3}})
    with pytest.raises(ConfigError, match="critical \\(30\\) is above warning \\(20\\)"):
        config_from_table({"halstead": {"maintainability": {"critical": 30}}})
