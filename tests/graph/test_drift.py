"""Architecture drift: community matching by members, moved modules, community edges, cycle culprits, records."""

from __future__ import annotations

from pathlib import Path

from codesmell.graph.drift import (
    Architecture,
    community_edges,
    cycle_culprits,
    from_record,
    match_communities,
    moved_modules,
    new_cycles,
    to_record,
)
from codesmell.rules import baseline as baseline_mod

CORE = ("core.a", "core.b", "core.c")
UI = ("ui.x", "ui.y")
LONE = ("tools",)


def test_renumbered_communities_match_their_own_members() -> None:
    # the same partition, listed in another order (new ids): every community continues itself
    assert match_communities([UI, LONE, CORE], [CORE, UI, LONE]) == (1, 2, 0)
    assert moved_modules([UI, LONE, CORE], [CORE, UI, LONE]) == []


def test_matching_is_by_overlap_then_jaccard_and_new_communities_match_nothing() -> None:
    reference = [("a", "b", "c", "d"), ("e", "f")]
    # {a, b, e}: 2 shared with the first, 1 with the second -> the first
    assert match_communities([("a", "b", "e")], reference) == (0,)
    # {c, d, e, f}: 2 shared with each; Jaccard 2/6 vs 2/4 -> the second
    assert match_communities([("c", "d", "e", "f")], reference) == (1,)
    # a split: both halves continue the same community, so nobody moved
    assert match_communities([("a", "b"), ("c", "d")], reference) == (0, 0)
    assert moved_modules([("a", "b"), ("c", "d"), ("e", "f")], reference) == []
    # modules new since the reference form a new community
    assert match_communities([("new.one", "new.two")], reference) == (None,)


def test_a_module_moves_when_its_community_continues_another_one() -> None:
    reference = [CORE, UI, LONE]
    current = [("core.a", "core.b"), ("core.c", "ui.x", "ui.y"), LONE]
    (move,) = moved_modules(current, reference)
    assert (move.module, move.before, move.after) == ("core.c", CORE, UI)
    # a lone module joining a community did not leave one
    assert moved_modules([CORE, ("tools", "ui.x", "ui.y")], reference) == []


def test_community_edges_count_imports_between_matched_communities() -> None:
    reference = Architecture(
        imports=frozenset({("core.a", "core.b"), ("ui.x", "core.a"), ("ui.y", "ui.x")}),
        communities=(CORE, UI),
    )
    # renumbered (UI first); ui.y -> core.b is a second ui -> core import, core.c -> ui.x the first the other way
    current_imports = [("core.a", "core.b"), ("ui.x", "core.a"), ("ui.y", "ui.x"), ("ui.y", "core.b"),
                       ("core.c", "ui.x")]
    edges = {edge.pair: edge for edge in community_edges([UI, CORE], current_imports, reference)}
    assert set(edges) == {("ui.x", "core.a"), ("ui.y", "core.b"), ("core.c", "ui.x")}
    assert (edges[("ui.y", "core.b")].before, edges[("ui.y", "core.b")].now) == (1, 2)
    assert (edges[("core.c", "ui.x")].before, edges[("core.c", "ui.x")].now) == (0, 1)
    assert edges[("core.c", "ui.x")].source == CORE and edges[("core.c", "ui.x")].target == UI
    # an import into a community new since the reference is not judged
    assert community_edges([CORE, UI, ("new",)], [("core.a", "new")], reference) == []


def test_cycle_culprits_are_the_added_imports_or_those_joining_recorded_cycles() -> None:
    runtime = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("c", "d")]
    # recorded: the cycle a <-> b; now {a, b, c} (grew through c)
    recorded_cycle = Architecture(cycles=(("a", "b"),))
    assert new_cycles([["a", "b", "c"]], [["a", "b"]]) == [["a", "b", "c"]]
    assert new_cycles([["a", "b"]], [["a", "b", "c"]]) == []
    assert cycle_culprits(["a", "b", "c"], runtime, recorded_cycle) == ([("b", "c"), ("c", "b")], False)
    # with the recorded imports, exactly the one that was added
    known = frozenset({("a", "b"), ("b", "a"), ("b", "c")})
    with_imports = Architecture(cycles=(("a", "b"),), imports=known, runtime=known)
    assert cycle_culprits(["a", "b", "c"], runtime, with_imports) == ([("c", "b")], True)


def test_record_round_trips_through_the_baseline_file_keeping_import_direction(tmp_path: Path) -> None:
    architecture = Architecture(
        cycles=(("a", "b"),),
        imports=frozenset({("z", "a"), ("a", "b"), ("b", "a")}),
        communities=(("b", "a"), ("z",)),
        modularity=0.123456,
    )
    record = to_record(architecture, ["cycles", "imports", "communities", "modularity"])
    assert record["imports"] == ["a -> b", "b -> a", "z -> a"]
    path = tmp_path / "baseline.json"
    baseline_mod.save(baseline_mod.Baseline(project=record), path)  # the file sorts every list
    loaded = from_record(baseline_mod.load(path).project)
    assert loaded.imports == architecture.imports  # "z -> a" is still z importing a
    assert loaded.communities == (("a", "b"), ("z",))
    assert loaded.cycles == (("a", "b"),)
    assert loaded.modularity == 0.1235
    assert from_record({}) == Architecture()
    assert to_record(architecture, ["modularity"]) == {"modularity": 0.1235}
