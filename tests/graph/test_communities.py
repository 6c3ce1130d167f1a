"""Louvain communities: planted structure, recomputable modularity, determinism, connectivity."""

from __future__ import annotations

import json
import random
from typing import Any

import community as community_louvain
import networkx as nx
import pytest

from codesmell.graph.communities import louvain, modularity, number_communities, split_disconnected
from codesmell.graph.facts import ImportFact, ModuleFacts
from codesmell.graph.model import GraphOptions
from codesmell.graph.pipeline import build_module_graph
from codesmell.output.graph import render

from .projects import ModuleInput, stdout_under_hash_seed

PLANTED = [
    {
        "shopfront.catalog",
        "shopfront.catalog.inventory",
        "shopfront.catalog.pricing",
        "shopfront.catalog.product",
        "shopfront.catalog.search",
        "shopfront.billing.stock_alerts",  # filed under billing, lives with the catalogue
    },
    {
        "shopfront.billing",
        "shopfront.billing.currency",
        "shopfront.billing.invoice",
        "shopfront.billing.payment",
        "shopfront.billing.tax",
    },
    {
        "shopfront.accounts",
        "shopfront.accounts.auth",
        "shopfront.accounts.permissions",
        "shopfront.accounts.session",
        "shopfront.accounts.user",
    },
    {
        "shopfront.reporting",
        "shopfront.reporting.charts",
        "shopfront.reporting.export",
        "shopfront.reporting.formatting",
        "shopfront.reporting.summary",
    },
    {"shopfront"},  # only a docstring and a version: nothing connects it
]

# A graph on which python-louvain (seed 0) returns a community that is not
# connected: at level 0, m10 and m11 share a community although no edge joins
# them (both hang off m08 and m23, which went elsewhere). Found by running
# python-louvain over stochastic block models and keeping the first such case.
DISCONNECTING_EDGES = [
    (0, 1), (0, 2), (0, 4), (0, 7), (1, 2), (1, 4), (1, 5), (2, 3), (2, 4), (2, 5), (2, 7),
    (2, 18), (2, 22), (3, 4), (3, 13), (4, 6), (4, 7), (4, 11), (5, 6), (5, 7), (5, 17), (5, 19),
    (6, 9), (6, 21), (6, 24), (6, 30), (7, 23), (8, 10), (8, 11), (8, 21), (8, 28), (8, 31),
    (10, 15), (10, 19), (10, 23), (11, 23), (12, 17), (12, 18), (12, 19), (12, 21), (12, 29),
    (13, 18), (13, 19), (14, 15), (14, 19), (14, 21), (14, 22), (15, 16), (15, 17), (15, 19),
    (15, 27), (16, 17), (16, 21), (17, 20), (17, 21), (17, 25), (17, 28), (19, 20), (19, 27),
    (19, 29), (20, 29), (22, 23), (22, 24), (22, 25), (22, 26), (23, 25), (23, 26), (24, 26),
    (24, 28), (25, 26), (25, 27), (26, 33), (28, 31), (29, 30), (30, 31), (30, 33), (32, 33),
]  # fmt: skip


def name(index: int) -> str:
    return f"m{index:02d}"


def disconnecting_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted({name(n) for edge in DISCONNECTING_EDGES for n in edge}))
    graph.add_edges_from(((name(a), name(b)) for a, b in DISCONNECTING_EDGES), weight=1.0)
    return graph


def disconnecting_project() -> list[tuple[str, str, ModuleFacts]]:
    """The same graph as modules: the lower-numbered module imports the other."""
    imports: dict[str, list[ImportFact]] = {name(n): [] for e in DISCONNECTING_EDGES for n in e}
    for a, b in DISCONNECTING_EDGES:
        imports[name(a)].append(ImportFact("", name(b), None, None, 0, False))
    return [
        (module, f"{module}.py", ModuleFacts(module, False, tuple(facts)))
        for module, facts in sorted(imports.items())
    ]


def recompute_modularity(document: dict[str, Any]) -> float:
    """Modularity from the JSON alone: undirected, weights summed per pair of modules."""
    graph = nx.Graph()
    graph.add_nodes_from(module["name"] for module in document["modules"])
    for edge in document["edges"]:
        if edge["source"] == edge["target"]:
            continue
        old = graph.get_edge_data(edge["source"], edge["target"], {"weight": 0.0})["weight"]
        graph.add_edge(edge["source"], edge["target"], weight=old + edge["weight"])
    for edge in document["attachments"]:  # code-less modules tied to their package
        old = graph.get_edge_data(edge["source"], edge["target"], {"weight": 0.0})["weight"]
        graph.add_edge(edge["source"], edge["target"], weight=old + edge["weight"])
    communities = [set(c["modules"]) for c in document["communities"]]
    return float(nx.community.modularity(graph, communities, weight="weight"))


class TestPlanted:
    def test_recovers_the_planted_communities(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        found = [set(c.modules) for c in graph.communities]
        assert sorted(found, key=sorted) == sorted(PLANTED, key=sorted)

    @pytest.mark.parametrize("call_weight", [0.0, 0.25, 1.0])
    @pytest.mark.parametrize("seed", [0, 1, 42])
    def test_recovery_does_not_hinge_on_seed_or_call_weight(
        self, planted: list[ModuleInput], seed: int, call_weight: float
    ) -> None:
        graph = build_module_graph(planted, GraphOptions(seed=seed, call_weight=call_weight))
        found = sorted((set(c.modules) for c in graph.communities), key=sorted)
        assert found == sorted(PLANTED, key=sorted)

    def test_every_module_is_in_exactly_one_community(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        members = [m for c in graph.communities for m in c.modules]
        assert sorted(members) == sorted(name for name, _, _ in planted)
        labels = {node.name: node.community for node in graph.modules}
        assert all(labels[m] == c.id for c in graph.communities for m in c.modules)


class TestModularity:
    @pytest.mark.parametrize("options", [GraphOptions(), GraphOptions(call_weight=1.5, resolution=2.0)])
    def test_reported_modularity_is_recomputable_from_the_json(
        self, planted: list[ModuleInput], options: GraphOptions
    ) -> None:
        document = json.loads(render(build_module_graph(planted, options), "json"))
        assert document["modularity"] == pytest.approx(recompute_modularity(document), abs=1e-12)
        assert document["modularity"] > 0.5

    def test_also_with_outside_modules_and_an_import_cycle(self, import_styles: list[ModuleInput]) -> None:
        document = json.loads(render(build_module_graph(import_styles, GraphOptions(external=True)), "json"))
        assert document["modularity"] == pytest.approx(recompute_modularity(document), abs=1e-12)

    def test_each_level_reports_its_own_modularity(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions(call_weight=1.0))
        document = json.loads(render(graph, "json"))
        assert len(document["levels"]) >= 2
        for level in document["levels"]:
            level_doc = {**document, "communities": level["communities"]}
            assert level["modularity"] == pytest.approx(recompute_modularity(level_doc), abs=1e-12)
        assert document["levels"][-1]["modularity"] == document["modularity"]

    def test_graph_without_edges_has_zero_modularity(self) -> None:
        project = [(m, f"{m}.py", ModuleFacts(m, False)) for m in ("a", "b")]
        graph = build_module_graph(project, GraphOptions())
        assert graph.modularity == 0.0
        assert [c.modules for c in graph.communities] == [("a",), ("b",)]

    def test_empty_input(self) -> None:
        graph = build_module_graph([], GraphOptions())
        assert (graph.modules, graph.communities, graph.modularity) == ((), (), 0.0)


class TestLevels:
    def test_levels_go_from_fine_to_coarse(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions(call_weight=1.0))
        sizes = [len(level.communities) for level in graph.levels]
        assert sizes == sorted(sizes, reverse=True)
        assert sizes[0] > sizes[-1]
        for finer, coarser in zip(graph.levels, graph.levels[1:], strict=False):
            for group in finer.communities:
                # every fine community lies inside one coarse community
                assert sum(1 for big in coarser.communities if set(group) <= set(big)) == 1

    def test_last_level_is_the_reported_partition(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        assert graph.levels[-1].communities == tuple(c.modules for c in graph.communities)

    def test_higher_resolution_gives_more_communities(self, planted: list[ModuleInput]) -> None:
        sizes = [
            len(build_module_graph(planted, GraphOptions(resolution=r)).communities) for r in (1.0, 3.0, 10.0)
        ]
        assert sizes[0] == len(PLANTED)
        assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


class TestDeterminism:
    def test_output_is_byte_identical_across_runs_and_input_orders(self, planted: list[ModuleInput]) -> None:
        first = render(build_module_graph(planted, GraphOptions()), "json")
        shuffled = list(planted)
        random.Random(7).shuffle(shuffled)
        for fmt in ("json", "dot", "graphml"):
            assert render(build_module_graph(planted, GraphOptions()), fmt) == render(
                build_module_graph(shuffled, GraphOptions()), fmt
            )
        assert render(build_module_graph(planted, GraphOptions()), "json") == first

    def test_output_does_not_depend_on_the_hash_seed(self, planted: list[ModuleInput]) -> None:
        script = (
            "import sys; from graph.projects import FIXTURES, load_project; "
            "from codesmell.graph.model import GraphOptions; from codesmell.output.graph import render; "
            "from codesmell.graph.pipeline import build_module_graph; "
            "project = load_project(FIXTURES / 'planted_communities' / 'src'); "
            "sys.stdout.write(render(build_module_graph(project, GraphOptions()), 'json'))"
        )
        assert stdout_under_hash_seed(script, "12345") == render(build_module_graph(planted, GraphOptions()), "json")

    def test_community_ids_are_largest_first(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        assert [c.id for c in graph.communities] == list(range(len(graph.communities)))
        sizes = [len(c.modules) for c in graph.communities]
        assert sizes == sorted(sizes, reverse=True)


class TestConnectivity:
    def test_python_louvain_really_returns_a_disconnected_community_here(self) -> None:
        graph = disconnecting_graph()
        dendrogram = community_louvain.generate_dendrogram(graph, random_state=0)
        level0 = community_louvain.partition_at_level(dendrogram, 0)
        together = [n for n, c in level0.items() if c == level0["m10"]]
        assert sorted(together) == ["m10", "m11"]
        assert not graph.has_edge("m10", "m11")

    def test_louvain_splits_it_and_says_so(self) -> None:
        graph = disconnecting_graph()
        clustering = louvain(graph, seed=0, resolution=1.0)
        [split] = [s for s in clustering.splits if s.modules == ("m10", "m11")]
        assert split.level == 0
        assert split.parts == (("m10",), ("m11",))
        for level in clustering.levels:
            for group in level.communities:
                assert nx.is_connected(graph.subgraph(group))

    def test_the_split_reaches_the_json_and_every_reported_community_is_connected(self) -> None:
        document = json.loads(
            # the raw graph (no hub factor) is the one python-louvain disconnects
            render(build_module_graph(disconnecting_project(), GraphOptions(seed=0, hub_weighting=0.0)), "json")
        )
        assert {"level": 0, "modules": ["m10", "m11"], "parts": [["m10"], ["m11"]]} in document["splits"]
        graph = nx.Graph((e["source"], e["target"]) for e in document["edges"])
        for level in document["levels"]:
            for group in level["communities"]:
                assert nx.is_connected(graph.subgraph(group["modules"]))
        assert document["modularity"] == pytest.approx(recompute_modularity(document), abs=1e-12)

    def test_split_disconnected_on_a_hand_made_partition(self) -> None:
        graph = nx.Graph()
        graph.add_edges_from(
            [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")], weight=1.0
        )
        graph.add_edge("c", "x", weight=0.1)
        merged = number_communities([["a", "b", "c", "x", "y"], ["z"]])
        assert nx.is_connected(graph.subgraph(["a", "b", "c", "x", "y"]))  # joined by c-x
        apart = number_communities([["a", "b", "y"], ["c", "x", "z"]])
        fixed, splits = split_disconnected(graph, apart, level=3)
        assert fixed == (("c", "x", "z"), ("a", "b"), ("y",))
        assert [(s.level, s.modules, s.parts) for s in splits] == [(3, ("a", "b", "y"), (("a", "b"), ("y",)))]
        assert split_disconnected(graph, merged, level=0) == (merged, ())

    def test_splitting_never_lowers_modularity(self) -> None:
        graph = disconnecting_graph()
        raw = community_louvain.partition_at_level(
            community_louvain.generate_dendrogram(graph, random_state=0), 0
        )
        groups: dict[int, list[str]] = {}
        for node, label in raw.items():
            groups.setdefault(label, []).append(node)
        before = number_communities(groups.values())
        after, _ = split_disconnected(graph, before, 0)
        assert modularity(graph, after) >= modularity(graph, before)
