"""`check --format gitlab`: GitLab's Code Quality format, with fingerprints that survive line moves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from conftest import FIXTURES, tangled

SCHEMA = json.loads((Path(__file__).parent / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def gitlab(cwd: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    done = subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", "--format", "gitlab", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    return done.returncode, json.loads(done.stdout)


def assert_valid(document: list[dict[str, Any]]) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_findings_and_file_errors_match_the_schema(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "long_methods" / "invoicing", tmp_path / "invoicing")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    code, document = gitlab(tmp_path, "--select", "CSM", "invoicing", "broken.py")
    assert code == 1
    assert_valid(document)
    by_code = {issue["check_name"]: issue for issue in document}
    assert by_code["CSM901"]["severity"] == "critical"
    assert by_code["CSM901"]["location"] == {"path": "broken.py", "lines": {"begin": 1}}
    assert by_code["CSM100"]["severity"] == "minor"
    assert by_code["CSM201"]["severity"] == "major"
    assert by_code["CSM100"]["location"]["path"] == "invoicing/pricing.py"
    assert by_code["CSM100"]["description"].startswith("CSM100 long method 'apply_pricing_rules'")
    fingerprints = [issue["fingerprint"] for issue in document]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab keeps one issue per fingerprint


def test_fingerprints_are_stable_across_runs_and_line_moves(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(tangled("knot", 5) + "\n\n" + tangled("knotted", 13))
    _, before = gitlab(tmp_path, "m.py")
    _, again = gitlab(tmp_path, "m.py")
    assert before == again
    (tmp_path / "m.py").write_text("import os\n\n\ndef added():\n    return os.sep\n\n\n" + tangled("knot", 5)
                                   + "\n\n" + tangled("knotted", 13))
    _, moved = gitlab(tmp_path, "m.py")
    assert [i["location"]["lines"]["begin"] for i in moved] != [i["location"]["lines"]["begin"] for i in before]
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in before}


def test_two_functions_of_one_name_get_distinct_fingerprints(tmp_path: Path) -> None:
    body = tangled("handler", 5, indent="    ")
    (tmp_path / "m.py").write_text("import sys\n\nif sys.platform == 'win32':\n" + body + "else:\n" + body)
    _, document = gitlab(tmp_path, "m.py")
    assert len(document) == 2
    assert_valid(document)
    assert document[0]["fingerprint"] != document[1]["fingerprint"]


def test_no_findings_is_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f():\n    return 1\n")
    code, document = gitlab(tmp_path, "m.py")
    assert (code, document) == (0, [])
