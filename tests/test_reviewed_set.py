"""Integrity of the reviewed set of real long functions (fixtures/reviewed), without network.

The set is the ground truth the long-method verdict is calibrated against, so its shape is
checked here: enough entries from enough projects, every snippet present, parseable and
carrying the header that names where it came from, and labels, priorities and halves valid.
The snippets are parsed, never imported or executed.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "reviewed"
ENTRIES: list[dict[str, Any]] = json.loads((ROOT / "labels.json").read_text(encoding="utf-8"))
LABELS = {"split", "borderline", "ok-long"}
KEYS = {"id", "project", "version", "path", "qualname", "line", "file", "label", "priority",
        "reason", "half"}
# guide: split -> 3-5, borderline -> 2-3, ok-long -> 1-2
PRIORITIES = {"split": {3, 4, 5}, "borderline": {2, 3}, "ok-long": {1, 2}}


def header(text: str) -> dict[str, str]:
    """The `# key: value` comment lines at the top of a snippet."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        fields[key] = value
    return fields


def test_size_and_spread() -> None:
    projects = Counter(e["project"] for e in ENTRIES)
    assert len(ENTRIES) >= 120
    assert "stdlib" in projects and len(projects) - 1 >= 3
    assert max(projects.values()) <= len(ENTRIES) / 2


def test_label_counts_meet_the_brief() -> None:
    labels = Counter(e["label"] for e in ENTRIES)
    assert labels["split"] >= 35
    assert labels["ok-long"] >= 45
    assert labels["borderline"] >= 1


def test_ids_unique() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry(entry: dict[str, Any]) -> None:
    assert set(entry) == KEYS
    assert entry["label"] in LABELS
    assert entry["priority"] in PRIORITIES[entry["label"]]
    assert entry["half"] in {"tune", "test"}
    assert entry["reason"].strip().endswith(".")
    assert entry["file"] == f"functions/{entry['project']}/{entry['id']}.py"
    snippet = ROOT / entry["file"]
    text = snippet.read_text(encoding="utf-8")
    assert header(text) == {
        "project": entry["project"],
        "version": entry["version"],
        "path": entry["path"],
        "line": str(entry["line"]),
        "qualname": entry["qualname"],
        "licence": header(text)["licence"],
    }
    assert (ROOT / "licenses" / f"{entry['project']}.txt").is_file()
    tree = ast.parse(text)
    name = entry["qualname"].rsplit(".", 1)[-1]
    defs = [n for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
    assert defs, f"no def {name} in {snippet}"
    if "." in entry["qualname"]:
        owner = entry["qualname"].split(".")[0]
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
        assert [c.name for c in classes] == [owner]
        assert any(d in classes[0].body for d in defs)


def test_halves_balanced_per_label() -> None:
    for label in LABELS:
        halves = Counter(e["half"] for e in ENTRIES if e["label"] == label)
        assert abs(halves["tune"] - halves["test"]) <= 1, (label, halves)


def test_every_snippet_is_labelled() -> None:
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "functions").rglob("*.py")}
    assert on_disk == {e["file"] for e in ENTRIES}
