"""`codesmell check` output: findings as flake8-style text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from codesmell.config import Config
from codesmell.model import FileResult, Finding

_COLOURS = {"critical": "\033[1;31m", "warning": "\033[33m", "error": "\033[1;35m"}
_RESET = "\033[0m"


def finding_line(finding: Finding, colour: bool = False) -> str:
    """`path:line:col: CODE message`, with flake8's 1-based column."""
    code = finding.code
    if colour:
        code = f"{_COLOURS.get(finding.severity, '')}{code}{_RESET}"
    return f"{finding.path}:{finding.line}:{finding.col + 1}: {code} {finding.message}"


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
            "errors": sum(1 for f in findings if f.severity == "error"),
        },
    }
    return json.dumps(document, indent=2) + "\n"
