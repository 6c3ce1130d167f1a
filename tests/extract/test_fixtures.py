"""Extract Method is behaviour-preserving on fixtures with executable examples.

Each fixture module under fixtures/extract_examples has its own small test
(`check_<module>.py`). In a tmp copy, we run it, apply `codesmell extract` on
the function's top suggestion, check the result parses and the parent's
metrics drop, and run the check again: same output, same exit status.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from codesmell.run.analyze import analyze_source
from tests.conftest import FIXTURES, run_cli

EXAMPLES = FIXTURES / "extract_examples"
CASES = {
    "orders": "summarize",
    "warehouse": "Warehouse.restock",
    "jobs": "run_jobs",
}


def _run_check(root: Path, module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, f"check_{module}.py"], cwd=root, capture_output=True, text=True, timeout=120
    )


def _function(path: Path, qualname: str):  # type: ignore[no-untyped-def]
    result = analyze_source(path.read_bytes(), path.name, with_graph=False)
    return next(f for f in result.functions if f.qualname == qualname)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    return root


@pytest.mark.parametrize("module", sorted(CASES))
def test_every_suggestion_preserves_behaviour(workdir: Path, module: str) -> None:
    path = workdir / f"{module}.py"
    before_run = _run_check(workdir, module)
    assert before_run.returncode == 0, before_run.stderr
    parent = _function(path, CASES[module])
    assert parent.suggestions, f"no suggestion for {CASES[module]}"
    original = path.read_text()
    for suggestion in parent.suggestions:
        path.write_text(original)
        target = f"{path}:{suggestion.start_line}-{suggestion.end_line}"
        done = run_cli("extract", target, "--name", suggestion.name)
        assert done.returncode == 0, done.stderr
        assert "extracted lines" in done.stdout
        rewritten = path.read_text()
        cst.parse_module(rewritten)
        compile(rewritten, str(path), "exec")
        after = _function(path, CASES[module])
        assert after.sloc < parent.sloc
        assert after.cyclomatic <= parent.cyclomatic
        assert f"def {suggestion.name}(" in rewritten
        after_run = _run_check(workdir, module)
        assert (after_run.returncode, after_run.stdout) == (0, before_run.stdout), (
            rewritten,
            after_run.stderr,
        )


def test_orders_top_suggestion_is_the_validation_paragraph(workdir: Path) -> None:
    top = _function(workdir / "orders.py", "summarize").suggestions[0]
    assert (top.start_line, top.end_line) == (10, 18)
    assert (top.params, top.returns) == (("orders",), ("valid",))


def test_commented_paragraph_is_named_after_its_comment(workdir: Path) -> None:
    done = run_cli("extract", f"{workdir / 'orders.py'}:20-27", "--diff")
    assert done.returncode == 0, done.stderr
    assert (
        "+    subtotal, discount, tax = _compute_subtotal_discount_tax(valid, tier, tax_rate)" in done.stdout
    )
    assert "+def _compute_subtotal_discount_tax(valid, tier, tax_rate):" in done.stdout


def test_warehouse_extraction_is_a_method_and_keeps_mangled_names(workdir: Path) -> None:
    path = workdir / "warehouse.py"
    suggestion = _function(path, "Warehouse.restock").suggestions[0]
    assert suggestion.kind == "method"
    done = run_cli("extract", f"{path}:{suggestion.start_line}-{suggestion.end_line}", "--diff")
    assert done.returncode == 0, done.stderr
    assert f"+    def {suggestion.name}(self" in done.stdout
    assert f"self.{suggestion.name}(" in done.stdout


def test_async_block_becomes_an_awaited_async_function(workdir: Path) -> None:
    path = workdir / "jobs.py"
    suggestions = _function(path, "run_jobs").suggestions
    awaiting = [s for s in suggestions if s.is_async]
    assert awaiting
    done = run_cli("extract", f"{path}:{awaiting[0].start_line}-{awaiting[0].end_line}", "--diff")
    assert done.returncode == 0, done.stderr
    assert f"+async def {awaiting[0].name}(" in done.stdout
    assert f"await {awaiting[0].name}(" in done.stdout
