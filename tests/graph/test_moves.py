"""Misplaced functions: hand-made call graphs, then the planted fixture recovered."""

from __future__ import annotations

from codesmell.graph.model import Call, GraphOptions, GraphStats, ModuleGraph, ModuleNode
from codesmell.graph.moves import CommunityCalls, find_moves, module_of
from codesmell.graph.pipeline import build_module_graph

from .projects import FIXTURES, load_project


def _graph(communities: dict[str, int], calls: list[tuple[str, str]]) -> ModuleGraph:
    modules = tuple(ModuleNode(name, name.replace(".", "/") + ".py", name.rpartition(".")[0], label)
                    for name, label in sorted(communities.items()))
    return ModuleGraph(GraphOptions(), modules, (), tuple(Call(a, b, 1) for a, b in calls), (), 0.0, (), (), (),
                       (), GraphStats())


COMMUNITIES = {"a.x": 0, "a.y": 0, "b.z": 1, "b.w": 1, "c.solo": 2}


def test_module_of_takes_the_longest_module_prefix() -> None:
    assert module_of("a.x.C.m", {"a", "a.x"}) == "a.x"
    assert module_of("zz.f", {"a"}) == ""


def test_a_function_mostly_tied_to_another_community_moves_there() -> None:
    graph = _graph(COMMUNITIES, [
        ("a.x.f", "b.z.g"), ("a.x.f", "b.z.h"), ("b.w.k", "a.x.f"), ("a.x.f", "a.y.p"),
        ("a.x.f", "a.x.f"),  # recursion is no partner
    ])
    [move] = find_moves(graph)
    # partners: g, h, k in community 1 (in 1, out 2), p at home: 3 of 4
    assert move.function == "a.x.f" and move.module == "a.x" and move.community == 0
    assert (move.target_community, move.target_module, move.target_module_calls) == (1, "b.z", 2)
    assert (move.share, move.home_share, move.partners) == (0.75, 0.25, 4)
    assert move.by_community == (CommunityCalls(0, 0, 1), CommunityCalls(1, 1, 2))


def test_nested_functions_call_for_their_function_and_ties_go_by_name() -> None:
    graph = _graph(COMMUNITIES, [
        ("a.x.f", "b.z.g"), ("a.x.f", "b.z.h"), ("b.w.k", "a.x.f"), ("a.x.f", "a.y.p"),
        ("a.x.f.<locals>.inner", "b.w.q"), ("a.x.f", "a.x.f.<locals>.inner"),
    ])
    [move] = find_moves(graph)
    # inner's call is f's: 4 of 5 partners in community 1, b.z and b.w 2 each -> b.w by name
    assert (move.share, move.partners, move.target_module, move.target_module_calls) == (0.8, 5, "b.w", 2)


def test_methods_half_shares_few_partners_and_lone_modules_stay() -> None:
    graph = _graph(COMMUNITIES, [
        ("a.x.C.m", "b.z.g1"), ("a.x.C.m", "b.z.h1"), ("a.x.C.m", "b.w.k1"),  # a method: moves with its class
        ("a.y.p", "b.z.g2"), ("a.y.p", "b.z.h2"),  # two partners only
        ("a.y.half", "b.z.g3"), ("a.y.half", "b.z.h3"), ("a.y.half", "a.x.u"), ("a.y.half", "a.x.v"),  # 50 %
        ("c.solo.f", "b.z.g4"), ("c.solo.f", "b.z.h4"), ("c.solo.f", "b.w.k4"),  # alone in its community
    ])  # (every callee has one partner: none of them is a candidate either)
    assert find_moves(graph) == ()


def test_module_level_code_calls_as_its_module() -> None:
    graph = _graph(COMMUNITIES, [("b.z", "a.x.f"), ("b.w", "a.x.f"), ("b.w.k", "a.x.f"), ("a.x.f", "b.z.g")])
    [move] = find_moves(graph)
    assert move.by_community == (CommunityCalls(1, 3, 1),)
    assert (move.target_module, move.target_module_calls) == ("b.w", 2)  # b.w 2, b.z 2: by name


def test_calls_one_way_only_are_a_client_or_an_interface_not_a_move() -> None:
    graph = _graph(COMMUNITIES, [
        ("a.x.client", "b.z.g1"), ("a.x.client", "b.z.h1"), ("a.x.client", "b.w.k1"),  # uses b only
        ("b.z.g2", "a.x.api"), ("b.z.h2", "a.x.api"), ("b.w.k2", "a.x.api"),  # used by b only
    ])
    assert find_moves(graph) == ()


def test_the_three_planted_functions_are_recovered() -> None:
    graph = build_module_graph(load_project(FIXTURES / "misplaced_functions"), GraphOptions())
    community = {node.name: node.community for node in graph.modules}
    # the communities are the four packages (each __init__ re-exports its package)
    for package in ("billing", "patients", "scheduling", "notify"):
        members = {m for m in community if m.startswith(f"clinic.{package}.")}
        assert len({community[m] for m in members}) == 1, package
    found = {m.function: m for m in find_moves(graph)}
    # Hand-derived from the fixture (see its README): partner calls, in / out.
    expected = {
        # in: patients.records.summary, patients.owners.mailing_label;
        # out: owners.owner_by_id, owners.full_name, owners.postal_lines
        "clinic.billing.payments.format_owner_address": ("clinic.patients.owners", 2, 3, 4),
        # in: scheduling.booking.book_vaccination; out: slots.is_bookable_day, free_slots, slot_length
        "clinic.patients.vaccines.next_free_slot": ("clinic.scheduling.slots", 1, 3, 3),
        # in: billing.invoices.draft_invoice; out: invoices.line_item, invoices.hourly, invoices.add_tax
        "clinic.scheduling.booking.invoice_total_for_visit": ("clinic.billing.invoices", 1, 3, 4),
    }
    assert sorted(found) == sorted(expected)
    for function, (target, calls_in, calls_out, with_target) in expected.items():
        move = found[function]
        assert move.target_module == target
        assert move.target_community == community[target] != move.community
        assert move.by_community == (CommunityCalls(community[target], calls_in, calls_out),)
        assert (move.share, move.home_share, move.partners) == (1.0, 0.0, calls_in + calls_out)
        assert move.target_module_calls == with_target
