"""`[tool.codesmell]` to a `Config`: defaults, thresholds, select/ignore, globs, overrides, and errors named."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesmell.config import (
    DEFAULT_EXCLUDE,
    DEFAULT_THRESHOLDS,
    Config,
    ConfigError,
    Threshold,
    config_from_table,
    load_config,
    matches_any,
)


def test_an_empty_table_is_the_defaults() -> None:
    config = config_from_table({})
    assert config.thresholds == dict(DEFAULT_THRESHOLDS)
    assert (config.select, config.ignore, config.include, config.exclude) == (
        ("CSM100", "CSM200", "CSM3", "CSM9"), (), ("*.py", "*.ipynb"), DEFAULT_EXCLUDE)


def test_an_integer_sets_the_warning_and_keeps_the_critical_at_least_as_high() -> None:
    config = config_from_table({"thresholds": {"sloc": 30, "locals": 20}})
    assert config.thresholds["sloc"] == Threshold(30, 50)  # critical 50 stays
    assert config.thresholds["locals"] == Threshold(20, 20)  # critical raised to the warning


def test_a_table_sets_both_tiers_and_dashes_name_the_same_metric() -> None:
    config = config_from_table({"thresholds": {"max-nesting": {"warning": 2, "critical": 4}}})
    assert config.thresholds["max_nesting"] == Threshold(2, 4)


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"thresold": {}}, "'thresold'"),  # a misspelt key is an error, not silently ignored
        ({"thresholds": {"slok": 3}}, "'slok'"),
        ({"thresholds": {"sloc": {"warn": 3}}}, "'warn'"),
        ({"thresholds": {"sloc": -1}}, "non-negative"),
        ({"thresholds": {"sloc": True}}, "non-negative"),
        ({"thresholds": {"sloc": {"warning": 9, "critical": 3}}}, "below warning"),
        ({"select": [1]}, "list of strings"),
        ({"overrides": [{"thresholds": {}}]}, "needs 'paths'"),
        ({"overrides": [{"paths": ["a"], "colour": 1}]}, "'colour'"),
        ({"baseline": 3}, "baseline"),
    ],
)
def test_mistakes_are_errors_that_name_what_is_wrong(table: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        config_from_table(table)


def test_the_longest_matching_prefix_of_select_and_ignore_wins() -> None:
    config = Config(select=("CSM", "CSM101"), ignore=("CSM1",))
    assert config.is_enabled("CSM201")  # CSM (3) vs nothing
    assert not config.is_enabled("CSM102")  # CSM1 (4) beats CSM (3)
    assert config.is_enabled("CSM101")  # CSM101 (6) beats CSM1 (4)
    assert not Config(select=("CSM2",)).is_enabled("CSM101")


def test_extend_select_and_extend_ignore_add_to_the_lists() -> None:
    config = config_from_table({"extend-ignore": ["CSM105"], "extend-select": ["X1"]})
    assert (config.select, config.ignore) == (("CSM100", "CSM200", "CSM3", "CSM9", "X1"), ("CSM105",))


def test_overrides_apply_in_order_to_matching_paths_only() -> None:
    config = config_from_table(
        {
            "thresholds": {"sloc": 30},
            "overrides": [
                {"paths": ["tests/**"], "thresholds": {"sloc": 80}, "ignore": ["CSM105"]},
                {"paths": ["tests/slow_*.py"], "thresholds": {"sloc": 200}},
            ],
        }
    )
    assert config.for_path("pkg/a.py").thresholds["sloc"] == Threshold(30, 50)
    assert config.for_path("tests/test_a.py").thresholds["sloc"] == Threshold(80, 80)
    assert config.for_path("tests/test_a.py").ignore == ("CSM105",)
    assert config.for_path("tests/slow_b.py").thresholds["sloc"] == Threshold(200, 200)


@pytest.mark.parametrize(
    ("path", "pattern", "matches"),
    [
        ("doc/build/conf.py", "build", True),  # a bare name matches any path component
        ("pkg/builder.py", "build", False),
        ("a/b.egg-info/x.py", "*.egg-info", True),
        ("./src/a.py", "src/*.py", True),
        ("src/deep/a.py", "src/**", True),
        ("src", "src/**", True),
        ("x/tests/a.py", "**/tests/*.py", True),
        ("src2/a.py", "src/**", False),
    ],
)
def test_glob_patterns(path: str, pattern: str, matches: bool) -> None:
    assert matches_any(path, (pattern,)) is matches


def test_load_config_reads_the_nearest_pyproject_with_a_codesmell_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.codesmell]\nignore = ["CSM906"]\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    config = load_config(start=inner)
    assert config.ignore == ("CSM906",)
    assert config.root == str(tmp_path)


def test_no_pyproject_means_the_defaults_and_bad_toml_is_an_error(tmp_path: Path) -> None:
    assert load_config(start=tmp_path) == Config()  # nothing above a pytest tmp dir: the defaults
    bad = tmp_path / "pyproject.toml"
    bad.write_text("[tool.codesmell\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(bad)


def test_algorithm_names_the_clustering_and_anything_else_is_an_error() -> None:
    from codesmell.config import ALGORITHMS
    from codesmell.graph.model import ALGORITHMS as GRAPH_ALGORITHMS

    assert config_from_table({}).algorithm == "louvain"
    assert config_from_table({"algorithm": "leiden"}).algorithm == "leiden"
    assert ALGORITHMS == GRAPH_ALGORITHMS
    for bad in ("Leiden", "infomap", 1, ["leiden"]):
        with pytest.raises(ConfigError, match="algorithm must be one of 'louvain', 'leiden'"):
            config_from_table({"algorithm": bad})
