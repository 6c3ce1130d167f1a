"""Leiden communities (`--algorithm leiden`): known structure, connectivity, levels, determinism."""

from __future__ import annotations

import json
import random

import leidenalg
import networkx as nx
import pytest

from codesmell.graph.communities import cluster, leiden, louvain, modularity, number_communities
from codesmell.graph.leiden import leiden_memberships, sorted_igraph
from codesmell.graph.model import ALGORITHMS, GraphOptions
from codesmell.graph.pipeline import build_module_graph
from codesmell.output.graph import render

from .projects import FIXTURES, ModuleInput, load_project, stdout_under_hash_seed
from .test_communities import PLANTED, disconnecting_graph, disconnecting_project, recompute_modularity

LEIDEN = GraphOptions(algorithm="leiden")


def weighted(graph: nx.Graph, prefix: str = "n") -> nx.Graph:
    """`graph` with string node names (sorted as the numbers are) and weight 1 on every edge."""
    named = nx.relabel_nodes(graph, {node: f"{prefix}{node:03d}" for node in graph})
    nx.set_edge_attributes(named, 1.0, "weight")
    return named


def two_cliques() -> nx.Graph:
    """Two 5-cliques a0..a4 and b0..b4, joined by the one edge a0-b0."""
    graph = nx.Graph()
    for side in "ab":
        members = [f"{side}{i}" for i in range(5)]
        graph.add_edges_from(((x, y) for i, x in enumerate(members) for y in members[i + 1 :]), weight=1.0)
    graph.add_edge("a0", "b0", weight=1.0)
    return graph


def connected_everywhere(graph: nx.Graph, clustering_levels: tuple[tuple[tuple[str, ...], ...], ...]) -> bool:
    return all(nx.is_connected(graph.subgraph(group)) for level in clustering_levels for group in level)


class TestKnownStructure:
    def test_two_cliques_joined_by_one_edge_are_two_communities(self) -> None:
        clustering = leiden(two_cliques(), seed=42, resolution=1.0)
        assert clustering.final.communities == (("a0", "a1", "a2", "a3", "a4"), ("b0", "b1", "b2", "b3", "b4"))
        # 21 edges: each clique 10 inside, degree sum 21; Q = 2 * (10/21 - (21/42)**2)
        assert clustering.final.modularity == pytest.approx(2 * (10 / 21 - 0.25))
        assert clustering.splits == ()

    @pytest.mark.parametrize("seed", [0, 1, 42])
    def test_a_ring_of_cliques_is_one_community_per_clique(self, seed: int) -> None:
        graph = weighted(nx.ring_of_cliques(8, 5))  # clique k holds nodes 5k..5k+4, neighbours by one edge
        clustering = leiden(graph, seed=seed, resolution=1.0)
        expected = tuple(tuple(f"n{5 * k + i:03d}" for i in range(5)) for k in range(8))
        assert clustering.final.communities == number_communities(expected)

    def test_pairs_of_cliques_are_found_and_the_levels_nest(self) -> None:
        # four 6-cliques; cliques 0-1 and 2-3 are tied by 16 edges each, the two pairs by one edge:
        # 93 edges, Q(pairs) = 2 * (46/93 - (93/186)**2) = 0.489 > Q(cliques) = 60/93 - 0.25 = 0.395
        graph = nx.Graph()
        cliques = [[f"c{k}{i}" for i in range(6)] for k in range(4)]
        for members in cliques:
            graph.add_edges_from(((x, y) for i, x in enumerate(members) for y in members[i + 1 :]), weight=1.0)
        for left, right in ((0, 1), (2, 3)):
            graph.add_edges_from(((cliques[left][i], cliques[right][j]) for i in range(4) for j in range(4)), weight=1.0)
        graph.add_edge("c05", "c25", weight=1.0)
        clustering = leiden(graph, seed=42, resolution=1.0)
        pairs = number_communities([cliques[0] + cliques[1], cliques[2] + cliques[3]])
        assert clustering.final.communities == pairs
        assert clustering.final.modularity == pytest.approx(2 * (46 / 93 - 0.25))
        for finer, coarser in zip(clustering.levels, clustering.levels[1:], strict=False):
            for group in finer.communities:  # every finer community lies inside one coarser one
                assert sum(1 for big in coarser.communities if set(group) <= set(big)) == 1
            assert finer.modularity <= coarser.modularity

    def test_a_graph_without_edges_is_one_level_of_lone_nodes(self) -> None:
        graph = nx.Graph()
        graph.add_nodes_from(["b", "a", "c"])
        clustering = leiden(graph, seed=42, resolution=1.0)
        assert [level.communities for level in clustering.levels] == [(("a",), ("b",), ("c",))]
        assert clustering.final.modularity == 0.0

    def test_empty_graph(self) -> None:
        clustering = leiden(nx.Graph(), seed=42, resolution=1.0)
        assert [level.communities for level in clustering.levels] == [()]

    def test_cluster_names_both_algorithms_and_refuses_others(self) -> None:
        graph = two_cliques()
        assert cluster(graph, "louvain", 42, 1.0) == louvain(graph, 42, 1.0)
        assert cluster(graph, "leiden", 42, 1.0) == leiden(graph, 42, 1.0)
        assert set(ALGORITHMS) == {"louvain", "leiden"}
        with pytest.raises(ValueError, match="unknown clustering algorithm 'infomap'"):
            cluster(graph, "infomap", 42, 1.0)


class TestResolution:
    @pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0])
    def test_leidenalgs_quality_is_modularity_with_the_resolution_on_the_expected_edges(self, gamma: float) -> None:
        # python-louvain's move gain is k_i,in - gamma * Sigma_tot * k_i / 2m: the same quality
        graph = disconnecting_graph()
        for left, right in list(graph.edges)[::3]:
            graph[left][right]["weight"] = 2.5
        built, names, weights = sorted_igraph(graph.nodes, graph.edges(data="weight"))
        draw = random.Random(3)
        labels = [draw.randrange(4) for _ in names]  # any partition: the identity holds for each
        partition = leidenalg.RBConfigurationVertexPartition(
            built, weights=weights, resolution_parameter=gamma, initial_membership=labels
        )
        groups: dict[int, set[str]] = {}
        for name, label in zip(names, labels, strict=True):
            groups.setdefault(label, set()).add(name)
        expected = nx.community.modularity(graph, list(groups.values()), weight="weight", resolution=gamma)
        assert partition.quality() / (2 * sum(weights)) == pytest.approx(expected, abs=1e-12)

    def test_higher_resolution_gives_more_communities_as_with_louvain(self, planted: list[ModuleInput]) -> None:
        sizes = {
            algorithm: [
                len(build_module_graph(planted, GraphOptions(algorithm=algorithm, resolution=r)).communities)
                for r in (1.0, 3.0, 10.0)
            ]
            for algorithm in ALGORITHMS
        }
        assert sizes["leiden"][0] == len(PLANTED)
        assert sizes["leiden"] == sorted(sizes["leiden"]) and sizes["leiden"][0] < sizes["leiden"][-1]


class TestConnectivity:
    def test_leiden_keeps_together_what_louvain_disconnects(self) -> None:
        graph = disconnecting_graph()
        assert any(split.modules == ("m10", "m11") for split in louvain(graph, 0, 1.0).splits)
        clustering = leiden(graph, seed=0, resolution=1.0)
        assert clustering.splits == ()
        assert connected_everywhere(graph, tuple(level.communities for level in clustering.levels))

    @pytest.mark.parametrize("seed", range(6))
    def test_every_level_is_connected_on_random_block_models(self, seed: int) -> None:
        sizes = [12, 9, 15, 7, 11]
        probabilities = [[0.5 if i == j else 0.04 for j in range(5)] for i in range(5)]
        graph = weighted(nx.stochastic_block_model(sizes, probabilities, seed=seed))
        raw_nodes, memberships = leiden_memberships(graph.nodes, graph.edges(data="weight"), seed, 1.0)
        for labels in memberships:  # before codesmell's split: connected by construction
            groups: dict[int, list[str]] = {}
            for node, label in zip(raw_nodes, labels, strict=True):
                groups.setdefault(label, []).append(node)
            assert all(nx.is_connected(graph.subgraph(group)) for group in groups.values())
        assert leiden(graph, seed, 1.0).splits == ()

    def test_json_of_the_disconnecting_project_has_no_split(self) -> None:
        options = GraphOptions(seed=0, hub_weighting=0.0, algorithm="leiden")
        document = json.loads(render(build_module_graph(disconnecting_project(), options), "json"))
        assert document["splits"] == []
        graph = nx.Graph((e["source"], e["target"]) for e in document["edges"])
        for level in document["levels"]:
            for group in level["communities"]:
                assert nx.is_connected(graph.subgraph(group["modules"]))
        assert document["modularity"] == pytest.approx(recompute_modularity(document), abs=1e-12)


class TestFixtures:
    @pytest.mark.parametrize("call_weight", [0.0, 0.25, 1.0])
    @pytest.mark.parametrize("seed", [0, 1, 42])
    def test_recovers_the_planted_communities(self, planted: list[ModuleInput], seed: int, call_weight: float) -> None:
        graph = build_module_graph(planted, GraphOptions(algorithm="leiden", seed=seed, call_weight=call_weight))
        assert sorted((set(c.modules) for c in graph.communities), key=sorted) == sorted(PLANTED, key=sorted)

    def test_the_misfiled_module_is_still_found(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, LEIDEN)
        [item] = graph.misplaced
        assert (item.module, item.package, item.dominant_package) == (
            "shopfront.billing.stock_alerts",
            "shopfront.billing",
            "shopfront.catalog",
        )
        assert item.share == pytest.approx(5 / 6)

    def test_levels_nest_and_each_reports_its_own_modularity(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions(algorithm="leiden", call_weight=1.0))
        document = json.loads(render(graph, "json"))
        assert len(document["levels"]) >= 2
        for level in document["levels"]:
            level_doc = {**document, "communities": level["communities"]}
            assert level["modularity"] == pytest.approx(recompute_modularity(level_doc), abs=1e-12)
        assert document["levels"][-1]["modularity"] == document["modularity"]
        assert graph.levels[-1].communities == tuple(c.modules for c in graph.communities)
        for finer, coarser in zip(graph.levels, graph.levels[1:], strict=False):
            for group in finer.communities:
                assert sum(1 for big in coarser.communities if set(group) <= set(big)) == 1

    def test_modularity_is_codesmells_own(self, planted: list[ModuleInput]) -> None:
        document = json.loads(render(build_module_graph(planted, LEIDEN), "json"))
        assert document["modularity"] == pytest.approx(recompute_modularity(document), abs=1e-12)
        assert document["modularity"] > 0.5
        assert document["options"]["algorithm"] == "leiden"

    def test_long_methods_fixture_clusters_too(self) -> None:
        project = load_project(FIXTURES / "long_methods")
        graph = build_module_graph(project, LEIDEN)
        assert sorted(m for c in graph.communities for m in c.modules) == sorted(name for name, _, _ in project)
        assert graph.splits == ()


class TestDeterminism:
    def test_same_output_across_runs_and_input_orders(self, planted: list[ModuleInput]) -> None:
        first = render(build_module_graph(planted, LEIDEN), "json")
        shuffled = list(planted)
        random.Random(7).shuffle(shuffled)
        for fmt in ("json", "dot", "graphml", "importlinter", "tach"):
            assert render(build_module_graph(planted, LEIDEN), fmt) == render(build_module_graph(shuffled, LEIDEN), fmt)
        assert render(build_module_graph(planted, LEIDEN), "json") == first

    @pytest.mark.parametrize("hash_seed", ["0", "12345"])
    def test_output_does_not_depend_on_the_hash_seed(self, planted: list[ModuleInput], hash_seed: str) -> None:
        script = (
            "import sys; from graph.projects import FIXTURES, load_project; "
            "from codesmell.graph.model import GraphOptions; from codesmell.output.graph import render; "
            "from codesmell.graph.pipeline import build_module_graph; "
            "project = load_project(FIXTURES / 'planted_communities' / 'src'); "
            "sys.stdout.write(render(build_module_graph(project, GraphOptions(algorithm='leiden')), 'json'))"
        )
        assert stdout_under_hash_seed(script, hash_seed) == render(build_module_graph(planted, LEIDEN), "json")

    def test_the_seed_is_used(self) -> None:
        graph = weighted(nx.stochastic_block_model([30, 30, 30], [[0.2, 0.05, 0.05], [0.05, 0.2, 0.05],
                                                                   [0.05, 0.05, 0.2]], seed=1))
        runs = {seed: leiden(graph, seed, 1.0) for seed in range(8)}
        assert runs[3] == leiden(graph, 3, 1.0)
        assert len({run.levels for run in runs.values()}) > 1  # a noisy graph: some seeds differ

    def test_negative_and_large_seeds_are_accepted(self) -> None:
        graph = two_cliques()
        assert leiden(graph, -1, 1.0).final == leiden(graph, 2**40, 1.0).final == leiden(graph, 0, 1.0).final


@pytest.mark.slow
def test_every_stdlib_community_is_connected_at_every_level() -> None:
    from test_stdlib_corpus import _stdlib_sources

    from codesmell.graph.build import clustering_graph
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.run.engine import EngineOptions, analyze_files

    results = analyze_files(_stdlib_sources(), EngineOptions(jobs=2, cache_root=None, with_graph=True))
    graph = graph_of_results(results, LEIDEN)
    assert graph.splits == ()
    clustered = clustering_graph([m.name for m in graph.modules], (*graph.edges, *graph.attachments))
    assert connected_everywhere(clustered, tuple(level.communities for level in graph.levels))
    louvain_graph = graph_of_results(results, GraphOptions())
    assert graph.modularity > 0.3
    assert graph.modularity == pytest.approx(modularity(clustered, graph.levels[-1].communities))
    assert abs(graph.modularity - louvain_graph.modularity) < 0.05  # the same quality, within noise
