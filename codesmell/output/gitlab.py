"""GitLab Code Quality (`codesmell check --format gitlab`): the Code Climate subset GitLab reads.

GitLab shows these in the merge request widget and, on tiers that have it, inline in the
diff. It matches a finding between the base and the head pipeline by `fingerprint` alone,
so the fingerprint names what is measured (path, function, metric), never the line: a
function that moved down the file is the same finding, not one fixed and one new.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from codesmell.config import Config
from codesmell.model import FileResult, Finding
from codesmell.output.sarif import fingerprint

# GitLab's scale is info, minor, major, critical, blocker. A file that cannot be analysed
# fails the gate like a critical finding, so it ranks with them.
SEVERITIES = {"warning": "minor", "critical": "major", "error": "critical"}


def relative_path(path: str) -> str:
    """As GitLab matches it against the repository: forward slashes, no leading `./`."""
    path = path.replace("\\", "/")
    return path[2:] if path.startswith("./") else path


def issue(finding: Finding, occurrence: int) -> dict[str, Any]:
    """One Code Quality issue; `occurrence` tells apart findings that measure the same thing."""
    key = fingerprint(finding) if occurrence == 0 else f"{fingerprint(finding)}\0{occurrence}"
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} {finding.message}",
        "categories": ["Complexity"] if not finding.code.startswith("CSM9") else ["Bug Risk"],
        "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32],
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "location": {
            "path": relative_path(finding.path),
            # in a notebook, the line of the .ipynb file, which is what GitLab shows
            "lines": {"begin": max(int(finding.extra.get("ipynb_line", finding.line)), 1)},
        },
    }


def to_gitlab_document(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    document = []
    for finding in findings:
        base = fingerprint(finding)
        document.append(issue(finding, seen[base]))
        seen[base] += 1
    return document


def to_gitlab(findings: Sequence[Finding], results: Sequence[FileResult], config: Config, colour: bool) -> str:
    return json.dumps(to_gitlab_document(findings), indent=2, ensure_ascii=False) + "\n"
