"""The graph's circle packing along the dendrogram: geometry checked against its definitions."""

from __future__ import annotations

import colorsys
import math
import os
import subprocess
import sys

import pytest

from codesmell.report.layout import (
    ASPECTS,
    GREY,
    LONE_GROUPING,
    GraphLayout,
    _spread,
    build_layout,
    enclose,
    pack_siblings,
    short_labels,
)

from .conftest import REPO


def overlapping(circles: list[tuple[float, float, float]]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(circles)) for j in range(i + 1, len(circles))
            if math.hypot(circles[i][0] - circles[j][0], circles[i][1] - circles[j][1])
            < circles[i][2] + circles[j][2] - 1e-9]


def test_two_circles_are_placed_tangent_on_the_x_axis() -> None:
    # the first circle's centre sits one radius of the second left of the origin, the second one radius right
    assert pack_siblings([1.0, 2.0]) == [(-2.0, 0.0), (1.0, 0.0)]


def test_three_equal_circles_touch_pairwise() -> None:
    centres = pack_siblings([1.0, 1.0, 1.0])
    for i in range(3):
        for j in range(i + 1, 3):
            assert math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]) == pytest.approx(2.0)


@pytest.mark.parametrize("aspect", ASPECTS)
def test_many_circles_never_overlap(aspect: float) -> None:
    radii = [12 - (i * 7919 % 97) / 10 for i in range(300)]  # a spread of sizes, no randomness
    centres = pack_siblings(radii, aspect)
    assert overlapping([(x, y, r) for (x, y), r in zip(centres, radii, strict=True)]) == []


def test_the_aspect_shapes_the_packing() -> None:
    radii = [3.0] * 200
    shapes = []
    for aspect in (0.5, 2.0):
        centres = pack_siblings(radii, aspect)
        width = max(x for x, _ in centres) - min(x for x, _ in centres)
        height = max(y for _, y in centres) - min(y for _, y in centres)
        shapes.append(width / height)
    assert shapes[0] < 0.8 and shapes[1] > 1.25


def test_enclosing_circle_of_two_circles_spans_both() -> None:
    # (-2, 0, r 1) and (1, 0, r 2) reach from x = -3 to x = 3: the smallest enclosing circle is (0, 0, 3)
    x, y, r = enclose([(-2.0, 0.0, 1.0), (1.0, 0.0, 2.0)])
    assert (x, y, r) == pytest.approx((0.0, 0.0, 3.0))


def test_enclosing_circle_holds_every_circle_and_touches_one() -> None:
    circles = [(float(i % 7) * 5, float(i // 7) * 4, 1.0 + i % 3) for i in range(40)]
    x, y, r = enclose(circles)
    reach = [math.hypot(cx - x, cy - y) + cr for cx, cy, cr in circles]
    assert max(reach) <= r + 1e-9
    assert max(reach) == pytest.approx(r)


def test_spread_reaches_the_aspect_without_overlaps() -> None:
    radii = [10.0, 8.0, 6.0, 6.0, 4.0]
    centres = _spread(pack_siblings(radii), radii, 1.6)
    xs = [x for x, _ in centres]
    ys = [y for _, y in centres]
    width = max(x + r for x, r in zip(xs, radii, strict=True)) - min(x - r for x, r in zip(xs, radii, strict=True))
    height = max(y + r for y, r in zip(ys, radii, strict=True)) - min(y - r for y, r in zip(ys, radii, strict=True))
    assert width / height == pytest.approx(1.6, rel=0.01)
    assert overlapping([(x, y, r) for (x, y), r in zip(centres, radii, strict=True)]) == []


# a dendrogram of two levels: {a1 a2 a3} {b1 b2} at level 0, merged at level 1 into one; c1 c2 apart; z alone
LEVELS = [
    [["a.a1", "a.a2", "a.a3"], ["b.b1", "b.b2"], ["c.c1", "c.c2"], ["z"]],
    [["a.a1", "a.a2", "a.a3", "b.b1", "b.b2"], ["c.c1", "c.c2"], ["z"]],
]
NAMES = sorted(m for group in LEVELS[0] for m in group)


def tree() -> GraphLayout:
    return build_layout(LEVELS, NAMES, {m: 2.0 + len(m) % 3 for m in NAMES}, {m: m.rpartition(".")[0] for m in NAMES})


def test_the_tree_follows_the_dendrogram_coarse_first() -> None:
    layout = tree()
    nodes = layout.nodes
    root = nodes[0]
    assert root.kind == "root" and root.end == len(nodes)
    top = [nodes[i] for i in root.children]
    assert [(n.kind, n.level, n.community, n.modules) for n in top] == [
        ("community", 1, 0, ("a.a1", "a.a2", "a.a3", "b.b1", "b.b2")),
        ("community", 1, 1, ("c.c1", "c.c2")),
        ("lone", -1, -1, ("z",)),
    ]
    # community 0 of level 1 holds the two level-0 communities; c1/c2 is one community on both levels: no extra node
    first = top[0]
    assert [nodes[i].modules for i in first.children] == [("a.a1", "a.a2", "a.a3"), ("b.b1", "b.b2")]
    assert [nodes[i].level for i in first.children] == [0, 0]
    assert top[1].children == () and top[1].leaves == ("c.c1", "c.c2")
    assert layout.parent["a.a2"] == first.children[0]


def test_every_module_lies_inside_its_parents_and_no_circles_overlap() -> None:
    layout = tree()
    nodes = layout.nodes
    radius = {m: 2.0 + len(m) % 3 for m in NAMES}
    modules = [(*layout.positions[m], radius[m]) for m in NAMES]
    assert overlapping(modules) == []
    for name in NAMES:
        x, y = layout.positions[name]
        node = layout.parent[name]
        while node > 0:
            n = nodes[node]
            assert math.hypot(x - n.x, y - n.y) + radius[name] <= n.r + 1e-6
            node = n.parent
    for n in nodes[1:]:
        siblings = [(nodes[i].x, nodes[i].y, nodes[i].r) for i in nodes[n.parent].children]
        assert overlapping(siblings) == []


def test_sub_communities_take_shades_of_their_parents_hue() -> None:
    nodes = tree().nodes
    first = nodes[nodes[0].children[0]]
    hues = set()
    for i in (nodes[0].children[0], *first.children):
        c = nodes[i].colour
        r, g, b = (int(c[k:k + 2], 16) / 255 for k in (1, 3, 5))
        hues.add(round(colorsys.rgb_to_hls(r, g, b)[0], 2))
    assert len(hues) == 1
    assert len({nodes[i].colour for i in first.children}) == 2  # shades differ
    assert nodes[nodes[0].children[2]].colour == GREY  # the lone modules


def test_many_lone_modules_are_gathered_by_package() -> None:
    names = [f"p{i % 3}.m{i:03d}" for i in range(LONE_GROUPING + 5)]
    layout = build_layout([[[n] for n in sorted(names)]], sorted(names), dict.fromkeys(names, 3.0),
                          {n: n.split(".")[0] for n in names})
    nodes = layout.nodes
    lone = nodes[nodes[0].children[0]]
    assert lone.kind == "lone" and len(nodes[0].children) == 1
    assert sorted(nodes[i].name for i in lone.children) == ["p0", "p1", "p2"]
    assert sum(len(nodes[i].modules) for i in lone.children) == len(names)


def test_short_labels_are_the_shortest_distinguishing_suffix() -> None:
    labels = short_labels(["flask.app", "flask.sansio.app", "flask.json", "json", "flask.blueprints",
                           "flask.sansio.blueprints", "flask.views"])
    assert labels == {"flask.app": "flask.app", "flask.sansio.app": "sansio.app", "flask.json": "flask.json",
                      "json": "json", "flask.blueprints": "flask.blueprints",
                      "flask.sansio.blueprints": "sansio.blueprints", "flask.views": "views"}


def test_layout_is_the_same_under_every_hash_seed() -> None:
    script = ("from tests.report.test_layout import tree; t = tree(); "
              "print(repr(t.nodes), sorted(t.positions.items()))")
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        outputs.add(subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert len(outputs) == 1
