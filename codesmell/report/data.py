"""The report's view model: plain, sorted, JSON-ready data built from results and the graph.

Nothing here knows about HTML. `build_view` returns two parts: `data`, embedded
as JSON and drawn by the page's script (graph, long-method table, excerpts), and
`tables`, rendered server-side by the template (figures, histograms, communities,
heatmap, cycles, errors). Every list is sorted so the same input gives the same bytes.
"""

from __future__ import annotations

import math
import os
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from codesmell.config import Config, Threshold
from codesmell.graph.analysis import community_names, home_communities
from codesmell.graph.model import ModuleGraph
from codesmell.metrics.halstead import figures
from codesmell.model import FileResult, FunctionMetrics, Suggestion
from codesmell.report.layout import ASPECTS, DEFAULT_ASPECT, GraphLayout, build_layout, short_labels
from codesmell.report.moves_view import moves_table
from codesmell.rules.thresholds import file_findings
from codesmell.rules.verdict import Judgement, judge
from codesmell.run.notebook import python_bytes

METRICS = ("sloc", "statements", "locals", "params", "logic_blocks", "cyclomatic", "cognitive", "max_nesting")
METRIC_LABELS = {
    "sloc": "SLOC", "statements": "Stmts", "locals": "Locals", "params": "Params",
    "logic_blocks": "Blocks", "cyclomatic": "Cyclo", "cognitive": "Cogn", "max_nesting": "Nest",
}
TIERS = {"ok": 0, "warning": 1, "critical": 2}
EXCERPT_MAX_LINES = 250
WORST_PER_MODULE = 3
HEATMAP_MAX = 24
HEATMAP_WIDTH = 520  # SVG units (1:1 px) of the coupling heatmap's cells, labels aside
TABLE_ROWS = 25  # communities listed before "show all"
MEMBERS_SHOWN = 12  # members listed before "+N more" (which opens the rest)
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#2f9e9e", "#d37295", "#8cd17d", "#499894", "#f1ce63", "#86bcb6", "#a0cbe8",
    "#ffbe7d", "#b6992d", "#d4a6c8", "#79706e",
)
SINGLETON_COLOUR = "#a9b1bb"


@dataclass(frozen=True)
class View:
    data: dict[str, Any]  # embedded as JSON
    tables: dict[str, Any]  # rendered by the template


# ---------------------------------------------------------------- paths


def _outside(path: str) -> bool:
    """A path that does not live under the current directory (absolute, or `..` first)."""
    return os.path.isabs(path) or path == ".." or path.startswith(("../", ".." + os.sep))


def shown_root(root: str) -> str:
    """An analysed root as the page names it: as given, or its last name when outside the cwd."""
    if not _outside(root):
        return root
    return os.path.basename(os.path.normpath(os.path.abspath(root))) or root


def shown_path(path: str, roots: Sequence[str]) -> str:
    """A file's path relative to the analysed root holding it (named by `shown_root`).

    Paths under the current directory stay as they are (what `check` prints); a
    file under `../../lib/python3.11/email` shows as `email/feedparser.py`, not
    as a chain of `..` into the interpreter's install directory.
    """
    if not _outside(path):
        return path
    absolute = os.path.normpath(os.path.abspath(path))
    for root in sorted((os.path.normpath(os.path.abspath(r)) for r in roots), key=len, reverse=True):
        if absolute == root:
            return os.path.basename(root)
        if absolute.startswith(root.rstrip(os.sep) + os.sep):
            return Path(os.path.basename(root), os.path.relpath(absolute, root)).as_posix()
    return path


def _default_roots(paths: Iterable[str]) -> list[str]:
    """Without the analysed roots: the common folder of the files outside the current directory."""
    outside = [os.path.dirname(os.path.abspath(p)) for p in paths if _outside(p)]
    return [os.path.commonpath(outside)] if outside else []


# ---------------------------------------------------------------- functions


def _read_lines(path: str) -> list[str] | None:
    try:
        data = python_bytes(path, Path(path).read_bytes())  # a notebook: its code cells, as analysed
    except OSError:
        return None
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    return [line.expandtabs(4) for line in text.splitlines()]


def _tier_of(value: int, warning: int, critical: int) -> int:
    return 2 if value > critical else 1 if value > warning else 0


def _function_rows(results: Sequence[FileResult], config: Config, roots: Sequence[str] = ()) -> tuple[
        list[dict[str, Any]], list[list[list[int]]], dict[str, list[dict[str, Any]]]]:
    """Flagged functions with their metrics, tiers, priority, reason and excerpts; worst ones per module.

    "Worst" is the highest priority (the split-first order), ties by line. `p` is
    the path as shown (see `shown_path`); Extract commands keep the real one.
    """
    roots = list(roots) or _default_roots(r.path for r in results)
    rows: list[dict[str, Any]] = []
    threshold_sets: list[list[list[int]]] = []
    worst: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in sorted(results, key=lambda r: r.path):
        findings = file_findings(result, config)
        tiers: dict[tuple[int, str], int] = {}
        for finding in findings:
            if finding.qualname:
                key = (finding.line, finding.qualname)
                tiers[key] = max(tiers.get(key, 0), TIERS.get(finding.severity, 0))
        if not tiers:
            continue
        file_config = config.for_path(result.path)
        limits = file_config.thresholds
        ts = [[limits[m].warning, limits[m].critical] for m in METRICS]
        if ts not in threshold_sets:
            threshold_sets.append(ts)
        lines = _read_lines(result.path)
        for function in sorted(result.functions, key=lambda f: (f.line, f.qualname)):
            tier = tiers.get((function.line, function.qualname))
            if not tier:
                continue
            judgement = judge(function, limits)
            row = {
                "q": function.qualname,
                "p": shown_path(result.path, roots),
                "_path": result.path,  # for joining with history below; not embedded
                "mod": result.module,
                "l": function.line,
                "e": function.end_line,
                "tier": tier,
                "pr": judgement.priority,
                "why": split_reason(function, judgement, limits),
                "shape": function.shape,
                "conc": function.concerns,
                "m": [function.metric(m) for m in METRICS],
                "mt": [_tier_of(function.metric(m), *ts[i]) for i, m in enumerate(METRICS)],
                "ts": threshold_sets.index(ts),
                "src": _excerpt(function, lines),
                "x": [_suggestion(result.path, s) for s in function.suggestions],
                **({"hv": figures(function)["volume"], "he": figures(function)["effort"]} if function.halstead else {}),
            }
            rows.append(row)
            worst[result.module].append(row)
    for module, items in worst.items():
        items.sort(key=lambda r: (-r["pr"], r["l"]))
        worst[module] = items[:WORST_PER_MODULE]
    for index, row in enumerate(rows):
        row["id"] = index
    return rows, threshold_sets, worst


WHY_METRICS = (("sloc", "SLOC"), ("cognitive", "cognitive"), ("max_nesting", "nesting"), ("locals", "locals"),
               ("params", "params"), ("cyclomatic", "cyclomatic"))


def split_reason(function: FunctionMetrics, judgement: Judgement, limits: Mapping[str, Threshold]) -> str:
    """Why a function is on the split-first list, from its verdict: shape, concerns, what is over its
    warning threshold, and the best block to extract ("tangled, 3 concerns, nesting 4; extract lines 56-62")."""
    parts = []
    if not judgement.long:
        parts.append("short but tangled")
    elif function.shape != "short":
        parts.append(function.shape)
    if function.concerns > 1:
        parts.append(f"{function.concerns} concerns")
    parts += [f"{label} {function.metric(metric)}" for metric, label in WHY_METRICS
              if function.metric(metric) > limits[metric].warning]
    text = ", ".join(parts)
    if function.suggestions:
        best = function.suggestions[0]
        text += f"; extract lines {best.start_line}-{best.end_line}"
    return text


def _suggestion(path: str, suggestion: Suggestion) -> dict[str, Any]:
    """One Extract Method candidate as the page shows it, with the command that performs it.

    `sloc` is what the parent loses: the block's SLOC less the line of the call left
    in its place (the figure `codesmell suggest` prints).
    """
    target = f"{path}:{suggestion.start_line}-{suggestion.end_line}"
    return {
        "s": suggestion.start_line,
        "e": suggestion.end_line,
        "sloc": max(suggestion.sloc - 1, 0),
        "cc": suggestion.cyclomatic,
        "par": list(suggestion.params),
        "ret": list(suggestion.returns),
        "n": suggestion.name,
        "k": ("async " if suggestion.is_async else "") + suggestion.kind,
        "cmd": f"codesmell extract {shlex.quote(target)} --name {shlex.quote(suggestion.name)}",
    }


def _excerpt(function: FunctionMetrics, lines: list[str] | None) -> dict[str, Any] | None:
    if lines is None or function.line > len(lines):
        return None
    last = min(function.end_line, len(lines), function.line + EXCERPT_MAX_LINES - 1)
    marks: dict[int, list[list[Any]]] = defaultdict(list)
    for inc in sorted(function.increments, key=lambda i: (i.line, i.metric, i.reason, i.amount)):
        if function.line <= inc.line <= last:
            marks[inc.line].append(["cc" if inc.metric == "cyclomatic" else "cog", inc.amount, inc.reason])
    return {
        "start": function.line,
        "lines": lines[function.line - 1 : last],
        "cut": function.end_line > last,
        "inc": {str(line): marks[line] for line in sorted(marks)},
    }


# ---------------------------------------------------------------- figures


def _histogram(values: Iterable[int], edges: Sequence[int], warning: int, critical: int) -> list[dict[str, Any]]:
    """Counts per bin [edges[i], edges[i+1]); the last bin is open. Tier by the bin's lower edge."""
    counts = [0] * len(edges)
    for value in values:
        for i in range(len(edges) - 1, -1, -1):
            if value >= edges[i]:
                counts[i] += 1
                break
    bins = []
    for i, low in enumerate(edges):
        high = edges[i + 1] - 1 if i + 1 < len(edges) else None
        label = f"{low}+" if high is None else (str(low) if high == low else f"{low}–{high}")
        tier = "critical" if low > critical else "warning" if low > warning else "ok"
        bins.append({"label": label, "count": counts[i], "tier": tier})
    return bins


def histogram_svg(bins: list[dict[str, Any]], width: int = 460, height: int = 180) -> dict[str, Any]:
    """Geometry of a bar chart, drawn by the template as inline SVG."""
    top = max((b["count"] for b in bins), default=0) or 1
    plot_h = height - 42
    bar_w = (width - 20) / len(bins)
    bars = []
    for i, b in enumerate(bins):
        h = 0 if b["count"] == 0 else max(2.0, math.sqrt(b["count"] / top) * plot_h)
        bars.append({**b, "x": round(10 + i * bar_w + 3, 1), "w": round(bar_w - 6, 1),
                     "y": round(18 + plot_h - h, 1), "h": round(h, 1), "cx": round(10 + (i + 0.5) * bar_w, 1)})
    return {"bars": bars, "width": width, "height": height, "base": 18 + plot_h}


# ---------------------------------------------------------------- graph


def _cycles(graph: ModuleGraph) -> list[dict[str, list[str]]]:
    """The module graph's import cycles: {modules: the strongly connected set, example: one closed path}."""
    cycles = [{"modules": sorted(cycle.modules), "example": list(cycle.example)} for cycle in graph.cycles]
    return sorted(cycles, key=lambda c: (-len(c["modules"]), c["modules"]))


def build_view(results: Sequence[FileResult], config: Config, module_graph: ModuleGraph,
               seed: int = 42, title: str = "codesmell report", roots: Sequence[str] = (),
               hotspots: dict[str, Any] | None = None, drift: dict[str, Any] | None = None) -> View:
    """Everything the page shows, from analysis results and their module graph.

    Communities, levels, cycles and misplaced modules are the graph's own (one
    implementation, shared with `codesmell graph` and the gate); the view only
    lays them out. The levels (Louvain's or Leiden's) are already connected and
    numbered largest first, the order the page lists them in. `roots` (the
    analysed paths) name the files: see `shown_path`.
    """
    results = sorted(results, key=lambda r: r.path)
    by_module = {r.module: r for r in results}
    nodes = sorted(module_graph.modules, key=lambda m: m.name)
    names = [m.name for m in nodes]
    name_set = set(names)
    paths = {m.name: m.path for m in nodes}

    # edges: one per unordered pair for drawing, directed for fan-in/out
    pair_weight: dict[tuple[str, str], float] = defaultdict(float)
    pair_kind: dict[tuple[str, str], int] = defaultdict(int)
    fan_out: dict[str, set[str]] = defaultdict(set)
    fan_in: dict[str, set[str]] = defaultdict(set)
    for edge in module_graph.edges:
        s, t = edge.source, edge.target
        if s not in name_set or t not in name_set or s == t:
            continue
        key = (s, t) if s < t else (t, s)
        pair_weight[key] += float(edge.weight)
        pair_kind[key] |= 2 if edge.kind == "call" else 1
        fan_out[s].add(t)
        fan_in[t].add(s)
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for (a, b), weight in sorted(pair_weight.items()):
        graph.add_edge(a, b, weight=weight)

    # levels: the graph's dendrogram; the final partition is its last level
    level_groups = [[list(group) for group in level.communities] for level in module_graph.levels
                    if level.communities]
    final_groups = [list(community.modules) for community in module_graph.communities]
    if final_groups in level_groups:
        default_level = level_groups.index(final_groups)
    else:
        level_groups.append(final_groups)
        default_level = len(level_groups) - 1

    module_index = {name: i for i, name in enumerate(names)}
    packages = {m.name: m.package for m in nodes}
    by_lines = {n: getattr(by_module.get(n), "lines", 0) for n in names}
    module_radius = {n: round(2.5 + 1.6 * math.log2(1 + by_lines[n] / 60), 1) for n in names}
    tree = build_layout(level_groups, names, module_radius, packages)
    positions = tree.positions
    analysed_packages = {m.name: m.package for m in nodes if not m.external}

    roots = list(roots) or _default_roots(r.path for r in results)
    rows, threshold_sets, worst = _function_rows(results, config, roots)
    flagged_per_module = Counter(row["mod"] for row in rows)

    levels_json = []
    membership: list[list[int]] = [[] for _ in names]
    final_names = [community.name for community in module_graph.communities]
    for level_index, groups in enumerate(level_groups):
        level_names = (final_names if level_index == default_level and len(final_names) == len(groups)
                       else community_names(graph, tuple(tuple(g) for g in groups), analysed_packages))
        communities = []
        for cid, members in enumerate(groups):
            for name in members:
                membership[module_index[name]].append(cid)
            xs = [positions[n][0] for n in members]
            ys = [positions[n][1] for n in members]
            cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
            radius = max(math.hypot(positions[n][0] - cx, positions[n][1] - cy) for n in members) + 10
            dominant, _ = _dominant([packages[n] for n in members])
            if not dominant:  # top-level modules: name the group by its best connected member
                hub = min(members, key=lambda n: (-graph.degree(n, weight="weight"), n))
                dominant = f"{hub} …" if len(members) > 1 else hub
            communities.append({
                "size": len(members),
                "name": level_names[cid],
                "pkg": dominant,
                "x": round(cx, 1), "y": round(cy, 1), "r": round(radius, 1),
                "colour": _colour(cid, len(members)),
                "lines": sum(getattr(by_module.get(n), "lines", 0) for n in members),
            })
        levels_json.append({"communities": communities})
    _place_communities(levels_json, level_groups, tree)

    modules_json = []
    labels = short_labels(names)
    for i, name in enumerate(names):
        result = by_module.get(name)
        lines = result.lines if result else 0
        modules_json.append({
            "n": name, "p": paths[name], "pkg": packages[name], "lines": lines,
            "x": positions[name][0], "y": positions[name][1],
            "r": module_radius[name], "t": tree.parent[name], "lbl": labels[name],
            "c": membership[i],
            "fi": len(fan_in[name]), "fo": len(fan_out[name]),
            "flag": flagged_per_module.get(name, 0),
            "worst": [[w["q"], w["l"], w["tier"], w["id"]] for w in worst.get(name, [])],
        })
        if result is not None and result.maintainability is not None:  # only with --halstead
            modules_json[-1]["mi"] = result.maintainability
    edges_json = [[module_index[a], module_index[b], round(w, 2), pair_kind[(a, b)]]
                  for (a, b), w in sorted(pair_weight.items())]

    cycles = _cycles(module_graph)
    counts = _counts(results, rows, level_groups, default_level, len(names), len(pair_weight), module_graph)
    final_json = levels_json[default_level]["communities"] if levels_json else []
    tables = _tables(results, final_groups, graph, packages, module_graph, cycles, final_json, counts, roots)
    tables["hotspots"] = hotspots  # the history's view (report/hotspots_view.py), when there is one
    tables["moves"] = moves_table(module_graph)
    data = {
        "title": title,
        "metrics": list(METRICS),
        "metricLabels": [METRIC_LABELS[m] for m in METRICS],
        "thresholds": threshold_sets or [[[config.thresholds[m].warning, config.thresholds[m].critical]
                                          for m in METRICS]],
        "modules": modules_json,
        "edges": edges_json,
        "levels": levels_json,
        "defaultLevel": default_level,
        "functions": rows,
        "graph": _graph_json(tree, levels_json),
        "misplaced": _misplaced_json(module_graph, module_index, packages),
        "drift": drift["items"] if drift else [],  # {kind, modules, edge} since the baseline (drift_view)
    }
    data["counts"] = counts
    if hotspots is not None:  # with history, "Split first" orders by hotspot (priority weighted by churn)
        churn = hotspots["churn"]
        for row in rows:
            row["ch"], row["hs"] = churn.get((row["_path"], row["l"]), [0, 0.0])
        data["splitBy"] = {"key": "hotspot", "since": hotspots["since"]}
    for row in rows:
        row.pop("_path", None)

    tables["drift"] = drift  # the _drift.html.j2 section; None without --baseline
    tables["algorithm"] = module_graph.options.algorithm  # the footer and the lone modules name it
    return View(data=data, tables=tables)


def _place_communities(levels_json: list[dict[str, Any]], level_groups: list[list[list[str]]],
                       tree: GraphLayout) -> None:
    """Each level's community takes the circle and colour of the smallest drill-down node holding it all.

    The same community keeps one colour on every level; a fine community shades its coarse parent's hue.
    """
    holder: dict[str, int] = dict(tree.parent)
    for groups, level in zip(level_groups, levels_json, strict=True):
        for members, info in zip(groups, level["communities"], strict=True):
            node = holder.get(members[0], 0)
            while node > 0 and not set(members) <= set(tree.nodes[node].modules):
                node = tree.nodes[node].parent
            spot = tree.nodes[node]
            if len(members) > 1 and spot.kind != "root":
                info.update(x=spot.x, y=spot.y, r=spot.r, colour=spot.colour)
            else:
                info.update(colour=SINGLETON_COLOUR)


def _graph_json(tree: GraphLayout, levels_json: list[dict[str, Any]]) -> dict[str, Any]:
    """The drill-down tree for graph.js: nodes in pre-order (0 = root), each with its circle.

    `lv`/`c` name the community a node stands for (-1 for the root and the groups of
    lone modules), `e` ends its subtree, `xy` (root's children) gives its centre for each
    frame aspect in `aspects`.
    """
    nodes = []
    for node in tree.nodes:
        item: dict[str, Any] = {"k": node.kind[0], "p": node.parent, "lv": node.level, "c": node.community,
                                "n": len(node.modules), "e": node.end, "x": node.x, "y": node.y, "r": node.r,
                                "col": node.colour}
        if node.kind == "package":
            item["name"] = node.name
        elif node.level >= 0:
            info = levels_json[node.level]["communities"][node.community]
            item["name"] = info.get("name") or info["pkg"]
        if node.spots:
            item["xy"] = [list(spot) for spot in node.spots]
        nodes.append(item)
    return {"nodes": nodes, "aspects": list(ASPECTS), "aspect": DEFAULT_ASPECT}


def _misplaced_json(module_graph: ModuleGraph, module_index: dict[str, int],
                    packages: dict[str, str]) -> list[dict[str, Any]]:
    """Misplaced modules for the graph and the page: `m`/`n` the module (index, name), `to`/`c` the
    community it belongs with by its links (the one it sits in), `home` the community holding most
    of its package (where the graph's line points), `why` the graph's reason."""
    home = home_communities(module_graph.communities, packages)
    found = []
    for item in module_graph.misplaced:
        if item.module not in module_index:
            continue
        where = item.home if item.home >= 0 else home.get(item.package, item.community)
        why = item.reason or (f"lives in {item.package or '(top level)'}; its community is mostly "
                              f"{item.dominant_package or '(top level)'}")
        found.append({"m": module_index[item.module], "n": item.module, "to": item.community, "c": item.community,
                      "home": where, "why": why, "pkg": item.package})
    return found


def _counts(results: Sequence[FileResult], rows: list[dict[str, Any]], level_groups: list[list[list[str]]],
            final: int, modules: int, links: int, module_graph: ModuleGraph) -> dict[str, Any]:
    """Every count the page shows, computed once: the template and the script both read these.

    A community has two modules or more; a module alone in its group is `lone`.
    `links` are linked module pairs (the graph's edges, direction and kind merged).
    """
    per_level = [{"communities": sum(1 for g in groups if len(g) > 1), "lone": sum(1 for g in groups if len(g) == 1)}
                 for groups in level_groups]
    tiers = Counter(row["tier"] for row in rows)
    return {
        "files": len(results),
        "failed": sum(1 for r in results if r.errors),
        "functions": sum(len(r.functions) for r in results),
        "flagged": len(rows),
        "critical": tiers.get(2, 0),
        "warning": tiers.get(1, 0),
        "modules": modules,
        "links": links,
        "communities": per_level[final]["communities"] if per_level else 0,
        "lone": per_level[final]["lone"] if per_level else 0,
        "final": final,
        "levels": per_level,
        "cycles": len(module_graph.cycles),
        "misplaced": len(module_graph.misplaced),
    }


def _dominant(packages: list[str]) -> tuple[str, float]:
    counts = Counter(packages)
    package, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return package, count / len(packages)


def _colour(index: int, size: int) -> str:
    if size == 1:
        return SINGLETON_COLOUR
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 137.508) % 360
    return f"hsl({hue:.0f},45%,58%)"


def _heatmap(shown: list[dict[str, Any]], internal: list[float],
             coupling: dict[tuple[int, int], float]) -> dict[str, Any]:
    """Cells of the community-to-community coupling matrix, sized to be read.

    Off the diagonal: the weight between two communities (blue, √ of its share of
    the largest); on it: the weight inside one (green, against the largest inside).
    Weights are written in the cells when they are big enough to hold them.
    """
    n = len(shown)
    cell = max(14, min(46, HEATMAP_WIDTH // max(n, 1)))
    top = max((coupling.get((min(a["index"], b["index"]), max(a["index"], b["index"])), 0.0)
               for a in shown for b in shown if a is not b), default=0.0) or 1.0
    top_inside = max((internal[c["index"]] for c in shown), default=0.0) or 1.0
    cells = []
    for row_i, a in enumerate(shown):
        for col_i, b in enumerate(shown):
            diagonal = a is b
            if diagonal:
                weight = internal[a["index"]]
                level = math.sqrt(weight / top_inside) if weight else 0.0
            else:
                weight = coupling.get((min(a["index"], b["index"]), max(a["index"], b["index"])), 0.0)
                level = math.sqrt(weight / top) if weight else 0.0
            cells.append({"x": col_i * cell, "y": row_i * cell, "w": _weight_text(weight), "o": round(max(level, 0.04), 3),
                          "a": a["label"], "b": b["label"], "diag": diagonal, "dark": level > 0.55})
    return {"size": cell, "n": n, "top": round(top, 1), "text": cell >= 30, "cells": cells,
            "labels": [{"label": c["label"], "colour": c["colour"], "name": c["name"],
                        "short": c["name"] if len(c["name"]) <= 30 else c["name"][:29] + "…"} for c in shown]}


def _weight_text(weight: float) -> str:
    return "" if not weight else f"{weight:.0f}" if weight >= 10 else f"{weight:.1f}".rstrip("0").rstrip(".")


def _tables(results: Sequence[FileResult], groups: list[list[str]], graph: nx.Graph, packages: dict[str, str],
            module_graph: ModuleGraph, cycles: list[dict[str, list[str]]], community_json: list[dict[str, Any]],
            counts: dict[str, Any], roots: Sequence[str]) -> dict[str, Any]:
    """What the template renders server-side; every count comes from `counts`."""
    functions = [f for r in results for f in r.functions]
    index = {name: i for i, members in enumerate(groups) for name in members}
    internal = [0.0] * len(groups)
    external = [0.0] * len(groups)
    coupling: dict[tuple[int, int], float] = defaultdict(float)
    for a, b, weight in graph.edges(data="weight", default=1.0):
        ca, cb = index[a], index[b]
        if ca == cb:
            internal[ca] += weight
        else:
            external[ca] += weight
            external[cb] += weight
            coupling[(min(ca, cb), max(ca, cb))] += weight

    names = [c.name for c in module_graph.communities]
    misplaced_in = Counter(m.community for m in module_graph.misplaced)
    communities = []
    for i, members in enumerate(groups):
        total = internal[i] + external[i]
        info = community_json[i] if i < len(community_json) else {}
        dominant, share = _dominant([packages[m] for m in members])
        communities.append({
            "index": i, "label": f"C{i + 1}", "size": len(members), "colour": info.get("colour", SINGLETON_COLOUR),
            "name": info.get("name") or (names[i] if i < len(names) else "") or dominant or "(top level)",
            "internal": round(internal[i], 1), "external": round(external[i], 1),
            "cohesion": None if total == 0 else round(100 * internal[i] / total),
            "package": dominant or "(top level)", "share": round(100 * share),
            "members": members[:MEMBERS_SHOWN], "rest": members[MEMBERS_SHOWN:],
            "misplaced": misplaced_in.get(i, 0),
        })
    groups_shown = [c for c in communities if c["size"] > 1]
    lone = [c["members"][0] for c in communities if c["size"] == 1]

    def community_ref(cid: int) -> dict[str, Any]:
        c = communities[cid] if 0 <= cid < len(communities) else None
        return {"label": c["label"], "name": c["name"], "colour": c["colour"]} if c else {"label": "–", "name": "",
                                                                                         "colour": SINGLETON_COLOUR}

    misplaced = [{"module": m.module, "package": m.package or "(top level)", "reason": m.reason,
                  "here": community_ref(m.community), "home": community_ref(m.home)} for m in module_graph.misplaced]

    overview = {**counts, "modularity": f"{float(module_graph.modularity):.3f}"}
    return {
        "overview": overview,
        "counts": counts,
        "sloc_hist": histogram_svg(_histogram((f.sloc for f in functions), (0, 6, 11, 21, 31, 51, 81, 121, 201),
                                              20, 50)),
        "cc_hist": histogram_svg(_histogram((f.cyclomatic for f in functions), (1, 2, 4, 6, 11, 16, 21, 31, 51),
                                            10, 20)),
        "communities": communities,
        "groups": groups_shown,
        "table_rows": TABLE_ROWS,
        "lone": lone,
        "misplaced": misplaced,
        "heatmap": _heatmap(groups_shown[:HEATMAP_MAX], internal, coupling),
        "heatmap_hidden": max(0, len(groups_shown) - HEATMAP_MAX),
        "cycles": cycles,
        "errors": [{"path": shown_path(r.path, roots),
                    "errors": [{"code": e.code, "line": e.line, "message": e.message} for e in r.errors]}
                   for r in results if r.errors],
    }
