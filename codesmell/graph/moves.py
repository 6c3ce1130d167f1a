"""Misplaced functions: module-level functions whose calls mostly cross to one other community.

A function's *partners* are the distinct analysed functions it calls and that call it
(the `calls` of the `ModuleGraph`, recursion left out). Calls made by its nested functions
(`f.<locals>.g`) are its own: they move with it. Code at module level calls too, as the
module. Each partner counts once per direction, in the community of the module it lives in.

A function is a candidate to move when it has at least `MIN_PARTNERS` partner calls, more
than `MIN_SHARE` of them are with one community other than its module's, and it both calls
into that community and is called from it. Calls one way only describe a client (it only
calls the other community: it uses a library) or an interface (it is only called from there:
an API serves its callers from where it is); entangled both ways, the function is part of
the other community's work. The target module is the module of that community it has most
partner calls with (ties: name).
Methods are left out (they move with their class), and so are functions of a module that
is alone in its community (any call is then "elsewhere").
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass

from codesmell.graph.model import ModuleGraph

MIN_PARTNERS = 3  # below this the share is noise: one call from elsewhere would be "100 %"
MIN_SHARE = 0.5  # "mostly": more than half of its partner calls


@dataclass(frozen=True, slots=True)
class CommunityCalls:
    community: int
    calls_in: int  # distinct functions (or module bodies) of this community calling it
    calls_out: int  # distinct functions of this community it calls


@dataclass(frozen=True, slots=True)
class Move:
    """One function worth moving, with the figures that say so."""

    function: str  # fully qualified, `pkg.mod.func`
    module: str
    community: int
    target_module: str
    target_community: int
    share: float  # partner calls with the target community / all partner calls
    home_share: float  # partner calls with its own community / all partner calls
    partners: int
    by_community: tuple[CommunityCalls, ...]  # sorted by community id
    target_module_calls: int  # partner calls with the target module itself


def module_of(function: str, names: Container[str]) -> str:
    """The longest module name that prefixes `function` ('' when none does)."""
    parts = function.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in names:
            return candidate
    return ""


def _owner(function: str, module: str) -> str | None:
    """The top-level function a caller or callee belongs to; None for module code or a method."""
    if function == module:
        return None
    qualname = function[len(module) + 1 :]
    head = qualname.split(".<locals>.", 1)[0]
    return None if "." in head else f"{module}.{head}"


def find_moves(graph: ModuleGraph, min_partners: int = MIN_PARTNERS, min_share: float = MIN_SHARE) -> tuple[Move, ...]:
    """Every candidate, sorted by function name."""
    community = {node.name: node.community for node in graph.modules if not node.external}
    sizes: dict[int, int] = {}
    for label in community.values():
        sizes[label] = sizes.get(label, 0) + 1
    module_cache: dict[str, str] = {}

    def where(function: str) -> str:
        if function not in module_cache:
            module_cache[function] = module_of(function, community)
        return module_cache[function]

    # top-level function -> {(direction, partner)} ; partner = the other end, as named in `calls`
    links: dict[str, set[tuple[str, str]]] = {}
    for call in graph.calls:
        caller_module, callee_module = where(call.caller), where(call.callee)
        if not caller_module or not callee_module:
            continue
        caller_top = _owner(call.caller, caller_module)
        callee_top = _owner(call.callee, callee_module)
        if caller_top is not None and caller_top != callee_top:
            links.setdefault(caller_top, set()).add(("out", call.callee))
        # the callee itself, not a nested function of it, is what is called from outside
        if callee_top is not None and callee_top != caller_top and callee_top == call.callee:
            links.setdefault(callee_top, set()).add(("in", call.caller))
    moves = [
        move
        for function, found in sorted(links.items())
        if (move := _judge(function, found, where, community, sizes, min_partners, min_share)) is not None
    ]
    return tuple(moves)


def _judge(
    function: str,
    found: set[tuple[str, str]],
    where: Callable[[str], str],
    community: Mapping[str, int],
    sizes: Mapping[int, int],
    min_partners: int,
    min_share: float,
) -> Move | None:
    module = where(function)
    home = community[module]
    if len(found) < min_partners or sizes[home] < 2:
        return None
    tally: dict[int, list[int]] = {}
    per_module: dict[str, int] = {}
    for direction, partner in found:
        partner_module = where(partner)
        counts = tally.setdefault(community[partner_module], [0, 0])
        counts[0 if direction == "in" else 1] += 1
        per_module[partner_module] = per_module.get(partner_module, 0) + 1
    total = len(found)
    target, (t_in, t_out) = min(
        ((label, counts) for label, counts in tally.items() if label != home),
        key=lambda item: (-(item[1][0] + item[1][1]), item[0]),
        default=(home, [0, 0]),
    )
    share = (t_in + t_out) / total
    if target == home or share <= min_share or not (t_in and t_out):
        return None
    target_module = min(
        (m for m in per_module if community[m] == target), key=lambda m: (-per_module[m], m)
    )
    home_calls = sum(tally.get(home, [0, 0]))
    return Move(
        function=function,
        module=module,
        community=home,
        target_module=target_module,
        target_community=target,
        share=round(share, 4),
        home_share=round(home_calls / total, 4),
        partners=total,
        by_community=tuple(CommunityCalls(label, c[0], c[1]) for label, c in sorted(tally.items())),
        target_module_calls=per_module[target_module],
    )
