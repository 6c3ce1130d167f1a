"""`check --format json` written with the C encoder: the same bytes as `json.dumps(indent=2)`."""

from __future__ import annotations

import json
from typing import Any

from codesmell.output.findings import _indented

FINDING = {"path": "a/b.py", "line": 3, "col": 1, "code": "CSM101", "severity": "warning", "message": "long: 30 > 20"}


def test_flat_and_nested_objects_match_json_dumps() -> None:
    documents: list[dict[str, Any]] = [
        {"findings": [], "errors": [], "summary": {"files": 0, "functions": 0}},
        {"findings": [FINDING], "errors": [], "summary": {}},
        {
            "findings": [
                FINDING,
                {**FINDING, "message": 'quote " backslash \\ newline \n tab \t é ☃ \ud800', "score": 0.1 + 0.2},
                {**FINDING, "extra": [1, {"k": [None, True, False]}], "empty": {}, "list": []},
                {},
                {"only": None},
            ],
            "errors": [{"path": "x.py", "code": "CSM901", "message": "cannot read", "line": 1}],
            "summary": {"files": 2, "functions": 5, "warning": 1, "critical": 0, "errors": 1, "nested": {"a": [1]}},
        },
    ]
    for document in documents:
        assert _indented(document) == json.dumps(document, indent=2)
