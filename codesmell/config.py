"""`[tool.codesmell]` in pyproject.toml -> one frozen `Config`.

Unknown keys are errors with the key named: a misspelt threshold that is
silently ignored is a gate that silently passes.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from codesmell.rules.codes import DEFAULT_SELECT, RULES_BY_METRIC


class ConfigError(Exception):
    """A configuration the user must fix; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Threshold:
    warning: int
    critical: int


# Defaults and their sources are in the README's threshold table.
DEFAULT_THRESHOLDS: Mapping[str, Threshold] = {
    "sloc": Threshold(20, 50),
    "cyclomatic": Threshold(10, 20),
    "cognitive": Threshold(15, 30),
    "statements": Threshold(30, 50),
    "locals": Threshold(7, 15),
    "params": Threshold(4, 7),
    "logic_blocks": Threshold(7, 12),
    "max_nesting": Threshold(3, 5),
}

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".codesmell_cache",
    "build",
    "dist",
    "node_modules",
    "*.egg-info",
)


@dataclass(frozen=True)
class HalsteadSettings:
    """`[tool.codesmell.halstead]`: radon's Halstead volume per function, maintainability index per module.

    Off by default (the extra parse costs about one radon run). The maintainability
    thresholds are lower bounds, radon's rank boundaries by default: below 20 is rank B
    (warning), below 10 rank C (critical).
    """

    enabled: bool = False
    volume: Threshold = Threshold(1000, 3000)
    maintainability: Threshold = Threshold(20, 10)


@dataclass(frozen=True)
class Override:
    """Settings for files matching `paths` (globs relative to the project root)."""

    paths: tuple[str, ...]
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None

    def matches(self, path: str) -> bool:
        return any(_glob_match(path, pattern) for pattern in self.paths)


@dataclass(frozen=True)
class Config:
    thresholds: Mapping[str, Threshold] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    select: tuple[str, ...] = DEFAULT_SELECT
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = ("*.py", "*.ipynb")
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    baseline: str | None = None
    gate: Mapping[str, Any] = field(default_factory=dict)
    root: str = "."
    halstead: HalsteadSettings = field(default_factory=lambda: HalsteadSettings())
    algorithm: str = "louvain"  # `algorithm = "leiden"`: what every clustering command uses by default
    executor: str = "local"  # where cache misses are analysed: local, dask, tcp://HOST:PORT (run/executors.py)

    def for_path(self, path: str) -> Config:
        """The configuration in force for one file, overrides applied in order."""
        config = self
        for override in self.overrides:
            if override.matches(path):
                config = replace(
                    config,
                    thresholds={**config.thresholds, **override.thresholds},
                    select=override.select if override.select is not None else config.select,
                    ignore=override.ignore if override.ignore is not None else config.ignore,
                )
        return config

    def is_enabled(self, code: str) -> bool:
        """flake8's rule: the longest matching prefix of select vs ignore wins."""
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return selected > ignored

    def fingerprint(self) -> str:
        """What of the configuration changes per-file results (for the cache key)."""
        return "v1"  # per-file analysis depends on no setting today; rules run after the cache


def _glob_match(path: str, pattern: str) -> bool:
    path = path.replace("\\", "/")
    if path.startswith("./"):
        path = path[2:]
    if fnmatch.fnmatch(path, pattern):
        return True
    if pattern.endswith("/**") and (path == pattern[:-3] or path.startswith(pattern[:-2])):
        return True
    if pattern.startswith("**/") and _glob_match(path, pattern[3:]):
        return True
    # a bare name or glob matches any path component, as in flake8's exclude
    if "/" not in pattern:
        return any(fnmatch.fnmatch(part, pattern) for part in path.split("/"))
    return False


def matches_any(path: str, patterns: tuple[str, ...]) -> bool:
    return any(_glob_match(path, pattern) for pattern in patterns)


_TOP_KEYS = {
    "thresholds",
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "include",
    "exclude",
    "extend-exclude",
    "overrides",
    "per-path-overrides",
    "baseline",
    "gate",
    "halstead",
    "algorithm",
    "executor",
}
ALGORITHMS = ("louvain", "leiden")  # the same as codesmell.graph.model.ALGORITHMS (checked by a test)
_OVERRIDE_KEYS = {"paths", "thresholds", "select", "ignore"}


def _string_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.codesmell] {key} must be a list of strings")
    return tuple(value)


def _threshold_value(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where} must be a non-negative integer, got {value!r}")
    return value


def parse_thresholds(
    table: Any, base: Mapping[str, Threshold], where: str
) -> dict[str, Threshold]:
    """`{sloc = {warning = 20, critical = 50}, locals = 9}` -> Thresholds (an int sets warning)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    result: dict[str, Threshold] = {}
    for raw_metric, value in table.items():
        metric = raw_metric.replace("-", "_")
        if metric not in RULES_BY_METRIC:
            known = ", ".join(sorted(RULES_BY_METRIC))
            raise ConfigError(f"unknown metric {raw_metric!r} in {where} (known: {known})")
        current = base[metric]
        if isinstance(value, dict):
            unknown = set(value) - {"warning", "critical"}
            if unknown:
                raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in {where}.{raw_metric}")
            warning = _threshold_value(value.get("warning", current.warning), f"{where}.{raw_metric}.warning")
            critical = _threshold_value(value.get("critical", max(current.critical, warning)), f"{where}.{raw_metric}.critical")
        else:
            warning = _threshold_value(value, f"{where}.{raw_metric}")
            critical = max(current.critical, warning)
        if critical < warning:
            raise ConfigError(f"{where}.{raw_metric}: critical ({critical}) is below warning ({warning})")
        result[metric] = Threshold(warning, critical)
    return result


def parse_halstead(table: Any) -> HalsteadSettings:
    where = "[tool.codesmell.halstead]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = set(table) - {"enabled", "volume", "maintainability"}
    if unknown:
        raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in {where}")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where} enabled must be true or false")
    settings = HalsteadSettings(enabled=enabled)
    limits: dict[str, Threshold] = {}
    for key, higher_is_worse in (("volume", True), ("maintainability", False)):
        default = getattr(settings, key)
        value = table.get(key, {})
        if not isinstance(value, dict) or set(value) - {"warning", "critical"}:
            raise ConfigError(f"{where} {key} must be a table of warning and critical")
        warning = _threshold_value(value.get("warning", default.warning), f"{where}.{key}.warning")
        critical = _threshold_value(value.get("critical", default.critical), f"{where}.{key}.critical")
        if (critical < warning) if higher_is_worse else (critical > warning):
            raise ConfigError(f"{where}.{key}: critical ({critical}) is "
                              f"{'below' if higher_is_worse else 'above'} warning ({warning})")
        limits[key] = Threshold(warning, critical)
    return HalsteadSettings(enabled=enabled, volume=limits["volume"], maintainability=limits["maintainability"])


def config_from_table(table: Mapping[str, Any], root: str = ".") -> Config:
    unknown = set(table) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in [tool.codesmell]")
    thresholds = dict(DEFAULT_THRESHOLDS)
    if "thresholds" in table:
        thresholds.update(parse_thresholds(table["thresholds"], thresholds, "[tool.codesmell.thresholds]"))
    select = _string_list(table["select"], "select") if "select" in table else DEFAULT_SELECT
    select += _string_list(table.get("extend-select", []), "extend-select")
    ignore = _string_list(table.get("ignore", []), "ignore")
    ignore += _string_list(table.get("extend-ignore", []), "extend-ignore")
    overrides = []
    raw_overrides = table.get("overrides", table.get("per-path-overrides", []))
    if not isinstance(raw_overrides, list):
        raise ConfigError("[[tool.codesmell.overrides]] must be an array of tables")
    for number, raw in enumerate(raw_overrides, start=1):
        where = f"[[tool.codesmell.overrides]] #{number}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where} must be a table")
        bad = set(raw) - _OVERRIDE_KEYS
        if bad:
            raise ConfigError(f"unknown key {sorted(bad)[0]!r} in {where}")
        if "paths" not in raw:
            raise ConfigError(f"{where} needs 'paths'")
        overrides.append(
            Override(
                paths=_string_list(raw["paths"], "overrides.paths"),
                thresholds=parse_thresholds(raw.get("thresholds", {}), thresholds, f"{where}.thresholds"),
                select=_string_list(raw["select"], "overrides.select") if "select" in raw else None,
                ignore=_string_list(raw["ignore"], "overrides.ignore") if "ignore" in raw else None,
            )
        )
    baseline = table.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError("[tool.codesmell] baseline must be a path string")
    gate = table.get("gate", {})
    if not isinstance(gate, dict):
        raise ConfigError("[tool.codesmell.gate] must be a table")
    algorithm = table.get("algorithm", "louvain")
    if algorithm not in ALGORITHMS:
        raise ConfigError(f"[tool.codesmell] algorithm must be one of {', '.join(map(repr, ALGORITHMS))}, "
                          f"got {algorithm!r}")
    executor = table.get("executor", "local")
    if not isinstance(executor, str):
        raise ConfigError("[tool.codesmell] executor must be a string: local, dask or tcp://HOST:PORT")
    if executor != "local":
        from codesmell.run.executors import parse_executor

        try:
            executor = str(parse_executor(executor))
        except ValueError as exc:
            raise ConfigError(f"[tool.codesmell] executor: {exc}") from None
    return Config(
        thresholds=thresholds,
        select=select,
        ignore=ignore,
        include=_string_list(table.get("include", ["*.py", "*.ipynb"]), "include"),
        exclude=_string_list(table["exclude"], "exclude") if "exclude" in table else DEFAULT_EXCLUDE,
        extend_exclude=_string_list(table.get("extend-exclude", []), "extend-exclude"),
        overrides=tuple(overrides),
        baseline=baseline,
        gate=gate,
        root=root,
        halstead=parse_halstead(table["halstead"]) if "halstead" in table else HalsteadSettings(),
        algorithm=algorithm,
        executor=executor,
    )


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has [tool.codesmell]; else the nearest."""
    start = start.resolve()
    nearest = None
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            nearest = nearest or candidate
            try:
                if "codesmell" in candidate.read_text(encoding="utf-8", errors="replace"):
                    return candidate
            except OSError:
                continue
    return nearest


def load_config(pyproject: Path | None = None, start: Path | None = None) -> Config:
    """Read `[tool.codesmell]`; no file or no table means the defaults."""
    path = pyproject or find_pyproject(start or Path.cwd())
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("codesmell", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.codesmell] must be a table")
    return config_from_table(table, root=str(path.parent))
