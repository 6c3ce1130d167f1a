"""JSON (SPEC keys), DOT and GraphML renderings."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codesmell.graph.model import CALL, IMPORT, Call, Edge, GraphOptions, ModuleGraph
from codesmell.graph.pipeline import build_module_graph
from codesmell.output.graph import render, render_chunks, to_json_chunks, to_json_dict

from .projects import ModuleInput

SPEC_KEYS = {"modules", "edges", "communities", "modularity", "levels", "calls"}


@pytest.fixture(scope="module")
def graph(planted: list[ModuleInput]) -> ModuleGraph:
    return build_module_graph(planted, GraphOptions())


def test_json_has_the_spec_keys_and_types(graph: ModuleGraph, planted: list[ModuleInput]) -> None:
    document = json.loads(render(graph, "json"))
    assert set(document) >= SPEC_KEYS
    assert isinstance(document["modularity"], float)
    for module in document["modules"]:
        assert isinstance(module["name"], str) and isinstance(module["path"], str)
        assert isinstance(module["community"], int)
    assert {m["path"] for m in document["modules"]} == {path for _, path, _ in planted}
    community_ids = {c["id"] for c in document["communities"]}
    assert {m["community"] for m in document["modules"]} == community_ids
    for edge in document["edges"]:
        assert edge["kind"] in ("import", "call")
        assert isinstance(edge["weight"], float)
    for community in document["communities"]:
        assert all(isinstance(m, str) for m in community["modules"])
    assert all(set(call) == {"caller", "callee", "count", "kind", "kinds"} for call in document["calls"])
    assert {
        "caller": "shopfront.accounts.user.User.can",
        "callee": "shopfront.accounts.permissions.allowed",
        "count": 1,
        "kind": "direct",
        "kinds": ["direct"],
    } in document["calls"]


def test_json_extras(graph: ModuleGraph) -> None:
    document = json.loads(render(graph, "json"))
    assert document["options"] == {
        "seed": 42,
        "resolution": 1.0,
        "import_weight": 1.0,
        "call_weight": 0.25,
        "external": False,
        "hub_weighting": 1.0,
        "attach_weight": 1.0,
    }
    assert [m["module"] for m in document["misplaced"]] == ["shopfront.billing.stock_alerts"]
    assert document["cycles"][0]["modules"] == ["shopfront.accounts.permissions", "shopfront.accounts.user"]
    assert document["splits"] == []
    # 50 resolved by name, plus invoice.add(product) on `invoice = Invoice(...)` in invoice_for
    assert document["stats"]["calls"]["resolved"] == 51
    assert document["stats"]["pointsto"]["capped_nodes"] == 0
    assert document["stats"]["pointsto"]["truncated"] is False


def test_json_lists_are_sorted(graph: ModuleGraph) -> None:
    document = json.loads(render(graph, "json"))
    names = [m["name"] for m in document["modules"]]
    assert names == sorted(names)
    keys = [(e["source"], e["target"], e["kind"]) for e in document["edges"]]
    assert keys == sorted(keys)
    calls = [(c["caller"], c["callee"]) for c in document["calls"]]
    assert calls == sorted(calls)


def test_dot_has_one_cluster_per_community_and_every_edge(graph: ModuleGraph) -> None:
    text = render(graph, "dot")
    assert text.startswith("digraph codesmell {") and text.rstrip().endswith("}")
    assert len(re.findall(r"subgraph cluster_\d+ \{", text)) == len(graph.communities)
    assert text.count(" -> ") == len(graph.edges)
    # catalog, pricing and search import catalog.product: its hub factor is 1/3
    assert (
        '"shopfront.catalog.pricing" -> "shopfront.catalog.product" '
        '[kind="import", weight="0.3333333333333333", style=dotted]' in text
    )


def test_dot_quotes_names() -> None:
    from codesmell.output.graph import _dot_id

    assert _dot_id('we"ird\\name') == '"we\\"ird\\\\name"'


def test_graphml_reads_back_with_networkx(graph: ModuleGraph) -> None:
    read = nx.read_graphml(io.BytesIO(render(graph, "graphml").encode()), force_multigraph=True)
    assert set(read.nodes) == {m.name for m in graph.modules}
    assert read.number_of_edges() == len(graph.edges)
    assert read.nodes["shopfront.billing.stock_alerts"]["community"] == graph.misplaced[0].community
    assert read.graph["modularity"] == pytest.approx(graph.modularity)


def test_unknown_format_is_an_error(graph: ModuleGraph) -> None:
    with pytest.raises(ValueError, match="unknown graph format 'svg'"):
        render(graph, "svg")


def _as_json_writes_it(graph: ModuleGraph) -> str:
    return json.dumps(to_json_dict(graph), indent=2, ensure_ascii=False) + "\n"


def test_json_text_is_jsons_own_for_the_planted_graph(graph: ModuleGraph) -> None:
    assert graph.calls and graph.edges
    assert render(graph, "json") == _as_json_writes_it(graph)


_NAMES = st.text(st.characters(codec="utf-8"), max_size=8)  # quotes, backslashes, line breaks, controls, non-ASCII
_NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10**20))


@given(
    calls=st.lists(st.builds(Call, _NAMES, _NAMES, st.integers(0, 10**6), _NAMES,
                             st.lists(_NAMES, max_size=3).map(tuple)), max_size=4).map(tuple),
    edges=st.lists(st.builds(Edge, _NAMES, _NAMES, st.sampled_from([IMPORT, CALL, "x\n"]), _NUMBERS,
                             st.integers(0, 99), st.booleans(), st.booleans(), _NUMBERS), max_size=4).map(tuple),
)
@settings(max_examples=150, deadline=None)
def test_json_text_is_jsons_own_for_any_calls_and_edges(graph: ModuleGraph, calls: tuple[Call, ...],
                                                         edges: tuple[Edge, ...]) -> None:
    """The templates `to_json` writes calls and edges with give json's text, or hand it to json (NaN, infinities)."""
    changed = dataclasses.replace(graph, calls=calls, edges=edges)
    assert render(changed, "json") == _as_json_writes_it(changed)
    for batch in (1, 2, 3):
        assert "".join(to_json_chunks(changed, batch)) == _as_json_writes_it(changed)


def test_json_chunks_are_batches_of_records(graph: ModuleGraph) -> None:
    """The command line writes the text piece by piece: no piece holds more than `batch` calls or edges."""
    many = dataclasses.replace(graph, calls=graph.calls * 5, edges=graph.edges * 5)
    chunks = list(to_json_chunks(many, 2))
    assert "".join(chunks) == _as_json_writes_it(many)
    assert max(chunk.count('"caller"') for chunk in chunks) == 2
    assert max(chunk.count('"source"') for chunk in chunks) == 2
    assert "".join(render_chunks(many, "json")) == render(many, "json")
    assert list(render_chunks(many, "dot")) == [render(many, "dot")]
