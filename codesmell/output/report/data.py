"""The report's view model: plain, sorted, JSON-ready data built from results and the graph.

Nothing here knows about HTML. `build_view` returns two parts: `data`, embedded
as JSON and drawn by the page's script (graph, long-method table, excerpts), and
`tables`, rendered server-side by the template (figures, histograms, communities,
heatmap, cycles, errors). Every list is sorted so the same input gives the same bytes.
"""

from __future__ import annotations

import math
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from codesmell.config import Config
from codesmell.graph.model import ModuleGraph
from codesmell.model import FileResult, FunctionMetrics, Suggestion
from codesmell.output.report.layout import layout
from codesmell.rules.thresholds import file_findings
from codesmell.rules.verdict import judge

METRICS = ("sloc", "statements", "locals", "params", "logic_blocks", "cyclomatic", "cognitive", "max_nesting")
METRIC_LABELS = {
    "sloc": "SLOC", "statements": "Stmts", "locals": "Locals", "params": "Params",
    "logic_blocks": "Blocks", "cyclomatic": "Cyclo", "cognitive": "Cogn", "max_nesting": "Nest",
}
TIERS = {"ok": 0, "warning": 1, "critical": 2}
EXCERPT_MAX_LINES = 250
WORST_PER_MODULE = 3
HEATMAP_MAX = 24
CLUSTER_FIRST_AT = 150  # modules; above this the graph opens on communities, expanded on demand
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


# ---------------------------------------------------------------- functions


def _read_lines(path: str) -> list[str] | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    return [line.expandtabs(4) for line in text.splitlines()]


def _tier_of(value: int, warning: int, critical: int) -> int:
    return 2 if value > critical else 1 if value > warning else 0


def _function_rows(results: Sequence[FileResult], config: Config) -> tuple[
        list[dict[str, Any]], list[list[list[int]]], dict[str, list[dict[str, Any]]]]:
    """Flagged functions with their metrics, tiers, priority and source excerpts; worst ones per module.

    "Worst" is the highest priority (the split-first order), ties by line.
    """
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
                "p": result.path,
                "mod": result.module,
                "l": function.line,
                "e": function.end_line,
                "tier": tier,
                "pr": judgement.priority,
                "shape": function.shape,
                "conc": function.concerns,
                "m": [function.metric(m) for m in METRICS],
                "mt": [_tier_of(function.metric(m), *ts[i]) for i, m in enumerate(METRICS)],
                "ts": threshold_sets.index(ts),
                "src": _excerpt(function, lines),
                "x": [_suggestion(result.path, s) for s in function.suggestions],
            }
            rows.append(row)
            worst[result.module].append(row)
    for module, items in worst.items():
        items.sort(key=lambda r: (-r["pr"], r["l"]))
        worst[module] = items[:WORST_PER_MODULE]
    for index, row in enumerate(rows):
        row["id"] = index
    return rows, threshold_sets, worst


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


def _misplaced(graph: ModuleGraph) -> dict[str, str]:
    """The module graph's misplaced modules -> why, as the communities table says it."""
    return {
        item.module: f"lives in {item.package or '(top level)'}; "
        f"its community is mostly {item.dominant_package or '(top level)'}"
        for item in graph.misplaced
    }


def build_view(results: Sequence[FileResult], config: Config, module_graph: ModuleGraph,
               seed: int = 42, title: str = "codesmell report", hotspots: dict[str, Any] | None = None,
               drift: dict[str, Any] | None = None) -> View:
    """Everything the page shows, from analysis results and their module graph.

    Communities, levels, cycles and misplaced modules are the graph's own (one
    implementation, shared with `codesmell graph` and the gate); the view only
    lays them out. Louvain's levels are already split into connected parts and
    numbered largest first, the order the page lists them in.
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

    positions, circles = layout(names, graph, final_groups, seed) if names else ({}, [])
    module_index = {name: i for i, name in enumerate(names)}
    packages = {m.name: m.package for m in nodes}

    rows, threshold_sets, worst = _function_rows(results, config)
    flagged_per_module = Counter(row["mod"] for row in rows)

    levels_json = []
    membership: list[list[int]] = [[] for _ in names]
    for groups in level_groups:
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
                "pkg": dominant,
                "x": round(cx, 1), "y": round(cy, 1), "r": round(radius, 1),
                "colour": _colour(cid, len(members)),
                "lines": sum(getattr(by_module.get(n), "lines", 0) for n in members),
            })
        levels_json.append({"communities": communities})

    modules_json = []
    for i, name in enumerate(names):
        result = by_module.get(name)
        lines = result.lines if result else 0
        modules_json.append({
            "n": name, "p": paths[name], "pkg": packages[name], "lines": lines,
            "x": positions[name][0], "y": positions[name][1],
            "r": round(2.5 + 1.6 * math.log2(1 + lines / 60), 1),
            "c": membership[i],
            "fi": len(fan_in[name]), "fo": len(fan_out[name]),
            "flag": flagged_per_module.get(name, 0),
            "worst": [[w["q"], w["l"], w["tier"], w["id"]] for w in worst.get(name, [])],
        })
    edges_json = [[module_index[a], module_index[b], round(w, 2), pair_kind[(a, b)]]
                  for (a, b), w in sorted(pair_weight.items())]

    cycles = _cycles(module_graph)
    tables = _tables(results, rows, final_groups, graph, packages, module_graph.modularity, _misplaced(module_graph),
                     cycles, default_level, levels_json[default_level]["communities"] if levels_json else [])
    tables["hotspots"] = hotspots  # the history's view (output/report/hotspots_view.py), when there is one
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
        "clusterFirst": len(names) > CLUSTER_FIRST_AT,
        "functions": rows,
        "circles": circles,
        "drift": drift["items"] if drift else [],  # {kind, modules, edge} since the baseline (drift_view)
    }
    tables["drift"] = drift  # the _drift.html.j2 section; None without --baseline
    return View(data=data, tables=tables)


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


def _tables(results: Sequence[FileResult], rows: list[dict[str, Any]], groups: list[list[str]], graph: nx.Graph,
            packages: dict[str, str], modularity: float, given: dict[str, str],
            cycles: list[dict[str, list[str]]], default_level: int,
            community_json: list[dict[str, Any]]) -> dict[str, Any]:
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

    # misplaced: the module graph's verdict, listed under the community each module sits in
    misplaced: dict[int, list[dict[str, str]]] = defaultdict(list)
    for name in sorted(packages):
        if name in given:
            misplaced[index[name]].append({"module": name, "why": given[name]})

    communities = []
    for i, members in enumerate(groups):
        total = internal[i] + external[i]
        info = community_json[i] if i < len(community_json) else {}
        dominant, share = _dominant([packages[m] for m in members])
        communities.append({
            "index": i, "label": f"C{i + 1}", "size": len(members), "colour": info.get("colour", SINGLETON_COLOUR),
            "internal": round(internal[i], 1), "external": round(external[i], 1),
            "cohesion": None if total == 0 else round(100 * internal[i] / total),
            "package": dominant or "(top level)", "share": round(100 * share),
            "members": members[:12], "more": max(0, len(members) - 12),
            "misplaced": misplaced.get(i, []),
        })

    shown = [c for c in communities if c["size"] > 1][:HEATMAP_MAX]
    top = max((coupling.get((min(a["index"], b["index"]), max(a["index"], b["index"])), 0.0)
               for a in shown for b in shown if a is not b), default=0.0) or 1.0
    cell = 22
    heat: dict[str, Any] = {"size": cell, "labels": [{"label": c["label"], "colour": c["colour"], "pkg": c["package"]} for c in shown],
            "cells": [], "n": len(shown), "top": round(top, 1)}
    for row_i, a in enumerate(shown):
        for col_i, b in enumerate(shown):
            if a is b:
                weight, level = internal[a["index"]], -1.0
            else:
                weight = coupling.get((min(a["index"], b["index"]), max(a["index"], b["index"])), 0.0)
                level = math.sqrt(weight / top) if weight else 0.0
            heat["cells"].append({"x": col_i * cell, "y": row_i * cell, "w": round(weight, 1),
                                  "o": round(level, 3), "a": a["label"], "b": b["label"]})

    tiers = Counter(row["tier"] for row in rows)
    failed = [r for r in results if r.errors]
    overview = {
        "files": len(results), "failed": len(failed), "functions": len(functions),
        "critical": tiers.get(2, 0), "warning": tiers.get(1, 0),
        "modules": len(packages), "communities": sum(1 for g in groups if len(g) > 1),
        "singletons": sum(1 for g in groups if len(g) == 1),
        "modularity": f"{float(modularity):.3f}",
        "cycles": len(cycles), "edges": graph.number_of_edges(), "level": default_level,
    }
    return {
        "overview": overview,
        "sloc_hist": histogram_svg(_histogram((f.sloc for f in functions), (0, 6, 11, 21, 31, 51, 81, 121, 201),
                                              20, 50)),
        "cc_hist": histogram_svg(_histogram((f.cyclomatic for f in functions), (1, 2, 4, 6, 11, 16, 21, 31, 51),
                                            10, 20)),
        "communities": communities,
        "heatmap": heat,
        "cycles": cycles,
        "errors": [{"path": r.path, "errors": [{"code": e.code, "line": e.line, "message": e.message}
                                               for e in r.errors]} for r in failed],
    }
