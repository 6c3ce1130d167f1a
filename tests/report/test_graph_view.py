"""The graph part of the report's embedded data: the drill-down tree, module labels, misplaced marks."""

from __future__ import annotations

from pathlib import Path

from codesmell.config import Config
from codesmell.report.data import build_view

from .shop import SHOP, analysed
from .test_view import embedded


def test_every_module_sits_in_the_node_of_its_communities(reports: dict[str, Path]) -> None:
    data = embedded(reports["planted"].read_text(encoding="utf-8"))
    nodes = data["graph"]["nodes"]
    default = data["defaultLevel"]
    for i, module in enumerate(data["modules"]):
        node = module["t"]
        assert 0 < node < len(nodes)
        # every node on the way up holds the module, and a community node is the module's community at its level
        while node > 0:
            n = nodes[node]
            assert node <= module["t"] < n["e"]
            if n["k"] == "c":
                assert module["c"][n["lv"]] == n["c"], (i, node)
            node = n["p"]
    communities = data["levels"][default]["communities"]
    top = [n for n in nodes if n["p"] == 0 and n["k"] == "c"]
    assert [n["c"] for n in top] == [c for c, info in enumerate(communities) if info["size"] > 1]
    assert [n["n"] for n in top] == [info["size"] for info in communities if info["size"] > 1]
    # one colour per community, the same in the legend's level data and on the graph
    assert [n["col"] for n in top] == [info["colour"] for info in communities if info["size"] > 1]
    assert len({n["col"] for n in top}) == len(top)
    # the root's children have a centre for every frame aspect
    assert all(len(n["xy"]) == len(data["graph"]["aspects"]) for n in nodes if n["p"] == 0)


def test_module_labels_are_short_and_tell_names_apart(reports: dict[str, Path]) -> None:
    data = embedded(reports["planted"].read_text(encoding="utf-8"))
    labels = [m["lbl"] for m in data["modules"]]
    assert len(set(labels)) == len(labels)
    for module in data["modules"]:
        assert module["n"] == module["lbl"] or module["n"].endswith("." + module["lbl"])


def test_misplaced_modules_point_from_their_community_to_their_packages() -> None:
    results, graph = analysed(SHOP)
    data = build_view(results, Config(), graph).data
    names = [m["n"] for m in data["modules"]]
    level = data["defaultLevel"]
    x = names.index("tools.x")
    [item] = data["misplaced"]
    assert item["m"] == x
    assert item["to"] == data["modules"][x]["c"][level]  # it belongs with shop's community, where it sits
    assert item["home"] == data["modules"][names.index("tools.y")]["c"][level]  # the rest of `tools` is there
    assert item["to"] != item["home"] and item["why"]
