"""Where the report's graph puts each module: a circle packing along the Louvain dendrogram.

The page drills down the dendrogram (coarsest communities first, a click opens one), so the
layout is a tree: root -> final (coarsest) communities -> their finer sub-communities -> ...
-> modules. Every node's children are packed as circles that do not overlap (the front-chain
algorithm of Wang et al. 2006, as in d3-hierarchy's `packSiblings`) and enclosed in the
smallest circle (Welzl's algorithm with a fixed shuffle). Siblings never overlap and every
child lies inside its parent, so no two module circles overlap at any zoom. The root's
children are packed once per frame aspect ratio (an elliptical distance makes the packing
grow wide or tall), so the page can fill its frame. Pure functions, no randomness beyond a
fixed generator, every order sorted: the same graph gives the same floats in every process.
"""

from __future__ import annotations

import colorsys
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ASPECTS = (0.7, 1.0, 1.6)  # frame width / height the root is packed for; the page picks the closest
DEFAULT_ASPECT = 2  # index of the wide desktop frame in ASPECTS
MODULE_GAP = 0.9  # world units kept free around each module circle
LONE_GROUPING = 40  # above this many lone modules, gather them by package
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#2f9e9e", "#d37295", "#8cd17d", "#499894", "#f1ce63", "#86bcb6", "#a0cbe8",
    "#ffbe7d", "#b6992d", "#d4a6c8", "#79706e",
)
GREY = "#a9b1bb"

ROOT, COMMUNITY, LONE, PACKAGE = "root", "community", "lone", "package"


@dataclass(frozen=True, slots=True)
class Node:
    """One circle of the drill-down: the root, a community (at its coarsest level), or a group of lone modules."""

    kind: str  # ROOT, COMMUNITY, LONE (modules tied to no community) or PACKAGE (lone modules of one package)
    parent: int  # -1 for the root
    level: int  # dendrogram level (0 = finest) of the coarsest community this node stands for; -1 otherwise
    community: int  # that community's index at `level`; -1 otherwise
    name: str  # the package of a PACKAGE node, "" otherwise
    modules: tuple[str, ...]  # every module under the node, sorted
    children: tuple[int, ...]  # child nodes, in packing order
    leaves: tuple[str, ...]  # modules directly under the node
    end: int  # nodes are in pre-order: the subtree is range(index, end)
    x: float
    y: float
    r: float
    colour: str
    spots: tuple[tuple[float, float], ...] = ()  # root's children only: the centre for each of ASPECTS


@dataclass(frozen=True, slots=True)
class GraphLayout:
    nodes: tuple[Node, ...]  # pre-order; 0 is the root
    positions: Mapping[str, tuple[float, float]]  # module centres, for the default aspect
    parent: Mapping[str, int]  # module -> the node it sits in directly


# ---------------------------------------------------------------- circle packing


def _intersects(a: list[float], b: list[float]) -> bool:
    dr = a[2] + b[2] - 1e-6
    dx, dy = b[0] - a[0], b[1] - a[1]
    return dr > 0 and dr * dr > dx * dx + dy * dy


def _place(b: list[float], a: list[float], c: list[float]) -> None:
    """Put circle c tangent to a and b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    d2 = dx * dx + dy * dy
    if d2:
        a2 = (a[2] + c[2]) ** 2
        b2 = (b[2] + c[2]) ** 2
        if a2 > b2:
            x = (d2 + b2 - a2) / (2 * d2)
            y = math.sqrt(max(0.0, b2 / d2 - x * x))
            c[0], c[1] = b[0] - x * dx - y * dy, b[1] - x * dy + y * dx
        else:
            x = (d2 + a2 - b2) / (2 * d2)
            y = math.sqrt(max(0.0, a2 / d2 - x * x))
            c[0], c[1] = a[0] + x * dx - y * dy, a[1] + x * dy + y * dx
    else:
        c[0], c[1] = a[0] + c[2], a[1]


def pack_siblings(radii: Sequence[float], aspect: float = 1.0) -> list[tuple[float, float]]:
    """Centres of non-overlapping circles packed around the origin, in the given order.

    Each circle goes next to the pair of the front chain closest to the centre; `aspect`
    (width / height) scales that distance so the packing grows into a wide or tall shape.
    """
    n = len(radii)
    circles = [[0.0, 0.0, float(r)] for r in radii]
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    a, b = circles[0], circles[1]
    a[0], b[0] = -b[2], a[2]
    if n > 2:
        _place(b, a, circles[2])
    wx, wy = 1.0 / aspect, aspect

    def score(i: int) -> float:
        p, q = circles[i], circles[nxt[i]]
        ab = p[2] + q[2]
        dx = (p[0] * q[2] + q[0] * p[2]) / ab
        dy = (p[1] * q[2] + q[1] * p[2]) / ab
        return dx * dx * wx + dy * dy * wy

    # the front chain as a doubly linked list over circle indices
    nxt = [0] * n
    prv = [0] * n
    if n > 2:
        nxt[0], prv[1] = 1, 0
        nxt[1], prv[2] = 2, 1
        nxt[2], prv[0] = 0, 2
        ia, ib = 0, 1
        i = 3
        while i < n:
            c = circles[i]
            _place(circles[ia], circles[ib], c)
            j, k = nxt[ib], prv[ia]
            sj, sk = circles[ib][2], circles[ia][2]
            restart = False
            while True:
                if sj <= sk:
                    if _intersects(circles[j], c):
                        ib = j
                        nxt[ia], prv[ib] = ib, ia
                        restart = True
                        break
                    sj += circles[j][2]
                    j = nxt[j]
                else:
                    if _intersects(circles[k], c):
                        ia = k
                        nxt[ia], prv[ib] = ib, ia
                        restart = True
                        break
                    sk += circles[k][2]
                    k = prv[k]
                if j == nxt[k]:
                    break
            if restart:
                continue
            prv[i], nxt[i] = ia, ib
            nxt[ia] = i
            prv[ib] = i
            ib = i
            best, best_score = ia, score(ia)
            cur = nxt[ib]
            while cur != ib:
                value = score(cur)
                if value < best_score:
                    best, best_score = cur, value
                cur = nxt[cur]
            ia, ib = best, nxt[best]
            i += 1
    return [(c[0], c[1]) for c in circles]


def _encloses_weak(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    dr = a[2] - b[2] + max(a[2], b[2], 1.0) * 1e-9
    dx, dy = b[0] - a[0], b[1] - a[1]
    return dr > 0 and dr * dr > dx * dx + dy * dy


def _encloses_not(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    dr = a[2] - b[2]
    dx, dy = b[0] - a[0], b[1] - a[1]
    return dr < 0 or dr * dr < dx * dx + dy * dy


Circle = tuple[float, float, float]


def _basis2(a: Circle, b: Circle) -> Circle:
    x21, y21, r21 = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    length = math.hypot(x21, y21) or 1e-12
    return ((a[0] + b[0] + x21 / length * r21) / 2, (a[1] + b[1] + y21 / length * r21) / 2,
            (length + a[2] + b[2]) / 2)


def _basis3(a: Circle, b: Circle, c: Circle) -> Circle:
    x1, y1, r1 = a
    x2, y2, r2 = b
    x3, y3, r3 = c
    a2, a3, b2, b3 = x1 - x2, x1 - x3, y1 - y2, y1 - y3
    c2, c3 = r2 - r1, r3 - r1
    d1 = x1 * x1 + y1 * y1 - r1 * r1
    d2 = d1 - x2 * x2 - y2 * y2 + r2 * r2
    d3 = d1 - x3 * x3 - y3 * y3 + r3 * r3
    ab = a3 * b2 - a2 * b3
    if abs(ab) < 1e-12:  # collinear centres: the widest pair encloses all three
        return max((_basis2(a, b), _basis2(a, c), _basis2(b, c)), key=lambda e: e[2])
    xa = (b2 * d3 - b3 * d2) / (ab * 2) - x1
    xb = (b3 * c2 - b2 * c3) / ab
    ya = (a3 * d2 - a2 * d3) / (ab * 2) - y1
    yb = (a2 * c3 - a3 * c2) / ab
    qa = xb * xb + yb * yb - 1
    qb = 2 * (r1 + xa * xb + ya * yb)
    qc = xa * xa + ya * ya - r1 * r1
    r = -((qb + math.sqrt(max(0.0, qb * qb - 4 * qa * qc))) / (2 * qa) if abs(qa) > 1e-6 else qc / qb)
    return (x1 + xa + xb * r, y1 + ya + yb * r, r)


def _basis(points: list[Circle]) -> Circle:
    if len(points) == 1:
        return points[0]
    if len(points) == 2:
        return _basis2(points[0], points[1])
    return _basis3(points[0], points[1], points[2])


def _extend(basis: list[Circle], p: Circle) -> list[Circle]:
    if all(_encloses_weak(p, q) for q in basis):
        return [p]
    for q in basis:
        if _encloses_not(p, q) and all(_encloses_weak(_basis2(q, p), s) for s in basis):
            return [q, p]
    for i in range(len(basis) - 1):
        for j in range(i + 1, len(basis)):
            qi, qj = basis[i], basis[j]
            if (_encloses_not(_basis2(qi, qj), p) and _encloses_not(_basis2(qi, p), qj)
                    and _encloses_not(_basis2(qj, p), qi)
                    and all(_encloses_weak(_basis3(qi, qj, p), s) for s in basis)):
                return [qi, qj, p]
    return [p, *basis[:2]]  # numerically degenerate; the final check below widens the circle


def enclose(circles: Sequence[Circle]) -> Circle:
    """The smallest circle enclosing `circles` (Welzl, with d3's fixed shuffle: deterministic)."""
    items = list(circles)
    if not items:
        return (0.0, 0.0, 0.0)
    state = 1
    m = len(items)
    while m:  # Fisher-Yates with a linear congruential generator, as d3-hierarchy does
        state = (1664525 * state + 1013904223) % 4294967296
        i = int(state / 4294967296 * m)
        m -= 1
        items[m], items[i] = items[i], items[m]
    basis: list[Circle] = []
    e: Circle | None = None
    i = 0
    guard = 0
    while i < len(items) and guard < 50 * len(items) + 100:
        guard += 1
        p = items[i]
        if e is not None and _encloses_weak(e, p):
            i += 1
        else:
            basis = _extend(basis, p)
            e = _basis(basis)
            i = 0
    assert e is not None
    x, y, r = e
    r = max([r, *(math.hypot(c[0] - x, c[1] - y) + c[2] for c in items)])
    return (x, y, r)


# ---------------------------------------------------------------- the tree


def _hex(r: float, g: float, b: float) -> str:
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _shade(colour: str, index: int, depth: int) -> str:
    """A sibling's shade of its parent's hue: lighter and darker in turn, closer as the tree deepens."""
    if index == 0:
        return colour
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    steps = (0.0, 0.11, -0.1, 0.19, -0.17, 0.06, -0.05, 0.15, -0.13, 0.23)
    delta = steps[index % len(steps)] / (1 + 0.5 * max(0, depth - 1))
    light = min(0.84, max(0.24, light + delta))
    rr, gg, bb = colorsys.hls_to_rgb(hue, light, sat)
    return _hex(rr, gg, bb)


def top_colour(index: int) -> str:
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 137.508) % 360 / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.58, 0.45)
    return _hex(r, g, b)


@dataclass
class _Draft:
    kind: str
    level: int
    community: int
    name: str
    modules: list[str]
    children: list[_Draft]
    leaves: list[str]
    r: float = 0.0
    offsets: tuple[tuple[float, float], ...] = ()  # of children then leaves, relative to this centre


def _group(modules: list[str], keys: Mapping[str, tuple[int, ...]], depth: int, levels: int) -> _Draft:
    """The subtree of `modules` (sharing their first `depth` community ids) down to level 0."""
    if depth == levels:
        return _Draft(COMMUNITY, 0, keys[modules[0]][-1], "", modules, [], list(modules))
    by_id: dict[int, list[str]] = defaultdict(list)
    for module in modules:
        by_id[keys[module][depth]].append(module)
    children: list[_Draft] = []
    leaves: list[str] = []
    for cid in sorted(by_id):
        members = by_id[cid]
        if len(members) == 1:
            leaves.append(members[0])
            continue
        child = _group(members, keys, depth + 1, levels)
        child.level, child.community = levels - 1 - depth, cid
        if len(child.children) == 1 and not child.leaves:  # the same set one level down: skip it
            grand = child.children[0]
            child.children, child.leaves = grand.children, grand.leaves
        children.append(child)
    return _Draft(COMMUNITY, -1, -1, "", modules, children, leaves)


def _lone(lone: list[str], packages: Mapping[str, str]) -> _Draft:
    """Modules in no community, gathered by package when there are many."""
    node = _Draft(LONE, -1, -1, "", sorted(lone), [], [])
    if len(lone) <= LONE_GROUPING:
        node.leaves = sorted(lone)
        return node
    by_package: dict[str, list[str]] = defaultdict(list)
    for module in lone:
        by_package[packages.get(module, "")].append(module)
    for package in sorted(by_package):
        members = sorted(by_package[package])
        if len(members) >= 3:
            node.children.append(_Draft(PACKAGE, -1, -1, package or "(top level)", members, [], members))
        else:
            node.leaves.extend(members)
    node.children.sort(key=lambda c: (-len(c.modules), c.name))
    node.leaves.sort()
    return node


def _pack(draft: _Draft, radius: Mapping[str, float]) -> None:
    """Bottom-up: pack each node's children and leaves, enclose them, and pad the enclosing circle."""
    for child in draft.children:
        _pack(child, radius)
    items = [(child.r, 0, i) for i, child in enumerate(draft.children)]
    items += [(radius[m], 1, i) for i, m in enumerate(draft.leaves)]
    order = sorted(range(len(items)), key=lambda i: (-items[i][0], items[i][1], items[i][2]))
    gaps = [items[i][0] + (MODULE_GAP if items[i][1] else 2 * MODULE_GAP) for i in order]
    centres = pack_siblings(gaps)
    ex, ey, er = enclose([(x, y, g) for (x, y), g in zip(centres, gaps, strict=True)])
    offsets: list[tuple[float, float]] = [(0.0, 0.0)] * len(items)
    for slot, i in enumerate(order):
        offsets[i] = (centres[slot][0] - ex, centres[slot][1] - ey)
    draft.offsets = tuple(offsets)
    draft.r = er + max(1.5, 0.025 * er)


def _box(centres: Sequence[tuple[float, float]], radii: Sequence[float]) -> tuple[float, float]:
    xs = [x for x, _ in centres]
    ys = [y for _, y in centres]
    width = max(x + r for x, r in zip(xs, radii, strict=True)) - min(x - r for x, r in zip(xs, radii, strict=True))
    height = max(y + r for y, r in zip(ys, radii, strict=True)) - min(y - r for y, r in zip(ys, radii, strict=True))
    return width, height


SPREAD_MAX = 2.2  # how far the root's circles may be pulled apart to fill the frame


def _spread(centres: list[tuple[float, float]], radii: Sequence[float], aspect: float) -> list[tuple[float, float]]:
    """Stretch the centres along the short side until the bounding box has the frame's aspect.

    Scaling one coordinate by s >= 1 never shortens a distance, so no circles come to overlap.
    """
    if len(centres) < 2:
        return centres
    width, height = _box(centres, radii)
    wide = width / height < aspect
    low, high = 1.0, SPREAD_MAX
    for _ in range(30):
        mid = (low + high) / 2
        trial = [(x * mid, y) if wide else (x, y * mid) for x, y in centres]
        w, h = _box(trial, radii)
        if (w / h < aspect) if wide else (w / h > aspect):
            low = mid
        else:
            high = mid
    return [(x * low, y) if wide else (x, y * low) for x, y in centres]


def build_layout(level_groups: Sequence[Sequence[Sequence[str]]], names: Sequence[str],
                 radius: Mapping[str, float], packages: Mapping[str, str]) -> GraphLayout:
    """The drill-down tree of the dendrogram (levels fine -> coarse) with every circle placed.

    A node stands for the modules sharing the same community at every level from the
    coarsest down to its own; when the levels nest (Louvain's do) that is exactly one
    community. A node with one child is replaced by that child. Modules alone in their
    community at the coarsest level are gathered under one LONE node.
    """
    levels = len(level_groups)
    ids: dict[str, list[int]] = {name: [] for name in names}
    for groups in reversed(level_groups):  # coarse first
        for cid, members in enumerate(groups):
            for module in members:
                if module in ids:
                    ids[module].append(cid)
    keys = {m: tuple(v) for m, v in ids.items() if len(v) == levels}
    grouped = sorted(keys)
    top = _group(grouped, keys, 0, levels) if grouped and levels else _Draft(COMMUNITY, -1, -1, "", [], [], [])
    root = _Draft(ROOT, -1, -1, "", sorted(names), top.children, [])
    lone = sorted(set(top.leaves) | (set(names) - set(keys)))
    if lone:  # even one: the root's children all get a spot per aspect
        root.children.append(_lone(lone, packages))
    _pack(root, radius)

    # the root: packed again for each frame aspect, centred on the bounding box
    items = [(child.r, 0, i) for i, child in enumerate(root.children)]
    items += [(radius[m], 1, i) for i, m in enumerate(root.leaves)]
    order = sorted(range(len(items)), key=lambda i: (-items[i][0], items[i][1], items[i][2]))
    gaps = [items[i][0] + (MODULE_GAP if items[i][1] else 4 * MODULE_GAP) for i in order]
    spots: list[list[tuple[float, float]]] = [[(0.0, 0.0)] * len(ASPECTS) for _ in items]
    for a, aspect in enumerate(ASPECTS):
        centres = _spread(pack_siblings(gaps, aspect), gaps, aspect)
        if centres:
            x0 = min(x - g for (x, _), g in zip(centres, gaps, strict=True))
            x1 = max(x + g for (x, _), g in zip(centres, gaps, strict=True))
            y0 = min(y - g for (_, y), g in zip(centres, gaps, strict=True))
            y1 = max(y + g for (_, y), g in zip(centres, gaps, strict=True))
            for slot, i in enumerate(order):
                spots[i][a] = (centres[slot][0] - (x0 + x1) / 2, centres[slot][1] - (y0 + y1) / 2)
    root.offsets = tuple(s[DEFAULT_ASPECT] for s in spots)

    nodes: list[Node] = []
    positions: dict[str, tuple[float, float]] = {}
    parent: dict[str, int] = {}

    def emit(draft: _Draft, up: int, x: float, y: float, colour: str, depth: int,
             spot: tuple[tuple[float, float], ...]) -> int:
        index = len(nodes)
        nodes.append(Node(draft.kind, up, draft.level, draft.community, draft.name, tuple(draft.modules), (), (),
                          0, round(x, 2), round(y, 2), round(draft.r, 2), colour, spot))
        kids = []
        for i, child in enumerate(draft.children):
            ox, oy = draft.offsets[i]
            if draft.kind == ROOT:
                hue = GREY if child.kind == LONE else top_colour(i)
                child_spot = tuple((round(sx, 2), round(sy, 2)) for sx, sy in spots[i])
            else:
                hue = _shade(GREY, i + 1, depth + 1) if child.kind == PACKAGE else _shade(colour, i, depth + 1)
                child_spot = ()
            kids.append(emit(child, index, x + ox, y + oy, hue, depth + 1, child_spot))
        for j, module in enumerate(draft.leaves):
            ox, oy = draft.offsets[len(draft.children) + j]
            positions[module] = (round(x + ox, 2), round(y + oy, 2))
            parent[module] = index
        nodes[index] = Node(draft.kind, up, draft.level, draft.community, draft.name, tuple(draft.modules),
                            tuple(kids), tuple(draft.leaves), len(nodes), round(x, 2), round(y, 2),
                            round(draft.r, 2), colour, spot)
        return index

    emit(root, -1, 0.0, 0.0, GREY, 0, ())
    return GraphLayout(tuple(nodes), positions, parent)


def short_labels(names: Sequence[str]) -> dict[str, str]:
    """Each dotted name's shortest suffix of whole components that no other name shares.

    `flask.app` and `flask.sansio.app` become `flask.app` and `sansio.app`; a unique last
    component stays alone.
    """
    parts = {name: name.split(".") for name in names}
    length = {name: 1 for name in names}
    pending = set(names)
    while pending:
        seen: dict[str, list[str]] = defaultdict(list)
        for name in names:
            seen[".".join(parts[name][-length[name]:])].append(name)
        pending = set()
        for owners in seen.values():
            if len(owners) > 1:
                for name in owners:
                    if length[name] < len(parts[name]):
                        length[name] += 1
                        pending.add(name)
    return {name: ".".join(parts[name][-length[name]:]) for name in names}
