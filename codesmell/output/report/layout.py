"""Where the report's graph puts each module: deterministic, computed once in Python.

Communities are spread by a spring layout on the graph collapsed to communities, then
pushed apart until no two circles overlap; members are placed inside their community's circle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx


def layout(names: Sequence[str], graph: nx.Graph, groups: list[list[str]], seed: int) -> tuple[
        dict[str, tuple[float, float]], list[tuple[float, float, float]]]:
    """Deterministic positions: communities spread by a spring layout, members inside each circle."""
    radii = [14.0 * math.sqrt(len(g)) + 10.0 for g in groups]
    index = {name: i for i, members in enumerate(groups) for name in members}
    collapsed = nx.Graph()
    collapsed.add_nodes_from(range(len(groups)))
    for a, b, weight in sorted(graph.edges(data="weight", default=1)):
        ca, cb = index[a], index[b]
        if ca != cb:
            collapsed.add_edge(ca, cb, weight=collapsed.get_edge_data(ca, cb, {"weight": 0})["weight"] + weight)
    linked = [i for i in range(len(groups)) if collapsed.degree(i) > 0]
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * len(groups)
    if len(linked) > 1:
        raw = nx.spring_layout(collapsed.subgraph(linked), weight="weight", seed=seed, iterations=80,
                               k=1.6 / math.sqrt(len(linked)))
        linked_radii = [radii[i] for i in linked]
        placed = _separate(_compact([(float(raw[i][0]), float(raw[i][1])) for i in linked], linked_radii),
                           linked_radii)
        placed = _separate(_pull_outliers(placed, linked_radii), linked_radii)
        for i, point in zip(linked, placed, strict=True):
            centres[i] = point
    # communities tied to no other one go in rows under the rest, largest first
    alone = [i for i in range(len(groups)) if i not in set(linked)] if len(linked) > 1 else \
        list(range(len(groups)))
    if alone:
        top = max((centres[i][1] + radii[i] for i in linked), default=0.0) + 40.0 if len(linked) > 1 else 0.0
        left = min((centres[i][0] - radii[i] for i in linked), default=0.0) if len(linked) > 1 else 0.0
        right = max((centres[i][0] + radii[i] for i in linked), default=0.0) if len(linked) > 1 else 0.0
        width = max(right - left, math.sqrt(sum(4 * radii[i] ** 2 for i in alone)) * 1.2)
        x, y, row = left, top, 0.0
        for i in alone:
            if x + 2 * radii[i] > left + width and x > left:
                x, y, row = left, y + row + 8.0, 0.0
            centres[i] = (x + radii[i], y + radii[i])
            x += 2 * radii[i] + 8.0
            row = max(row, 2 * radii[i])
    positions: dict[str, tuple[float, float]] = {}
    for (cx, cy), radius, members in zip(centres, radii, groups, strict=True):
        if len(members) == 1:
            positions[members[0]] = (cx, cy)
            continue
        inner = nx.spring_layout(_induced(graph, members), weight="weight", seed=seed, iterations=60,
                                 center=(0.0, 0.0))
        extent = max((math.hypot(float(x), float(y)) for x, y in inner.values()), default=1.0) or 1.0
        scale = (radius - 8.0) / extent
        for name in members:
            x, y = inner[name]
            positions[name] = (cx + float(x) * scale, cy + float(y) * scale)
    circles = [(round(cx, 1), round(cy, 1), round(r, 1)) for (cx, cy), r in zip(centres, radii, strict=True)]
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}, circles


def _induced(graph: nx.Graph, members: list[str]) -> nx.Graph:
    """The subgraph on `members` with nodes and edges in sorted order.

    `graph.subgraph(...)` iterates a set of names, whose order changes with string
    hash randomisation between runs; the layout must not.
    """
    keep = set(members)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(members))
    sub.add_edges_from(sorted((min(a, b), max(a, b), {"weight": w}) for a, b, w in graph.edges(members, data="weight", default=1.0)
                              if a in keep and b in keep))
    return sub


def _compact(points: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Scale a unit spring layout so that nearest neighbouring circles about touch."""
    ratios = []
    for i, (x, y) in enumerate(points):
        best = min(((math.hypot(x - u, y - v), j) for j, (u, v) in enumerate(points) if j != i))
        distance, j = best
        ratios.append((radii[i] + radii[j] + 18.0) / max(distance, 1e-6))
    ratios.sort()
    scale = ratios[len(ratios) // 2]
    return [(x * scale, y * scale) for x, y in points]


def _pull_outliers(points: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Bring a circle far from all others next to its nearest neighbour, so one outlier cannot shrink the view."""
    moved = [list(p) for p in points]
    for _ in range(3):
        for i, point in enumerate(moved):
            distance, j = min((math.hypot(point[0] - q[0], point[1] - q[1]), j)
                              for j, q in enumerate(moved) if j != i)
            need = radii[i] + radii[j] + 18.0
            if distance > 1.5 * need:
                factor = 1.15 * need / distance
                point[0] = moved[j][0] + (point[0] - moved[j][0]) * factor
                point[1] = moved[j][1] + (point[1] - moved[j][1]) * factor
    return [(p[0], p[1]) for p in moved]


def _separate(centres: list[tuple[float, float]], radii: list[float]) -> list[tuple[float, float]]:
    """Push overlapping community circles apart, a fixed number of deterministic sweeps."""
    points = [list(c) for c in centres]
    gap = 18.0
    n = len(points)
    for _ in range(60 if n <= 300 else 20):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx = points[j][0] - points[i][0]
                dy = points[j][1] - points[i][1]
                distance = math.hypot(dx, dy)
                need = radii[i] + radii[j] + gap
                if distance >= need:
                    continue
                if distance < 1e-6:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (need - distance) / 2.0
                ux, uy = dx / distance * push, dy / distance * push
                points[i][0] -= ux
                points[i][1] -= uy
                points[j][0] += ux
                points[j][1] += uy
                moved = True
        if not moved:
            break
    return [(p[0], p[1]) for p in points]
