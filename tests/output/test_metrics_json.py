"""`metrics --format json` from stored function JSON: the same bytes as encoding the results afresh."""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conftest import tangled

from codesmell.config import Config, Override, Threshold
from codesmell.model import FileResult
from codesmell.output.metrics import metrics_document, to_json
from codesmell.run.discovery import discover
from codesmell.run.engine import EngineOptions, analyze_files

BRANCHY = "def f{n}(a):\n" + "".join(f"    if a == {i}:\n        a += {i}\n" for i in range(14)) + "    return a\n"
LONG = "def long_one(a):\n" + "".join(f"    v{i} = a + {i}  # é\n" for i in range(70)) + "    return a\n"


def _reference(results: Sequence[FileResult], config: Config) -> str:
    """The layout as first written: every dict encoded by json, one function per line."""
    compact = json.JSONEncoder(separators=(", ", ": ")).encode
    files = []
    for entry in metrics_document(results, config)["files"]:
        functions = ",\n".join(f"        {compact(f)}" for f in entry["functions"])
        errors = ",\n".join(f"        {compact(e)}" for e in entry["errors"])
        files.append(
            "    {\n"
            f'      "path": {compact(entry["path"])},\n'
            f'      "module": {compact(entry["module"])},\n'
            f'      "functions": [{_block(functions)}],\n'
            f'      "errors": [{_block(errors)}]\n'
            "    }"
        )
    return '{\n  "files": [' + (("\n" + ",\n".join(files) + "\n  ") if files else "") + "]\n}\n"


def _block(lines: str) -> str:
    return f"\n{lines}\n      " if lines else ""


def _project(root: Path) -> Path:
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pkg" / "branchy.py").write_text(BRANCHY.format(n=1) + BRANCHY.format(n=2), encoding="utf-8")
    (root / "pkg" / "long.py").write_text(LONG + "class C:\n    async def m(self):\n        pass\n", encoding="utf-8")
    (root / "pkg" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    (root / "pkg" / "knot.py").write_text(tangled("knotted", 13), encoding="utf-8")
    return root


def test_warm_and_cold_json_equal_the_reference_encoding(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    config = Config(
        overrides=(Override(paths=("pkg/branchy.py",), thresholds={"cyclomatic": Threshold(100, 200), "logic_blocks": Threshold(10, 100)}),),
    )
    sources = discover(["pkg"], config)
    options = EngineOptions(jobs=1, cache_root=root)
    fresh = analyze_files(sources, EngineOptions(jobs=1))
    cold = analyze_files(sources, options)
    monkeypatch.setenv("CODESMELL_STATS", "1")
    warm = analyze_files(sources, options)
    gc.unfreeze()
    assert "cached=5 analysed=0" in capsys.readouterr().err
    assert warm == cold == fresh
    expected = _reference(fresh, config)
    # the judgement keys close each function: concerns, shape, the combined verdict, priority
    for verdict in ("ok", "warning", "critical"):
        assert f'"verdict": "{verdict}", "priority": ' in expected
    assert '"concerns": 1, "shape": ' in expected
    assert '"errors": [\n        {"code": ' in expected
    for results in (fresh, cold, warm):
        assert to_json(results, config) == expected
    assert to_json([], config) == _reference([], config)


def test_each_function_carries_concerns_shape_verdict_and_priority(tmp_path: Path, monkeypatch: Any) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    config = Config()
    results = analyze_files(discover(["pkg"], config), EngineOptions(jobs=1))
    document = json.loads(to_json(results, config))
    functions = {f["qualname"]: f for entry in document["files"] for f in entry["functions"]}
    for function in functions.values():
        # the last four keys, in this order, after everything the SPEC fixes
        assert list(function)[-4:] == ["concerns", "shape", "verdict", "priority"]
        assert isinstance(function["concerns"], int) and function["concerns"] >= 1
        assert function["shape"] in {"short", "flat-dispatch", "declarative", "sequential", "tangled"}
        assert isinstance(function["priority"], float) and 0 <= function["priority"] <= 100
    # 13 nested for/if/if blocks: critical; 70 plain assignments to 70 distinct locals: long and
    # more state than working memory holds, so a warning (bulk 3.6 x 0.85, tangle 2/15 x 5.5 -> 1.29)
    assert functions["knotted"]["verdict"] == "critical" and functions["knotted"]["priority"] > 50
    assert functions["long_one"]["shape"] == "sequential" and functions["long_one"]["verdict"] == "warning"
    assert functions["knotted"]["priority"] > functions["f1"]["priority"] > functions["C.m"]["priority"]
