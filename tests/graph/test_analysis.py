"""Community figures, misplaced modules and import cycles."""

from __future__ import annotations

import networkx as nx
import pytest

from codesmell.graph.analysis import (
    describe_communities,
    find_misplaced,
    import_cycles,
    package_of,
    related,
)
from codesmell.graph.model import Community, GraphOptions
from codesmell.graph.pipeline import build_module_graph

from .projects import ModuleInput, facts_of


class TestPlanted:
    def test_the_misfiled_module_is_flagged_and_nothing_else(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        [item] = graph.misplaced
        assert item.module == "shopfront.billing.stock_alerts"
        assert item.package == "shopfront.billing"
        assert item.dominant_package == "shopfront.catalog"
        assert item.share == pytest.approx(5 / 6)
        assert graph.communities[item.community].dominant_package == "shopfront.catalog"

    def test_the_planted_cycle_is_the_only_one(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions())
        [cycle] = graph.cycles
        assert cycle.modules == ("shopfront.accounts.permissions", "shopfront.accounts.user")
        assert cycle.example == (
            "shopfront.accounts.permissions",
            "shopfront.accounts.user",
            "shopfront.accounts.permissions",
        )

    def test_internal_and_external_weights(self, planted: list[ModuleInput]) -> None:
        graph = build_module_graph(planted, GraphOptions(call_weight=0.0, hub_weighting=0.0))
        by_package = {c.dominant_package: c for c in graph.communities}
        # with calls weighted 0 and no hub factor every import pair counts 1; the only edges leaving
        # communities are the three planted cross-package imports
        assert sum(c.external_weight for c in graph.communities) == 2 * 3
        accounts = by_package["shopfront.accounts"]
        assert accounts.external_weight == 1  # reporting.export -> accounts.user
        # __init__ -> auth, user; user -> permissions; permissions -> user;
        # session -> user; auth -> permissions, session, user
        assert accounts.internal_weight == 8


class TestPackages:
    @pytest.mark.parametrize(
        ("module", "is_package", "expected"),
        [("a.b.c", False, "a.b"), ("a.b", True, "a.b"), ("top", False, ""), ("top", True, "top")],
    )
    def test_package_of(self, module: str, is_package: bool, expected: object) -> None:
        assert package_of(module, is_package) == expected

    @pytest.mark.parametrize(
        ("left", "right", "expected"),
        [
            ("a.b", "a.b", True),
            ("a.b", "a.b.c", True),
            ("a.b.c", "a.b", True),
            ("a.b", "a.bc", False),
            ("a.b", "a.c", False),
            ("", "a.c", True),
        ],
    )
    def test_related(self, left: str, right: str, expected: object) -> None:
        assert related(left, right) is expected


def community(index: int, *modules: str, package: str, share: float) -> Community:
    return Community(index, modules, 0.0, 0.0, package, share)


PACKAGES = {
    "ui.a": "ui", "ui.b": "ui", "ui.c": "ui", "ui.d": "ui",
    "db.x": "db", "db.y": "db", "db.z": "db",
    "gui.w": "gui", "gui.v": "gui",
}  # fmt: skip


class TestMisplaced:
    def test_a_module_cut_off_from_its_package(self) -> None:
        communities = (
            community(0, "db.z", "ui.a", "ui.b", "ui.c", "ui.d", package="ui", share=0.8),
            community(1, "db.x", "db.y", package="db", share=1.0),
            community(2, "gui.v", "gui.w", package="gui", share=1.0),
        )
        assert [m.module for m in find_misplaced(communities, PACKAGES)] == ["db.z"]

    def test_a_whole_package_sitting_with_its_user_is_not_misplaced(self) -> None:
        communities = (
            community(0, "gui.v", "gui.w", "ui.a", "ui.b", "ui.c", "ui.d", package="ui", share=4 / 6),
            community(1, "db.x", "db.y", "db.z", package="db", share=1.0),
        )
        assert find_misplaced(communities, PACKAGES) == ()

    def test_no_clear_owner_no_verdict(self) -> None:
        communities = (
            community(0, "db.x", "db.y", "ui.a", "ui.b", package="db", share=0.5),
            community(1, "db.z", "ui.c", "ui.d", "gui.v", "gui.w", package="ui", share=0.4),
        )
        assert find_misplaced(communities, PACKAGES) == ()

    def test_small_communities_say_nothing(self) -> None:
        communities = (
            community(0, "db.x", "ui.a", package="ui", share=0.5),
            community(1, "db.y", "db.z", package="db", share=1.0),
        )
        assert find_misplaced(communities, {"db.x": "db", "ui.a": "ui", "db.y": "db", "db.z": "db"}) == ()


def test_describe_communities_dominant_package_ties_break_by_name() -> None:
    graph = nx.Graph()
    graph.add_edge("b.one", "a.one", weight=2.0)
    graph.add_edge("a.one", "c.one", weight=0.5)
    graph.add_node("c.two")
    partition = (("a.one", "b.one"), ("c.one",), ("c.two",))
    packages = {"a.one": "a", "b.one": "b", "c.one": "c", "c.two": "c"}
    described = describe_communities(graph, partition, packages)
    assert [(c.dominant_package, c.dominant_share) for c in described] == [
        ("a", 0.5),
        ("c", 1.0),
        ("c", 1.0),
    ]
    assert [(c.internal_weight, c.external_weight) for c in described] == [
        (2.0, 0.5),
        (0.0, 0.5),
        (0.0, 0.0),
    ]


def test_import_cycles_are_sccs_with_a_shortest_example() -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("b", "a"), ("d", "e"), ("e", "d"), ("e", "f")])
    cycles = import_cycles(graph)
    assert [(c.modules, c.example) for c in cycles] == [
        (("a", "b", "c"), ("a", "b", "a")),
        (("d", "e"), ("d", "e", "d")),
    ]


def test_type_checking_imports_make_no_cycle(parse_two_way: list[ModuleInput]) -> None:
    graph = build_module_graph(parse_two_way, GraphOptions())
    assert graph.cycles == ()
    assert {(e.source, e.target, e.type_checking) for e in graph.edges} == {
        ("app.models", "app.views", True),
        ("app.views", "app.models", False),
    }


@pytest.fixture
def parse_two_way() -> list[ModuleInput]:

    models = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.views import View\n"
    views = "from app.models import Model\n"
    return [
        ("app.models", "app/models.py", facts_of(models, "app.models")),
        ("app.views", "app/views.py", facts_of(views, "app.views")),
    ]
