"""bench/callgraph_recall.py: sites named as the graph names callers; the reader's callees scored against a real run."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))  # it imports its siblings callgraph_eval.py and callgraph_real.py
_spec = importlib.util.spec_from_file_location(
    "bench_callgraph_recall", ROOT / "bench" / "callgraph_recall.py"
)
assert _spec is not None and _spec.loader is not None
recall = importlib.util.module_from_spec(_spec)
sys.modules["bench_callgraph_recall"] = recall  # dataclasses look their module up
_spec.loader.exec_module(recall)


def _project(tmp_path: Path) -> Path:
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "cart.py").write_text(
        textwrap.dedent(
            """
            def subtotal(items):
                return sum(items)

            class Cart:
                TAX = round(0.2, 2)

                def total(self, items):
                    def taxed(x):
                        return x * self.TAX
                    return taxed(subtotal(items))

            key = lambda item: len(item)
            """
        )
    )
    return package


def test_sites_are_named_like_the_graph_s_callers(tmp_path: Path) -> None:
    sites = recall.call_sites("shop", _project(tmp_path))
    named = sorted((site.caller, site.source) for site in sites)
    assert named == [
        ("shop.cart", "TAX = round(0.2, 2)"),  # a class body runs as the module's code
        ("shop.cart.Cart.total", "return taxed(subtotal(items))"),
        ("shop.cart.Cart.total", "return taxed(subtotal(items))"),
        ("shop.cart.subtotal", "return sum(items)"),
    ]  # the lambda's call is left out
    assert {site.path for site in sites} == {"shop/cart.py"}


def test_reader_cells() -> None:
    assert recall.expected_callees("?") is None
    assert recall.expected_callees("none — builtins") == []
    assert recall.expected_callees("`a.f`, `a.C.__init__` — self is a `b.D`") == ["a.f", "a.C.__init__"]


def test_score_marks_found_and_missed(tmp_path: Path) -> None:
    package = _project(tmp_path)
    sites = [s for s in recall.call_sites("shop", package) if s.caller == "shop.cart.Cart.total"][:1]
    sample = tmp_path / "sample.md"
    recall.write_sample(sample, sites, f"# t\n\n1 site (corpora: shop={package}).")
    text = sample.read_text().replace(
        "| ? | ? |",
        "| `shop.cart.subtotal`, `shop.cart.Cart.total.<locals>.taxed`, `shop.cart.nowhere` — read | ? |",
    )
    sample.write_text(text)
    assert recall.main(["score", str(sample)]) == 0
    scored = sample.read_text()
    assert (
        "found `shop.cart.subtotal`, found `shop.cart.Cart.total.<locals>.taxed`, MISSED `shop.cart.nowhere`"
        in scored
    )
    assert "Scored: 1 sites read, 3 expected callees, 2 found (recall 0.667)." in scored
