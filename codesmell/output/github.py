"""GitHub Actions workflow commands (`codesmell check --format github`).

Each finding becomes `::warning` or `::error` so it shows up as an annotation on
the pull request's diff without uploading anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from codesmell.config import Config
from codesmell.model import FileResult, Finding


def escape_data(text: str) -> str:
    """The message part: GitHub's runner unescapes %25, %0D and %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    command = "warning" if finding.severity == "warning" else "error"
    properties = ",".join(
        f"{key}={escape_property(value)}"
        for key, value in (
            ("file", finding.path),
            ("line", str(max(int(finding.extra.get("ipynb_line", finding.line)), 1))),
            ("col", str(finding.col + 1)),
            ("title", finding.code),
        )
    )
    return f"::{command} {properties}::{escape_data(finding.message)}"


def to_github(findings: Sequence[Finding], results: Sequence[FileResult], config: Config, colour: bool) -> str:
    return "".join(annotation(f) + "\n" for f in findings)
