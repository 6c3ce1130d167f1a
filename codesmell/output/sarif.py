"""SARIF 2.1.0 for GitHub code scanning (`codesmell check --format sarif`).

Every CSM code is declared as a rule, so code scanning can show its help even
for rules with no result in this run. Fingerprints hash (path, qualname, metric),
not the line, so an alert survives code moving around it instead of being
closed and reopened.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from codesmell import __version__
from codesmell.config import Config
from codesmell.model import FileResult, Finding
from codesmell.rules.codes import (
    ARCHITECTURE_CODES,
    FILE_ERROR_CODES,
    LONG_METHOD_CRITICAL,
    LONG_METHOD_WARNING,
    LONG_METHOD_WHY,
    RADON_RULES,
    RULES,
)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/codesmell/"
FINGERPRINT_KEY = "codesmell/v1"

_CURE = (
    "Extract Method: give a block with one clear purpose a name, move it into its own function, "
    "and let this one orchestrate. `codesmell explain FILE:FUNCTION` shows where the complexity comes from."
)


def _pascal(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in text.replace("-", " ").split())


def sarif_rules() -> list[dict[str, Any]]:
    """One reportingDescriptor per code: the long method, each metric's tiers, then file errors."""
    rules: list[dict[str, Any]] = []
    for code, tier, level in ((LONG_METHOD_WARNING, "warning", "warning"), (LONG_METHOD_CRITICAL, "critical", "error")):
        short = f"long method ({tier}): the combined verdict of size, shape, concerns and complexity"
        rules.append(
            {
                "id": code,
                "name": _pascal(f"long method {tier}"),
                "shortDescription": {"text": short},
                "fullDescription": {"text": f"{short}: {LONG_METHOD_WHY}."},
                "help": {
                    "text": f"{LONG_METHOD_WHY[:1].upper()}{LONG_METHOD_WHY[1:]}. {_CURE}",
                    "markdown": f"**long method**: {LONG_METHOD_WHY}.\n\n{_CURE}",
                },
                "defaultConfiguration": {"level": level},
                "properties": {"tags": ["maintainability", "long-method"], "precision": "high"},
            }
        )
    for rule in (*RULES, *RADON_RULES):
        for code, tier, level in ((rule.warning_code, "warning", "warning"), (rule.critical_code, "critical", "error")):
            short = f"{rule.title} ({tier}): {rule.metric.replace('_', ' ')} above the {tier} threshold"
            rules.append(
                {
                    "id": code,
                    "name": _pascal(f"{rule.title} {tier}"),
                    "shortDescription": {"text": short},
                    "fullDescription": {"text": f"{short}: {rule.why}."},
                    "help": {
                        "text": f"{rule.why[:1].upper()}{rule.why[1:]}. {_CURE}",
                        "markdown": f"**{rule.title}**: {rule.why}.\n\n{_CURE}",
                    },
                    "defaultConfiguration": {"level": level},
                    "properties": {"tags": list(dict.fromkeys(["maintainability", rule.metric])), "precision": "very-high"},
                }
            )
    for code, (key, title, why) in ARCHITECTURE_CODES.items():  # the architecture gate, `[tool.codesmell.gate]`
        rules.append(
            {
                "id": code,
                "name": _pascal(title),
                "shortDescription": {"text": f"{title} (gate {key})"},
                "fullDescription": {"text": f"{title}: {why}."},
                "help": {"text": f"{why[:1].upper()}{why[1:]}. Remove the import, or accept the new structure "
                         "with `codesmell check --update-baseline`."},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["maintainability", "architecture"]},
            }
        )
    for code, description in FILE_ERROR_CODES.items():
        rules.append(
            {
                "id": code,
                "name": _pascal("file not analysed " + code[3:]),
                "shortDescription": {"text": f"file not analysed: {description.split(':')[0]}"},
                "fullDescription": {"text": description},
                "help": {"text": f"codesmell could not analyse this file: {description}. Fix the file or exclude it."},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["reliability"]},
            }
        )
    return rules


def fingerprint(finding: Finding) -> str:
    """Stable across line moves: what is measured, not where it currently sits."""
    what = finding.metric if finding.metric else finding.code
    parts = [finding.path, finding.qualname, what]
    if "subject" in finding.extra:  # an architecture finding: the import edge, module or cycle it is about
        parts.append(str(finding.extra["subject"]))
    raw = "\0".join(parts)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def artifact_uri(path: str) -> str:
    """A relative URI reference: forward slashes, percent-encoded where a URI needs it."""
    path = path.replace("\\", "/")
    if path.startswith("./"):
        path = path[2:]
    return quote(path, safe="/-._~!$&'()*+,;=@")


def _region(finding: Finding) -> dict[str, int]:
    """In a notebook, the line of the .ipynb file that holds the code line (its column there is unknown)."""
    if "ipynb_line" in finding.extra:
        return {"startLine": max(int(finding.extra["ipynb_line"]), 1)}
    return {"startLine": max(finding.line, 1), "startColumn": finding.col + 1}


_LEVELS = {"critical": "error", "warning": "warning", "error": "error"}


def to_sarif_document(findings: Sequence[Finding], results: Sequence[FileResult]) -> dict[str, Any]:
    rules = sarif_rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    sarif_results = []
    for finding in findings:
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _LEVELS.get(finding.severity, "warning"),
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": "%SRCROOT%"},
                        "region": _region(finding),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.qualname:
            result["locations"][0]["logicalLocations"] = [
                {"fullyQualifiedName": finding.qualname, "kind": "function"}
            ]
        if "priority" in finding.extra:
            result["rank"] = finding.extra["priority"]  # 0-100, higher = split sooner
        if finding.metric:
            result["properties"] = {
                "metric": finding.metric,
                "value": finding.value,
                "threshold": finding.threshold,
            }
        if "cell" in finding.extra:
            result.setdefault("properties", {}).update(cell=finding.extra["cell"], cellLine=finding.extra["cell_line"])
        sarif_results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "codesmell",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def to_sarif(findings: Sequence[Finding], results: Sequence[FileResult], config: Config, colour: bool) -> str:
    return json.dumps(to_sarif_document(findings, results), indent=2, ensure_ascii=False) + "\n"
