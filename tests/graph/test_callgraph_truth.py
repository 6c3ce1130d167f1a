"""The hand-written call-graph ground truth (fixtures/callgraph) and codesmell's score on it.

The format checks read the cases with `ast` only (nothing is imported): every
expected caller is a module or function of its case, every callee a function or
class of it. The score test runs `bench/callgraph_eval.py`'s evaluation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import callgraph_eval as cge  # noqa: E402

CASES = cge.load_cases()
KEYS = {"description", "edges", "unresolvable"}


def test_enough_cases_and_categories() -> None:
    categories = {case.category for case in CASES}
    assert len(CASES) >= 150
    assert len(categories) >= 15
    for category in categories:
        assert sum(case.category == category for case in CASES) >= 5, category


def test_every_case_folder_has_an_expected_file() -> None:
    folders = {p for p in cge.CASES_ROOT.glob("*/*") if p.is_dir()}
    assert folders == {case.path for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_case_format(case: cge.Case) -> None:
    doc = json.loads((case.path / "expected.json").read_text(encoding="utf-8"))
    assert set(doc) <= KEYS and {"description", "edges"} <= set(doc)
    for edge in doc["edges"]:
        assert set(edge) == {"caller", "callee"}
    for edge in doc.get("unresolvable", []):
        assert set(edge) == {"caller", "callee", "reason"}
    assert len(doc["edges"]) == len(case.edges), "an edge is listed twice"
    assert list(case.path.rglob("*.py")), "no Python file"
    assert cge.format_problems(case) == []


def test_unresolvable_cases_are_marked() -> None:
    marked = [case for case in CASES if case.unresolvable]
    reasons = " ".join(r for case in marked for r in case.unresolvable.values())
    assert len(marked) >= 5
    for kind in ("getattr", "eval", "exec", "monkeypatching"):
        assert kind in reasons


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_names_follow_codesmell_convention(tmp_path: Path) -> None:
    source = (
        "X = [y for y in range(3)]\n"  # <listcomp#1>
        "f = lambda: 0\n"  # <lambda#2>
        "def outer(cb=lambda: 1):\n"  # default first: <lambda#3>
        "    def inner():\n"
        "        return lambda: 2\n"  # <lambda#4>
        "    return {'k': lambda: 3}\n"  # <lambda#5>
        "class C:\n"
        "    class D:\n"
        "        def m(self): pass\n"
    )
    names = cge.case_names(write(tmp_path, {"pkg/__init__.py": "", "pkg/mod.py": source}))
    assert names.modules == {"pkg", "pkg.mod"}
    assert names.classes == {"pkg.mod.C", "pkg.mod.C.D"}
    assert names.functions == {
        "pkg.mod.<lambda#2>",
        "pkg.mod.<lambda#3>",
        "pkg.mod.outer",
        "pkg.mod.outer.<locals>.inner",
        "pkg.mod.outer.<locals>.inner.<locals>.<lambda#4>",
        "pkg.mod.outer.<locals>.<lambda#5>",
        "pkg.mod.C.D.m",
    }
    assert "pkg.mod" in names.callers and "pkg.mod.C" not in names.callers
    assert names.owns("pkg.mod.outer") and not names.owns("pkgx.f") and not names.owns("os.path.join")


def test_format_problems_names_the_bad_edges(tmp_path: Path) -> None:
    folder = write(tmp_path / "cat" / "case", {"m.py": "def f():\n    g()\n\ndef g():\n    pass\n"})
    (folder / "expected.json").write_text(
        json.dumps(
            {
                "description": "d",
                "edges": [{"caller": "m.f", "callee": "m.g"}, {"caller": "m.h", "callee": "m.f"}],
                "unresolvable": [{"caller": "m.f", "callee": "m.g", "reason": ""}],
            }
        ),
        encoding="utf-8",
    )
    (case,) = cge.load_cases(tmp_path)
    problems = cge.format_problems(case)
    assert problems == [
        "edges both expected and unresolvable: [('m.f', 'm.g')]",
        "caller 'm.h' is not a module or function of the case",
        "unresolvable edge ('m.f', 'm.g') has no reason",
    ]


def test_score_counts_outside_and_unresolvable_edges_apart(tmp_path: Path) -> None:
    folder = write(tmp_path / "c" / "k", {"m.py": "def a(): pass\ndef b(): pass\ndef c(): pass\n"})
    case = cge.Case(
        "c",
        "k",
        folder,
        "d",
        frozenset({("m.a", "m.b"), ("m", "m.a")}),
        {("m.a", "m.c"): "eval"},
    )
    found = {("m.a", "m.b"), ("m.b", "m.c"), ("m.a", "m.c"), ("m.a", "os.path.join")}
    score = cge.score_case(case, found)
    assert (score.expected, score.true_positives, score.false_positives) == (2, 1, 1)
    assert (score.unresolvable, score.unresolvable_found) == (1, 1)
    assert score.missed == [("m", "m.a")] and score.wrong == [("m.b", "m.c")]
    assert score.precision == 0.5 and score.recall == 0.5


@pytest.fixture(scope="module")
def evaluation() -> cge.Evaluation:
    return cge.evaluate(CASES)


def test_table_has_a_row_per_category(evaluation: cge.Evaluation) -> None:
    table = cge.markdown_table(evaluation).splitlines()
    categories = sorted({case.category for case in CASES})
    assert [row.split("|")[1].strip() for row in table[2:-1]] == categories
    assert table[-1].startswith(f"| **overall** | {len(CASES)} | {sum(len(c.edges) for c in CASES)} |")


def test_precision_and_recall_on_the_ground_truth(evaluation: cge.Evaluation) -> None:
    overall = evaluation.overall
    assert overall.precision >= 0.97, cge.markdown_table(evaluation)
    assert overall.recall >= 0.95, cge.markdown_table(evaluation)
