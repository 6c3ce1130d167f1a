"""Communities -> the module paths import-linter and tach can name (hand-made partitions)."""

from __future__ import annotations

from codesmell.output.contracts import ancestors, importable, layer_order, reachable, units
from codesmell.output.contracts.tach import declared_modules

# `a/__init__.py` and `a/x.py` in community 0, `a/y/...` and `b` in community 1
COMMUNITY = {"a": 0, "a.x": 0, "a.y": 1, "a.y.z": 1, "b": 1}


def test_ancestors_nearest_first() -> None:
    assert ancestors("a.b.c") == ["a.b", "a"]
    assert ancestors("a") == []


def test_importable_names_only() -> None:
    assert importable("pkg.mod_1")
    assert not importable("pkg-<img>.mod")
    assert not importable("")


def test_units_are_the_largest_subtrees_inside_one_community() -> None:
    # `a` is impure (its subtree holds a.y of community 1), so it is no unit; a.y covers a.y.z
    assert units(COMMUNITY) == {0: ("a.x",), 1: ("a.y", "b")}


def test_a_whole_package_in_one_community_is_one_unit() -> None:
    assert units({"p": 0, "p.q": 0, "p.q.r": 0, "s": 1}) == {0: ("p",), 1: ("s",)}


def test_tach_declares_a_module_where_the_community_changes() -> None:
    assert declared_modules(dict(COMMUNITY)) == {"a": "a", "a.x": "a", "a.y": "a.y", "a.y.z": "a.y", "b": "b"}


def test_layer_order_is_topological_on_an_acyclic_graph() -> None:
    # 2 imports 0 and 1, 0 imports 1: importers on top
    assert layer_order(range(3), {(2, 0): 1, (2, 1): 1, (0, 1): 4}) == (2, 0, 1)


def test_layer_order_breaks_a_cycle_at_its_lightest_edge() -> None:
    # 0 -> 1 three imports, 1 -> 0 one, 1 -> 2 one. 2 is a sink (bottom); then 0 gains
    # most by going on top (out 3 - in 1), and 1 -> 0 is the one import pointing up.
    assert layer_order(range(3), {(0, 1): 3, (1, 0): 1, (1, 2): 1}) == (0, 1, 2)


def test_reachable_follows_paths_not_only_edges() -> None:
    weights = {(0, 1): 1, (1, 2): 1, (3, 3): 1}
    assert reachable(0, weights) == {1, 2}
    assert reachable(2, weights) == set()
    assert reachable(3, weights) == set()
