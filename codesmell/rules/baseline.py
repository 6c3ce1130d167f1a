"""The baseline: today's findings, recorded so CI fails only on what is new or worse.

Entries are keyed by (path, qualified name, metric) and hold the measured value,
never a line number, so code moving up or down a file leaves them valid. The
file is nested, key-sorted JSON with one value per line: a review diff shows
exactly which function got better or worse.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codesmell.config import ConfigError
from codesmell.fsio import atomic_write
from codesmell.model import Finding
from codesmell.rules.codes import LONG_METHOD_METRIC

FORMAT_VERSION = 1
FILE_ENTRY = "<file>"  # qualname under which a file-level error (CSM9xx) is recorded

Key = tuple[str, str, str]  # (path relative to the project root, qualname, metric or error code)


@dataclass
class Baseline:
    entries: dict[Key, float] = field(default_factory=dict)
    # project-level figures for the project gates ("average_cyclomatic", "modularity", "cycles")
    project: dict[str, Any] = field(default_factory=dict)
    # (number of entries, the (path, qualname) pairs recorded), rebuilt when entries change
    _recorded: tuple[int, set[tuple[str, str]]] | None = field(default=None, repr=False, compare=False)

    def allows(self, key: Key, value: float) -> bool:
        """True when `value` is recorded and not worse than the recorded value."""
        recorded = self.entries.get(key)
        return recorded is not None and value <= recorded

    def paths(self) -> set[str]:
        return {path for path, _, _ in self.entries}

    def allows_finding(self, finding: Finding, root: Path) -> bool:
        """True when `finding` is recorded and not worse.

        A long-method finding (CSM100/CSM200) against a baseline written before it
        existed, which recorded the function's per-metric findings instead, is judged
        by those: known when every metric now above its warning threshold (the
        finding's `exceeded`) is recorded for the function at a value not lower.
        """
        key, value = finding_key(finding, root)
        if key in self.entries or finding.metric != LONG_METHOD_METRIC:
            return self.allows(key, value)
        path, qualname, _ = key
        if (path, qualname) not in self._functions():
            return False
        exceeded: Mapping[str, float] = finding.extra.get("exceeded", {})
        return all(self.allows((path, qualname, metric), current) for metric, current in exceeded.items())

    def _functions(self) -> set[tuple[str, str]]:
        if self._recorded is None or self._recorded[0] != len(self.entries):
            self._recorded = (len(self.entries), {(path, qualname) for path, qualname, _ in self.entries})
        return self._recorded[1]


def project_path(path: str, root: Path) -> str:
    """`path` (as shown, relative to the cwd) relative to the project root, with `/`."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # another drive on Windows
        return path.replace("\\", "/")
    return rel.replace(os.sep, "/")


def finding_key(finding: Finding, root: Path) -> tuple[Key, float]:
    """A finding's baseline key and value; file errors are keyed by their code."""
    path = project_path(finding.path, root)
    if finding.metric:
        return (path, finding.qualname, finding.metric), finding.value
    return (path, FILE_ENTRY, finding.code), 0


def load(path: Path) -> Baseline:
    """Read a baseline; a missing file is an empty baseline, a corrupt one an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Baseline()
    except OSError as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc}") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"baseline {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(
        data.get("findings"), dict
    ):
        raise ConfigError(f"baseline {path} is not a codesmell baseline (version {FORMAT_VERSION})")
    baseline = Baseline(project=dict(data.get("project") or {}))
    for file_path, functions in data["findings"].items():
        if not isinstance(functions, dict):
            raise ConfigError(f"baseline {path}: entry {file_path!r} must be an object")
        for qualname, metrics in functions.items():
            if not isinstance(metrics, dict):
                raise ConfigError(f"baseline {path}: entry {file_path!r} {qualname!r} must be an object")
            for metric, value in metrics.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ConfigError(f"baseline {path}: {file_path} {qualname} {metric} must be a number")
                baseline.entries[(file_path, qualname, metric)] = value
    return baseline


def build(
    findings: Iterable[Finding],
    root: Path,
    previous: Baseline,
    analysed_paths: Iterable[str],
    project: Mapping[str, Any],
) -> Baseline:
    """The baseline to write after a run.

    Current findings are recorded at their current value, so an improved function
    tightens its entry and a fixed or deleted one disappears. Entries for files this
    run did not analyse (a run over part of the tree) are kept while the file exists.
    """
    entries: dict[Key, float] = {}
    for finding in findings:
        key, value = finding_key(finding, root)
        # two definitions with one qualname (e.g. a property getter and setter) share the worst value
        entries[key] = max(value, entries.get(key, value))
    analysed = {project_path(p, root) for p in analysed_paths}
    for key, value in previous.entries.items():
        file_path = key[0]
        if file_path not in analysed and (root / file_path).is_file():
            entries.setdefault(key, value)
    return Baseline(entries, dict(project))


def _number(value: float) -> float | int:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return value


def dumps(baseline: Baseline) -> str:
    nested: dict[str, dict[str, dict[str, float | int]]] = {}
    for (path, qualname, metric), value in baseline.entries.items():
        nested.setdefault(path, {}).setdefault(qualname, {})[metric] = _number(value)
    document = {
        "version": FORMAT_VERSION,
        "tool": "codesmell",
        "project": {key: _stable(value) for key, value in baseline.project.items()},
        "findings": nested,
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _stable(value: Any) -> Any:
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return sorted((_stable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def save(baseline: Baseline, path: Path) -> None:
    atomic_write(path, dumps(baseline))


def split(
    findings: Sequence[Finding], baseline: Baseline, root: Path
) -> tuple[list[Finding], list[Finding]]:
    """(new or worse, already in the baseline)."""
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        (known if baseline.allows_finding(finding, root) else new).append(finding)
    return new, known
