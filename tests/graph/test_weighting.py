"""Clustering weights: the hub factor d**-s and the attachment of code-less modules.

Expected values are derived by hand from the definitions in codesmell/graph/weighting.py
(and README "Edge weights and the clustering graph").
"""

from __future__ import annotations

import json

import pytest

from codesmell.graph.build import clustering_graph
from codesmell.graph.facts import ModuleFacts
from codesmell.graph.model import CALL, IMPORT, PACKAGE, Edge, GraphOptions
from codesmell.graph.pipeline import build_module_graph
from codesmell.graph.weighting import (
    attachment_edges,
    dependants,
    down_weight_hubs,
    hub_factor,
    is_codeless,
)
from codesmell.output.graph import render

from .projects import ModuleInput, facts_of, stdout_under_hash_seed

# Two groups of three modules and a `util` module all six import.
HUB_PROJECT = {
    "app.a1": "from app import a2, a3, util\n",
    "app.a2": "from app import a3, util\n",
    "app.a3": "from app import util\n",
    "app.b1": "from app import b2, b3, util\n",
    "app.b2": "from app import b3, util\n",
    "app.b3": "from app import util\n",
    "app.util": "def helper():\n    return 1\n",
}


def project(sources: dict[str, str], packages: frozenset[str] = frozenset()) -> list[ModuleInput]:
    return [
        (name, name.replace(".", "/") + ("/__init__.py" if name in packages else ".py"),
         facts_of(text, name, name in packages))
        for name, text in sorted(sources.items())
    ]  # fmt: skip


class TestHubFactor:
    @pytest.mark.parametrize(
        ("dependants_", "strength", "expected"),
        [
            (0, 1.0, 1.0),  # nobody depends on it: nothing to share
            (1, 1.0, 1.0),  # one user keeps the edge whole
            (2, 1.0, 0.5),
            (4, 1.0, 0.25),
            (200, 1.0, 1 / 200),
            (4, 0.5, 0.5),  # 4 ** -0.5
            (9, 0.5, 1 / 3),
            (4, 2.0, 1 / 16),
            (100, 0.0, 1.0),  # strength 0 turns it off
        ],
    )
    def test_formula(self, dependants_: int, strength: float, expected: float) -> None:
        assert hub_factor(dependants_, strength) == pytest.approx(expected, rel=1e-15)

    def test_dependants_counts_distinct_modules_over_both_kinds_and_ignores_self_loops(self) -> None:
        edges = [
            Edge("a", "t", IMPORT, 1.0, 1),
            Edge("a", "t", CALL, 0.5, 2),  # same source again, other kind
            Edge("b", "t", CALL, 0.25, 1),
            Edge("t", "t", CALL, 0.25, 1),
            Edge("t", "a", IMPORT, 1.0, 1),
        ]
        assert dependants(edges) == {"t": 2, "a": 1}

    def test_every_edge_is_scaled_by_its_targets_factor(self) -> None:
        edges = [
            Edge("a", "b", IMPORT, 1.0, 1),  # b: one dependant
            Edge("a", "hub", IMPORT, 1.0, 1),
            Edge("b", "hub", CALL, 0.75, 3),
            Edge("c", "hub", IMPORT, 2.0, 1),  # hub: three dependants
        ]
        weighted = down_weight_hubs(edges, 1.0)
        assert [(e.source, e.target, e.weight, e.factor) for e in weighted] == [
            ("a", "b", 1.0, 1.0),
            ("a", "hub", pytest.approx(1 / 3), pytest.approx(1 / 3)),
            ("b", "hub", pytest.approx(0.25), pytest.approx(1 / 3)),
            ("c", "hub", pytest.approx(2 / 3), pytest.approx(1 / 3)),
        ]
        assert down_weight_hubs(edges, 0.0) == tuple(edges)

    def test_clustering_weights_of_a_project_with_a_shared_module(self) -> None:
        graph = build_module_graph(project(HUB_PROJECT), GraphOptions(call_weight=0.0))
        weights = {(left, right): w for left, right, w in clustering_graph(
            [m.name for m in graph.modules], [*graph.edges, *graph.attachments]
        ).edges(data="weight")}  # fmt: skip
        # a2 has one dependant (a1), a3 two (a1, a2), util six
        assert weights[("app.a1", "app.a2")] == 1.0
        assert weights[("app.a1", "app.a3")] == 0.5
        assert weights[("app.a2", "app.a3")] == 0.5
        assert weights[("app.a1", "app.util")] == pytest.approx(1 / 6)
        assert weights[("app.b3", "app.util")] == pytest.approx(1 / 6)
        assert len(weights) == 6 + 6
        # the weights in the output are the ones clustered (README: recomputable from the JSON)
        document = json.loads(render(graph, "json"))
        into_util = [e for e in document["edges"] if e["target"] == "app.util"]
        assert [e["factor"] for e in into_util] == [pytest.approx(1 / 6)] * 6
        assert document["options"]["hub_weighting"] == 1.0

    def test_the_shared_module_no_longer_outweighs_the_groups(self) -> None:
        # util's six edges weigh 1/6 each, so its weighted degree (1) is below
        # every group module's (a1: 1 + 0.5 + 1/6); without the factor it is 6.
        graph = build_module_graph(project(HUB_PROJECT), GraphOptions(call_weight=0.0))
        plain = build_module_graph(project(HUB_PROJECT), GraphOptions(call_weight=0.0, hub_weighting=0.0))
        found = sorted(sorted(c.modules) for c in graph.communities)
        assert ["app.a1", "app.a2", "app.a3"] in found or ["app.a1", "app.a2", "app.a3", "app.util"] in found
        assert ["app.b1", "app.b2", "app.b3"] in found or ["app.b1", "app.b2", "app.b3", "app.util"] in found
        # modularity of the same two-group split rises: 6 hub edges of 1 were 6 of the 10 units of weight
        assert graph.modularity > plain.modularity


class TestAttachment:
    def test_what_counts_as_codeless(self) -> None:
        assert is_codeless(facts_of(""))
        assert is_codeless(facts_of('"""Docstring."""\n__version__ = "1.0"\nFORMATS = ["%Y", "%m"]\n'))
        assert not is_codeless(facts_of("import os\n"))
        assert not is_codeless(facts_of("def f(): ...\n"))
        assert not is_codeless(facts_of("class C: ...\n"))
        assert not is_codeless(facts_of("X = frozenset()\n"))  # a call is code
        assert not is_codeless(facts_of("X = table[0]()\n"))  # so is a dynamic one

    def test_codeless_module_goes_to_its_package_and_codeless_init_to_its_modules(self) -> None:
        facts = {
            "pkg": facts_of("", "pkg", True),  # empty __init__
            "pkg.a": facts_of("import os\n", "pkg.a"),
            "pkg.b": facts_of("def f(): ...\n", "pkg.b"),
            "pkg.data": facts_of("TABLE = {'x': 1}\n", "pkg.data"),
            "pkg.sub": facts_of("from pkg import a\n", "pkg.sub", True),  # has code: no attachment
        }
        edges = attachment_edges(facts, facts, 1.0)
        # pkg has three modules directly inside (a, b, data; not the subpackage): 1/3 each;
        # data is code-less: one edge of 1 to pkg. pkg has code inside, so no edge upwards.
        assert [(e.source, e.target, e.kind, e.count) for e in edges] == [
            ("pkg", "pkg.a", PACKAGE, 0),
            ("pkg", "pkg.b", PACKAGE, 0),
            ("pkg", "pkg.data", PACKAGE, 0),
            ("pkg.data", "pkg", PACKAGE, 0),
        ]
        assert [e.weight for e in edges] == [pytest.approx(1 / 3)] * 3 + [1.0]

    def test_a_package_of_data_files_joins_its_parent(self) -> None:
        facts = {
            "site": facts_of("import os\n", "site", True),
            "site.locale": facts_of("LANG_INFO = {}\n", "site.locale", True),  # subpackages only
            "site.locale.de": facts_of("", "site.locale.de", True),
            "site.locale.de.formats": facts_of("DATE_FORMAT = 'j. F Y'\n", "site.locale.de.formats"),
        }
        edges = attachment_edges(facts, facts, 2.0)
        assert [(e.source, e.target, e.weight) for e in edges] == [
            ("site.locale", "site", 2.0),  # no module directly inside: up to the parent
            ("site.locale.de", "site.locale", 2.0),  # only code-less modules inside: up as well
            ("site.locale.de", "site.locale.de.formats", 2.0),  # its one module
            ("site.locale.de.formats", "site.locale.de", 2.0),
        ]

    def test_nothing_to_attach_to(self) -> None:
        facts = {
            "root": facts_of('"""Docs."""\n', "root", True),  # top package, subpackages only
            "root.sub": facts_of("import os\n", "root.sub", True),
            "loose": facts_of("X = 1\n", "loose"),  # top-level module: no package
            "ns.data": facts_of("X = 1\n", "ns.data"),  # namespace package: no __init__ analysed
        }
        assert attachment_edges(facts, facts, 1.0) == ()
        assert (
            attachment_edges({"p": facts_of("", "p", True), "p.x": facts_of("", "p.x")}, ["p", "p.x"], 0.0)
            == ()
        )

    def test_attachments_reach_the_json_and_count_in_the_modularity(self) -> None:
        sources = {
            "lib": "from lib import core\n",
            "lib.core": "def run(): ...\n",
            "lib.extra": "",
            "lib.conf": "DEFAULTS = {'a': 1}\n",
        }
        modules = project(sources, frozenset({"lib"}))
        document = json.loads(render(build_module_graph(modules, GraphOptions()), "json"))
        assert document["attachments"] == [
            {"source": "lib.conf", "target": "lib", "weight": 1.0},
            {"source": "lib.extra", "target": "lib", "weight": 1.0},
        ]
        assert all(e["kind"] in ("import", "call") for e in document["edges"])
        assert len(document["communities"]) == 1  # nothing is left alone
        graph = build_module_graph(modules, GraphOptions())
        assert (
            '"lib.conf" -> "lib" [kind="package", weight="1.0", style=dotted, color=gray, arrowhead=none];'
            in (render(graph, "dot"))
        )
        graphml = render(graph, "graphml")
        assert graphml.count("<edge ") == len(graph.edges) + 2
        assert '<edge source="lib.extra" target="lib" id="package">' in graphml
        off = json.loads(render(build_module_graph(modules, GraphOptions(attach_weight=0.0)), "json"))
        assert off["attachments"] == []
        assert sorted(len(c["modules"]) for c in off["communities"]) == [1, 1, 2]


class TestPlantedStillRecovered:
    @pytest.mark.parametrize("strength", [0.0, 0.5, 1.0, 2.0])
    @pytest.mark.parametrize("seed", [0, 42])
    def test_misplaced_module_found_at_every_strength(
        self, planted: list[ModuleInput], strength: float, seed: int
    ) -> None:
        graph = build_module_graph(planted, GraphOptions(hub_weighting=strength, seed=seed))
        assert [m.module for m in graph.misplaced] == ["shopfront.billing.stock_alerts"]
        assert [(m.package, m.dominant_package) for m in graph.misplaced] == [
            ("shopfront.billing", "shopfront.catalog")
        ]
        assert graph.attachments == ()  # the root __init__ has only subpackages and no parent


def _hub_json(seed: str) -> str:
    script = (
        "import sys; from graph.test_weighting import HUB_PROJECT, project; "
        "from codesmell.graph.model import GraphOptions; from codesmell.output.graph import render; "
        "from codesmell.graph.pipeline import build_module_graph; "
        "sources = dict(HUB_PROJECT, **{'app': '', 'app.data': 'X = 1\\n'}); "
        "sys.stdout.write(render(build_module_graph(project(sources, frozenset({'app'})), GraphOptions()), 'json'))"
    )
    return stdout_under_hash_seed(script, seed)


def test_weighted_output_does_not_depend_on_the_hash_seed() -> None:
    sources = dict(HUB_PROJECT, **{"app": "", "app.data": "X = 1\n"})
    here = render(build_module_graph(project(sources, frozenset({"app"})), GraphOptions()), "json")
    assert json.loads(here)["attachments"]  # the attachments and the fractional weights are exercised
    assert _hub_json("1") == here
    assert _hub_json("98765") == here


def test_codeless_modules_without_facts_are_not_attached() -> None:
    # a file that failed to parse has no facts: it stays a node without edges
    modules: list[tuple[str, str, ModuleFacts | None]] = [
        ("pkg", "pkg/__init__.py", facts_of("import os\n", "pkg", True)),
        ("pkg.broken", "pkg/broken.py", None),
    ]
    graph = build_module_graph(modules, GraphOptions())
    assert graph.attachments == ()
    assert sorted(len(c.modules) for c in graph.communities) == [1, 1]
