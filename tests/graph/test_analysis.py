"""Community figures, misplaced modules and import cycles."""

from __future__ import annotations

from typing import ClassVar

import networkx as nx
import pytest

from codesmell.graph.analysis import (
    WILSON_Z,
    Evidence,
    community_names,
    describe_communities,
    dominant_package,
    find_misplaced,
    import_cycles,
    import_links,
    misplaced_reason,
    package_of,
    project_roots,
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


def _star(hub: str, *others: str, weight: float = 1.0) -> list[tuple[str, str, float]]:
    return [(hub, other, weight) for other in others]


class TestCommunityNames:
    def test_the_most_specific_package_common_to_all(self) -> None:
        partition = (("a.b.x", "a.b.y", "a.b.c.z"), ("q.one",))
        packages = {"a.b.x": "a.b", "a.b.y": "a.b", "a.b.c.z": "a.b.c", "q.one": "q"}
        assert community_names(nx.Graph(), partition, packages) == ("a.b", "q.one")

    def test_the_common_package_says_which_subpackage_holds_most(self) -> None:
        # all 5 in `shop`, 4 of them in shop.catalog (0.8 >= 0.6)
        members = ("shop.catalog.a", "shop.catalog.b", "shop.catalog.c", "shop.catalog.d", "shop.billing.e")
        packages = {m: m.rpartition(".")[0] for m in members}
        assert community_names(nx.Graph(), (members,), packages) == ("shop (mostly catalog)",)

    def test_without_a_common_package_a_clear_share_names_it_with_the_count_of_the_others(self) -> None:
        # 3 of 5 in http (0.6), no package common to all
        members = ("http.a", "http.b", "http.c", "email.d", "email.e.f")
        packages = {m: m.rpartition(".")[0] for m in members}
        assert community_names(nx.Graph(), (members,), packages) == ("http + 2 others",)

    def test_no_clear_share_is_mixed_never_the_minority_package(self) -> None:
        # email holds 2 of 5 (0.4): not enough to name the group after it
        members = ("email.a", "email.b", "json.c", "http.d", "xml.e")
        packages = {m: m.rpartition(".")[0] for m in members}
        assert community_names(nx.Graph(), (members,), packages) == ("mixed: email, http, …",)

    def test_repeated_names_get_their_best_connected_members(self) -> None:
        graph = nx.Graph()
        graph.add_weighted_edges_from(_star("flask.app", "flask.cli", "flask.ctx", weight=2.0))
        graph.add_weighted_edges_from(_star("flask.sansio.app", "flask.json", "flask.wrappers"))
        graph.add_edge("flask.json", "flask.wrappers", weight=0.5)
        partition = (
            ("flask.app", "flask.cli", "flask.ctx"),
            ("flask.json", "flask.sansio.app", "flask.wrappers"),
        )
        packages = {m: "flask" for group in partition for m in group} | {"flask.sansio.app": "flask.sansio"}
        # strengths: app 4, cli 2, ctx 2 | sansio.app 2, json 1.5, wrappers 1.5 (ties by name)
        assert community_names(graph, partition, packages) == (
            "flask (app, cli)",
            "flask (sansio.app, json)",
        )

    def test_top_level_modules_are_named_by_their_hubs(self) -> None:
        graph = nx.Graph()
        graph.add_weighted_edges_from(_star("main", "util", "models"))
        graph.add_edge("util", "models", weight=3.0)
        packages = {"main": "", "util": "", "models": ""}
        # strengths: main 2, util 4, models 4
        assert community_names(graph, (("main", "models", "util"),), packages) == ("models, util",)

    def test_describe_communities_carries_the_names(self) -> None:
        graph = nx.Graph([("a.x", "a.y")])
        nx.set_edge_attributes(graph, 1.0, "weight")
        described = describe_communities(graph, (("a.x", "a.y"),), {"a.x": "a", "a.y": "a"})
        assert [c.name for c in described] == ["a"]


MISPLACED_PACKAGES = {"ui.a": "ui", "ui.b": "ui", "ui.c": "ui", "db.x": "db", "db.y": "db", "db.z": "db"}


class TestMisplacedReason:
    HERE = Community(0, ("db.z", "ui.a", "ui.b", "ui.c"), 0.0, 0.0, "ui", 0.75)
    HOME = ("db.x", "db.y")

    def reason(self, *edges: tuple[str, str]) -> str:
        graph = nx.Graph(list(edges))
        return misplaced_reason("db.z", self.HERE, MISPLACED_PACKAGES, graph, self.HOME)

    def test_counts_links_here_and_with_its_own_package(self) -> None:
        assert self.reason(("db.z", "ui.a"), ("db.z", "ui.b"), ("db.z", "db.x")) == (
            "2 of its 3 linked modules are in `ui`, 1 with the rest of `db`"
        )

    def test_all_links_here(self) -> None:
        assert self.reason(("db.z", "ui.a"), ("db.z", "ui.c")) == (
            "all 2 of its linked modules are in `ui`, 0 with the rest of `db`"
        )

    def test_one_link(self) -> None:
        assert self.reason(("db.z", "ui.a")) == "its only linked module is in `ui`, 0 with the rest of `db`"

    def test_find_misplaced_gives_the_reason(self) -> None:
        graph = nx.Graph([("db.z", "ui.a"), ("db.z", "ui.b"), ("db.x", "db.y")])
        communities = (self.HERE, Community(1, self.HOME, 0.0, 0.0, "db", 1.0))
        (found,) = find_misplaced(communities, MISPLACED_PACKAGES, graph)
        assert (found.module, found.reason, found.home) == (
            "db.z",
            "all 2 of its linked modules are in `ui`, 0 with the rest of `db`",
            1,
        )


class TestDominantSubtree:
    """The dominant package is the deepest package subtree (not the project root) with a strict majority."""

    LOCALE: ClassVar[dict[str, str]] = {
        "a.loc.x.f": "a.loc.x", "a.loc.y.f": "a.loc.y", "a.loc.z.f": "a.loc.z",
        "a.conf.s": "a.conf", "a.conf.t": "a.conf",
    }  # fmt: skip

    def test_a_subtree_of_small_packages_names_the_community(self) -> None:
        # full depth, a.conf would win with 2 of 5; the subtree a.loc holds 3 of 5
        assert dominant_package(tuple(self.LOCALE), self.LOCALE, {"a"}) == ("a.loc", 0.6)

    def test_the_deepest_majority_wins(self) -> None:
        packages = {"m1": "a.b.c", "m2": "a.b.c", "m3": "a.b.c", "m4": "a.b.d"}
        assert dominant_package(tuple(packages), packages, {"a"}) == ("a.b.c", 0.75)

    def test_the_project_root_never_names_a_community(self) -> None:
        packages = {"m1": "a.x", "m2": "a.y"}
        assert dominant_package(tuple(packages), packages, {"a"}) == ("a.x", 0.5)  # plurality, by name
        assert dominant_package(tuple(packages), packages) == ("a", 1.0)

    def test_outside_modules_do_not_count(self) -> None:
        assert dominant_package(("ext", "m1"), {"m1": "a.x"}) == ("a.x", 1.0)
        assert dominant_package(("ext",), {"m1": "a.x"}) == ("", 0.0)

    @pytest.mark.parametrize(
        ("packages", "expected"),
        [
            ({"m": "a.b", "n": "a.b.c", "o": "a"}, {"a"}),
            ({"m": "a.b", "n": "a.b.c"}, {"a", "a.b"}),
            ({"m": "a.b", "top": ""}, set()),
            ({}, set()),
        ],
    )
    def test_project_roots(self, packages: dict[str, str], expected: set[str]) -> None:
        assert project_roots(packages) == expected

    def test_describe_communities_uses_the_subtree(self) -> None:
        packages = {**self.LOCALE, "a.other.m": "a.other"}
        partition = (tuple(self.LOCALE), ("a.other.m",))
        described = describe_communities(nx.Graph(), partition, packages)
        assert [(c.dominant_package, c.dominant_share) for c in described] == [("a.loc", 0.6), ("a.other", 1.0)]


EVIDENCE_PACKAGES = {
    "ui.a": "ui", "ui.b": "ui", "ui.c": "ui", "ui.d": "ui",
    "db.x": "db", "db.y": "db", "db.z": "db",
    "gui.v": "gui", "gui.u": "gui", "gui.w": "gui",
    "api.k": "api", "api.l": "api",
}  # fmt: skip


def verdicts(host: tuple[str, ...], imports: list[tuple[str, str]]) -> list[str]:
    """find_misplaced over: `host` (mostly ui) and one community per other package's remaining modules."""
    inside = set(host)
    groups = [host] + [
        tuple(m for m in EVIDENCE_PACKAGES if EVIDENCE_PACKAGES[m] == package and m not in inside)
        for package in ("db", "gui", "api")
    ]
    communities = tuple(
        Community(index, group, 0.0, 0.0, *dominant_package(group, EVIDENCE_PACKAGES))
        for index, group in enumerate(groups)
    )
    return [m.module for m in find_misplaced(communities, EVIDENCE_PACKAGES, None, imports)]


HOST = ("db.z", "ui.a", "ui.b", "ui.c", "ui.d")  # ui holds 4 of 5


class TestMisplacedEvidence:
    def test_two_links_into_the_host_package(self) -> None:
        assert verdicts(HOST, [("ui.a", "db.z"), ("db.z", "ui.b")]) == ["db.z"]

    def test_one_link_is_not_enough(self) -> None:
        assert verdicts(HOST, [("ui.a", "db.z")]) == []

    def test_half_is_not_a_majority(self) -> None:
        assert verdicts(HOST, [("ui.a", "db.z"), ("db.z", "db.x")]) == []

    def test_no_import_links_no_verdict(self) -> None:
        # the community rules alone would flag db.z (see TestMisplaced): the links decide
        assert verdicts(HOST, []) == []

    def test_links_into_the_host_outside_its_package_do_not_count(self) -> None:
        host = ("db.z", "gui.w", "ui.a", "ui.b", "ui.c")  # ui 3 of 5
        assert verdicts(host, [("ui.a", "db.z"), ("gui.w", "db.z")]) == []
        assert verdicts(host, [("ui.a", "db.z"), ("ui.b", "db.z"), ("gui.w", "db.z")]) == ["db.z"]

    def test_importers_in_more_than_three_communities_are_shared_infrastructure(self) -> None:
        host_side = [(m, "db.z") for m in ("ui.a", "ui.b", "ui.c", "ui.d")]
        # importers in the host, db's, gui's communities: 4 of 6 links in ui
        assert verdicts(HOST, [*host_side, ("db.x", "db.z"), ("gui.v", "db.z")]) == ["db.z"]
        # ... and in api's: 4 communities, 4 of 7 links still in ui
        assert verdicts(HOST, [*host_side, ("db.x", "db.z"), ("gui.v", "db.z"), ("api.k", "db.z")]) == []

    def test_a_module_its_own_package_re_exports_is_its_public_api(self) -> None:
        # sympy.physics.matrices: built on sympy.matrices, but `from sympy.physics import msigma` is the API
        assert verdicts(HOST, [("ui.a", "db.z"), ("db.z", "ui.b"), ("db", "db.z")]) == []
        assert verdicts(HOST, [("ui.a", "db.z"), ("db.z", "ui.b"), ("ui", "db.z")]) == ["db.z"]  # another __init__

    def test_surest_first(self) -> None:
        host = ("db.z", "gui.w", "ui.a", "ui.b", "ui.c", "ui.d")  # ui 4 of 6
        imports = [("ui.a", "db.z"), ("ui.b", "db.z"), ("ui.a", "gui.w"), ("ui.b", "gui.w"), ("ui.c", "gui.w")]
        assert verdicts(host, imports) == ["gui.w", "db.z"]  # 3 of 3 before 2 of 2

    def test_the_reason_counts_the_import_links(self) -> None:
        communities = (
            Community(0, HOST, 0.0, 0.0, "ui", 0.8),
            Community(1, ("db.x", "db.y"), 0.0, 0.0, "db", 1.0),
        )
        packages = {m: p for m, p in EVIDENCE_PACKAGES.items() if p in ("ui", "db")}
        imports = [("ui.a", "db.z"), ("ui.b", "db.z"), ("db.z", "db.x")]
        (found,) = find_misplaced(communities, packages, None, [*imports, ("ui.c", "db.z")])
        assert found.reason == "3 of its 4 linked modules are in `ui`, 1 with the rest of `db`"
        assert found.score == pytest.approx(Evidence(4, 3, 1, 1).score, abs=1e-6)


class TestEvidenceScore:
    @pytest.mark.parametrize("n", [2, 3, 10])
    def test_all_links_here_is_n_over_n_plus_z_squared(self, n: int) -> None:
        assert Evidence(n, n, 0, 1).score == pytest.approx(n / (n + WILSON_Z**2))

    def test_nine_of_ten(self) -> None:
        # Wilson lower bound, z = 1.96: (0.9 + z²/20 - z·sqrt(0.009 + z²/400)) / (1 + z²/10)
        assert Evidence(10, 9, 1, 1).score == pytest.approx(0.59585, abs=1e-5)

    def test_no_links_scores_zero(self) -> None:
        assert Evidence(0, 0, 0, 0).score == 0.0


class TestImportLinks:
    def test_a_module_ten_modules_import_is_a_hub(self) -> None:
        packages = {f"p.m{i}": "p" for i in range(10)} | {"core.h": "core", "q.x": "q"}
        links = import_links([(f"p.m{i}", "core.h") for i in range(10)] + [("q.x", "p.m0")], packages)
        assert links.hubs == {"core.h"}
        assert sorted(links.graph.edges) == [("p.m0", "q.x")]
        assert len(links.importers["core.h"]) == 10

    def test_nine_importers_is_not_a_hub(self) -> None:
        packages = {f"p.m{i}": "p" for i in range(9)} | {"core.h": "core"}
        links = import_links([(f"p.m{i}", "core.h") for i in range(9)], packages)
        assert links.hubs == frozenset()
        assert links.graph.degree("core.h") == 9

    def test_outside_modules_and_self_imports_are_not_links(self) -> None:
        links = import_links([("a.x", "a.x"), ("a.x", "ext"), ("a.x", "a.y")], {"a.x": "a", "a.y": "a"})
        assert sorted(links.graph.edges) == [("a.x", "a.y")]


def _misfiled(header: str, indent: str) -> list[ModuleInput]:
    """ui's four modules import one another, db.x and db.y each other; db.z imports two of ui the way `header` says."""
    sources = {
        "ui.a": "import ui.b\nimport ui.c\n", "ui.b": "import ui.c\nimport ui.d\n",
        "ui.c": "import ui.d\nimport ui.a\n", "ui.d": "import ui.a\nimport ui.b\n",
        "db.x": "import db.y\n", "db.y": "import db.x\n",
        "db.z": f"{header}{indent}import ui.a\n{indent}import ui.b\n{indent}import ui.c\n",
    }  # fmt: skip
    return [(name, name.replace(".", "/") + ".py", facts_of(text, name)) for name, text in sources.items()]


def test_imports_only_for_type_checking_are_no_evidence_of_a_better_home() -> None:
    """SQLAlchemy's util.preloaded: `if TYPE_CHECKING:` imports of 33 modules name types, not where it belongs."""
    runtime = build_module_graph(_misfiled("", ""), GraphOptions())
    assert [m.module for m in runtime.misplaced] == ["db.z"]
    typing_only = build_module_graph(_misfiled("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n", "    "),
                                     GraphOptions())
    assert next(c for c in typing_only.communities if "db.z" in c.modules).dominant_package == "ui"
    assert typing_only.misplaced == ()
