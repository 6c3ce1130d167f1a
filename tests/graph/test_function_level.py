"""`codesmell graph --level function`: the call graph itself as JSON, DOT and GraphML."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from codesmell.graph.model import GraphOptions, ModuleGraph
from codesmell.graph.pipeline import build_module_graph
from codesmell.output.graph import render_functions

from .projects import FIXTURES, ModuleInput


@pytest.fixture(scope="module")
def graph(import_styles: list[ModuleInput]) -> ModuleGraph:
    return build_module_graph(import_styles, GraphOptions())


def test_json_lists_every_function_and_call(graph: ModuleGraph) -> None:
    document = json.loads(render_functions(graph, "json"))
    assert document["level"] == "function"
    names = [f["name"] for f in document["functions"]]
    assert names == sorted(names)
    assert set(names) == {c.caller for c in graph.calls} | {c.callee for c in graph.calls}
    communities = {m.name: m.community for m in graph.modules}
    for function in document["functions"]:
        assert function["name"] == function["module"] or function["name"].startswith(function["module"] + ".")
        assert function["community"] == communities[function["module"]]
    wrapper = next(f for f in document["functions"] if f["name"] == "styles.util.decorate.<locals>.wrapper")
    assert wrapper["module"] == "styles.util"
    assert len(document["calls"]) == len(graph.calls) == document["stats"]["calls"]
    assert {"caller": "styles.core", "callee": "styles.util.decorate", "count": 1, "kind": "decorator",
            "kinds": ["decorator"]} in document["calls"]  # fmt: skip


def test_dot_has_one_cluster_per_module_and_every_call(graph: ModuleGraph) -> None:
    text = render_functions(graph, "dot")
    assert text.startswith("digraph codesmell_calls {")
    modules = {f["module"] for f in json.loads(render_functions(graph, "json"))["functions"]}
    assert text.count("subgraph cluster_") == len(modules)
    assert text.count(" -> ") == len(graph.calls)
    assert '"styles.core" -> "styles.util.decorate" [kind="decorator", count="1", style=dotted];' in text


def test_graphml_reads_back_with_networkx(graph: ModuleGraph) -> None:
    back = nx.read_graphml(io.StringIO(render_functions(graph, "graphml")))
    assert back.number_of_edges() == len(graph.calls)
    edge = back.edges["styles.util.decorate.<locals>.wrapper", "styles.core.run"]
    assert edge["kind"] == "argument" and edge["count"] == 1
    assert back.nodes["styles.core.run"]["module"] == "styles.core"


def test_cli_level_function(tmp_path: Path) -> None:
    out = tmp_path / "calls.json"
    subprocess.run(
        [sys.executable, "-m", "codesmell", "graph", str(FIXTURES / "import_styles"), "--level", "function",
         "--no-cache", "-o", str(out)],
        check=True,
    )  # fmt: skip
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["level"] == "function"
    assert any(c["callee"].endswith("styles.core.run") for c in document["calls"])


def test_unknown_format_is_an_error(graph: ModuleGraph) -> None:
    with pytest.raises(ValueError, match="unknown graph format"):
        render_functions(graph, "svg")
