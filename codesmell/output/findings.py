"""`codesmell check` output: findings as flake8-style text or JSON."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from codesmell.config import Config
from codesmell.model import FileResult, Finding

_COLOURS = {"critical": "\033[1;31m", "warning": "\033[33m", "error": "\033[1;35m"}
_RESET = "\033[0m"


def finding_line(finding: Finding, colour: bool = False) -> str:
    """`path:line:col: CODE message`, with flake8's 1-based column; `path:cell N:line:col` in a notebook, as ruff."""
    code = finding.code
    if colour:
        code = f"{_COLOURS.get(finding.severity, '')}{code}{_RESET}"
    if "cell" in finding.extra:
        where = f"cell {finding.extra['cell']}:{finding.extra['cell_line']}"
    else:
        where = str(finding.line)
    return f"{finding.path}:{where}:{finding.col + 1}: {code} {finding.message}"


def to_text(findings: Sequence[Finding], results: Sequence[FileResult], config: Config, colour: bool) -> str:
    return "".join(finding_line(f, colour) + "\n" for f in findings)


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": finding.path,
        "line": finding.line,
        "col": finding.col + 1,
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
    }
    if finding.metric:
        data.update(qualname=finding.qualname, metric=finding.metric, value=finding.value, threshold=finding.threshold)
    data.update(finding.extra)
    if "cell_line" in data:  # in a notebook: the line in the cell, with `cell` and `ipynb_line` beside it
        data["line"] = data.pop("cell_line")
    return data


def to_json(findings: Sequence[Finding], results: Sequence[FileResult], config: Config, colour: bool) -> str:
    document = {
        "findings": [finding_to_dict(f) for f in findings],
        "errors": [
            {"path": r.path, "code": e.code, "message": e.message, "line": e.line}
            for r in results
            for e in r.errors
        ],
        "summary": {
            "files": len(results),
            "functions": sum(len(r.functions) for r in results),
            "warning": sum(1 for f in findings if f.severity == "warning"),
            "critical": sum(1 for f in findings if f.severity == "critical"),
            "errors": sum(1 for f in findings if f.severity == "error" and not f.code.startswith("CSM3")),
            "architecture": sum(1 for f in findings if f.code.startswith("CSM3")),  # the drift gate's CSM3xx
        },
    }
    return _indented(document) + "\n"


_SCALARS = (str, int, float, bool, type(None))


def _indented(document: dict[str, Any]) -> str:
    """`json.dumps(document, indent=2)`, with the C encoder for each flat object.

    Fully indented, json can only use its pure-Python encoder: 0.2 s for the
    stdlib's 6k findings, a third of a warm `check --format json`. A flat
    object (scalar values only) is written by the C encoder with the line
    break and indent as its item separator; anything nested falls back to
    `json.dumps`, so the bytes are the same either way.
    """
    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            text = "[\n    " + ",\n    ".join(_object(item, 4) for item in value) + "\n  ]" if value else "[]"
        else:
            text = _object(value, 2)
        parts.append(f"{json.dumps(key)}: {text}")
    return "{\n  " + ",\n  ".join(parts) + "\n}"


@functools.cache
def _flat_encoder(level: int) -> Callable[[Any], str]:
    return json.JSONEncoder(separators=(",\n  " + " " * level, ": ")).encode


def _object(data: Any, level: int) -> str:
    """`data` as `json.dumps(data, indent=2)` writes it `level` spaces deep."""
    pad = " " * level
    if type(data) is not dict or not data or not all(isinstance(v, _SCALARS) for v in data.values()):
        return json.dumps(data, indent=2).replace("\n", "\n" + pad)
    body = _flat_encoder(level)(data)
    return "{\n  " + pad + body[1:-1] + "\n" + pad + "}"
