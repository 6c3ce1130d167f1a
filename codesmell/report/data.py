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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from codesmell.config import Config
from codesmell.model import FileResult, FunctionMetrics, Suggestion
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

Partition = dict[str, int]


@dataclass(frozen=True)
class View:
    data: dict[str, Any]  # embedded as JSON
    tables: dict[str, Any]  # rendered by the template


# ---------------------------------------------------------------- partitions


def _partition_of(item: Any, names: set[str]) -> Partition | None:
    """Read one dendrogram level in any of the shapes a graph document may use."""
    if isinstance(item, Mapping):
        for key in ("communities", "partition", "modules"):
            if key in item:
                return _partition_of(item[key], names)
        if item and all(isinstance(k, str) and k in names for k in item):
            return {k: _community_key(v) for k, v in item.items()}
        return None
    if isinstance(item, list):
        partition: Partition = {}
        for index, group in enumerate(item):
            if isinstance(group, Mapping) and "modules" in group:
                members, cid = group["modules"], group.get("id", index)
            elif isinstance(group, list):
                members, cid = group, index
            else:
                return None
            for member in members:
                partition[str(member)] = _community_key(cid) if not isinstance(cid, str) else index
        return partition
    return None


def _community_key(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) else hash(str(value)) & 0x7FFFFFFF


def _split_disconnected(partition: Partition, graph: nx.Graph, names: Sequence[str]) -> list[list[str]]:
    """Communities as sorted member lists, each split into its connected parts.

    Louvain can return a community whose members are not linked to each other;
    the report never shows such a group as one community.
    """
    groups: dict[int, list[str]] = defaultdict(list)
    next_id = max(partition.values(), default=0) + 1
    for name in names:
        if name in partition:
            groups[partition[name]].append(name)
        else:
            groups[next_id] = [name]
            next_id += 1
    result: list[list[str]] = []
    for members in groups.values():
        if len(members) == 1:
            result.append(members)
            continue
        for part in nx.connected_components(graph.subgraph(members)):
            result.append(sorted(part))
    result.sort(key=lambda members: (-len(members), members[0]))
    return result


# ---------------------------------------------------------------- layout


def _layout(names: Sequence[str], graph: nx.Graph, groups: list[list[str]], seed: int) -> tuple[
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


def _package(name: str, is_package: bool) -> str:
    return name if is_package else name.rpartition(".")[0]


def _cycles(document: Mapping[str, Any], names: set[str],
            import_edges: Iterable[tuple[str, str]]) -> list[dict[str, list[str]]]:
    """Import cycles as {modules: the strongly connected set, example: one closed path}."""
    given = document.get("cycles")
    cycles: list[dict[str, list[str]]] = []
    if isinstance(given, list):
        for item in given:
            if isinstance(item, Mapping):
                members = [str(m) for m in item.get("modules") or item.get("example") or []]
                example = [str(m) for m in item.get("example") or []]
            else:
                members, example = [str(m) for m in item], []
            if members:
                cycles.append({"modules": sorted(members), "example": example})
    else:
        directed = nx.DiGraph()
        directed.add_edges_from(sorted(e for e in import_edges if e[0] in names and e[1] in names))
        for component in nx.strongly_connected_components(directed):
            if len(component) > 1:
                members = sorted(component)
                cycles.append({"modules": members, "example": []})
    return sorted(cycles, key=lambda c: (-len(c["modules"]), c["modules"]))


def _misplaced_given(document: Mapping[str, Any]) -> dict[str, str] | None:
    for key in ("misplaced", "misplaced_modules"):
        given = document.get(key)
        if isinstance(given, list):
            found: dict[str, str] = {}
            for item in given:
                if isinstance(item, str):
                    found[item] = ""
                elif isinstance(item, Mapping):
                    name = item.get("module") or item.get("name")
                    if name:
                        package = item.get("package") or "(top level)"
                        why = f"lives in {package}; its community is mostly {item.get('dominant_package') or '(top level)'}" \
                            if "dominant_package" in item else str(item.get("reason") or package)
                        found[str(name)] = why
            return found
    return None


def build_view(results: Sequence[FileResult], config: Config, document: Mapping[str, Any],
               seed: int = 42, title: str = "codesmell report") -> View:
    """Everything the page shows, from analysis results and the graph document."""
    results = sorted(results, key=lambda r: r.path)
    by_module = {r.module: r for r in results}
    doc_modules = sorted(document.get("modules", []), key=lambda m: m["name"])
    names = [m["name"] for m in doc_modules]
    name_set = set(names)
    paths = {m["name"]: m.get("path", "") for m in doc_modules}

    # edges: one per unordered pair for drawing, directed for fan-in/out and cycles
    pair_weight: dict[tuple[str, str], float] = defaultdict(float)
    pair_kind: dict[tuple[str, str], int] = defaultdict(int)
    fan_out: dict[str, set[str]] = defaultdict(set)
    fan_in: dict[str, set[str]] = defaultdict(set)
    import_edges: list[tuple[str, str]] = []
    for edge in document.get("edges", []):
        s, t = str(edge["source"]), str(edge["target"])
        if s not in name_set or t not in name_set or s == t:
            continue
        key = (s, t) if s < t else (t, s)
        pair_weight[key] += float(edge.get("weight", 1))
        pair_kind[key] |= 2 if edge.get("kind") == "call" else 1
        fan_out[s].add(t)
        fan_in[t].add(s)
        if edge.get("kind", "import") == "import":
            import_edges.append((s, t))
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for (a, b), weight in sorted(pair_weight.items()):
        graph.add_edge(a, b, weight=weight)

    # levels: the document's dendrogram plus its final partition, each split into connected parts
    final = _partition_of(document.get("communities", []), name_set) or {
        m["name"]: _community_key(m.get("community", 0)) for m in doc_modules}
    raw_levels = [p for p in (_partition_of(item, name_set) for item in document.get("levels", []) or []) if p]
    level_groups = [_split_disconnected(p, graph, names) for p in raw_levels]
    final_groups = _split_disconnected(final, graph, names)
    if final_groups in level_groups:
        default_level = level_groups.index(final_groups)
    else:
        level_groups.append(final_groups)
        default_level = len(level_groups) - 1

    positions, circles = _layout(names, graph, final_groups, seed) if names else ({}, [])
    module_index = {name: i for i, name in enumerate(names)}
    is_pkg = {name: bool(getattr(by_module.get(name), "graph", None) and by_module[name].graph.is_package)
              or Path(paths.get(name, "")).name == "__init__.py" for name in names}
    packages = {m["name"]: str(m["package"]) if "package" in m else _package(m["name"], is_pkg[m["name"]])
                for m in doc_modules}

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

    cycles = _cycles(document, name_set, import_edges)
    tables = _tables(results, rows, final_groups, graph, packages, document, cycles, default_level,
                     levels_json[default_level]["communities"] if levels_json else [])
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
    }
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
            packages: dict[str, str], document: Mapping[str, Any], cycles: list[dict[str, list[str]]],
            default_level: int, community_json: list[dict[str, Any]]) -> dict[str, Any]:
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

    # misplaced: the graph's own verdict when it gives one, else a module whose package
    # mostly lives in another community it is less tied to than its own
    given = _misplaced_given(document)
    home: dict[str, int] = {}
    by_package: dict[str, list[str]] = defaultdict(list)
    for name, package in packages.items():
        by_package[package].append(name)
    for package, members in by_package.items():
        if package and len(members) >= 2:
            home[package] = min(Counter(index[m] for m in members).items(), key=lambda kv: (-kv[1], kv[0]))[0]
    misplaced: dict[int, list[dict[str, str]]] = defaultdict(list)
    for name in sorted(packages):
        package = packages[name]
        own = index[name]
        if given is not None:
            if name in given:
                misplaced[own].append({"module": name, "why": given[name] or f"package {package or '(top level)'}"})
            continue
        if package not in home or home[package] == own:
            continue
        tie_own = sum(w for n, w in ((n, graph[name][n].get("weight", 1.0)) for n in graph[name]) if index[n] == own)
        tie_home = sum(w for n, w in ((n, graph[name][n].get("weight", 1.0)) for n in graph[name])
                       if index[n] == home[package])
        if tie_own > tie_home:
            misplaced[own].append({"module": name, "why": f"{package} lives mostly in C{home[package] + 1}"})

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
    modularity = document.get("modularity")
    overview = {
        "files": len(results), "failed": len(failed), "functions": len(functions),
        "critical": tiers.get(2, 0), "warning": tiers.get(1, 0),
        "modules": len(packages), "communities": sum(1 for g in groups if len(g) > 1),
        "singletons": sum(1 for g in groups if len(g) == 1),
        "modularity": None if modularity is None else f"{float(modularity):.3f}",
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
