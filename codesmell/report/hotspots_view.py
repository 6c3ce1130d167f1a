"""The report's "Hotspots" view: which long functions to split first, with history (pure, no HTML templates).

A scatter of change frequency (commits touching the function in the window)
against its priority (the long-method verdict's 0-100 figure), one dot per
function, with the top right corner named; and the top functions by hotspot,
each with a sparkline of its SLOC across the window. The SVG is built here as
strings: every text in them (names, paths) is escaped, every number formatted
to one decimal, so the same history gives the same bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from html import escape
from typing import Any

from codesmell.config import Config
from codesmell.history.hotspots import churn_index, churn_per_function
from codesmell.history.model import FunctionHistory, History, Point
from codesmell.history.series import function_keys
from codesmell.model import FileResult
from codesmell.rules.verdict import CHURN_HALF, assess, hotspot, warning_priority

TOP = 12  # functions in the table with sparklines
MAX_DOTS = 600  # the scatter keeps the highest hotspots, then priorities, beyond this
WIDTH, HEIGHT = 560, 330
LEFT, RIGHT, TOP_PAD, BOTTOM = 46, 14, 14, 40
COLOURS = {"ok": "#8a94a3", "warning": "#e0a100", "critical": "#d1343a"}
CORNER = "split first: hard to read and changed often"


def _n(value: float) -> str:
    """A coordinate to one decimal, without a trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _jitter(key: str) -> float:
    """A deterministic offset in [-0.25, 0.25] commit, so functions with equal counts do not hide each other."""
    return (zlib.crc32(key.encode("utf-8", "surrogateescape")) % 1000) / 1000 * 0.5 - 0.25


def _rows(results: Sequence[FileResult], config: Config, history: History) -> list[dict[str, Any]]:
    index = churn_index(history)
    rows: list[dict[str, Any]] = []
    for result in sorted(results, key=lambda r: r.path):
        thresholds = config.for_path(result.path).thresholds
        keys = function_keys(result.functions)
        for function, churn, key in zip(result.functions, churn_per_function(result, index), keys, strict=True):
            verdict, priority = assess(function, thresholds)
            rows.append({
                "qualname": function.qualname, "path": result.path, "line": function.line,
                "commits": churn.commits, "authors": churn.authors, "priority": priority,
                "hotspot": hotspot(priority, churn.commits), "verdict": verdict,
                "history": index.get((result.path, *key)),
            })
    rows.sort(key=lambda r: (-r["hotspot"], -r["priority"], r["path"], r["line"]))
    return rows


def scatter_svg(rows: Sequence[dict[str, Any]], split_priority: float, since: str) -> str:
    """Change frequency (x) against priority (y); the corner above both split lines is named."""
    x_max: int = max([CHURN_HALF * 2, *(int(r["commits"]) + 1 for r in rows)])
    top_priority = max((float(r["priority"]) for r in rows), default=0.0)
    y_max = max(60.0, min(100.0, (top_priority // 10 + 1) * 10))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP_PAD - BOTTOM

    def x(commits: float) -> float:
        return LEFT + plot_w * commits / x_max

    def y(priority: float) -> float:
        return TOP_PAD + plot_h * (1 - priority / y_max)

    out = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" role="img" class="hotspots-scatter" '
           f'aria-label="change frequency against priority per function" font-size="10" '
           f'font-family="system-ui, sans-serif">']
    cx, cy = x(CHURN_HALF), y(split_priority)
    out.append(f'<rect x="{_n(cx)}" y="{_n(TOP_PAD)}" width="{_n(LEFT + plot_w - cx)}" height="{_n(cy - TOP_PAD)}" '
               f'fill="#d1343a" fill-opacity="0.07"/>')
    out.append(f'<text x="{_n(LEFT + plot_w - 4)}" y="{_n(TOP_PAD + 12)}" text-anchor="end" fill="#a3262b" '
               f'font-weight="600">{escape(CORNER)}</text>')
    out.append(f'<line x1="{LEFT}" y1="{_n(TOP_PAD + plot_h)}" x2="{_n(LEFT + plot_w)}" y2="{_n(TOP_PAD + plot_h)}" '
               f'stroke="#66707c"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP_PAD}" x2="{LEFT}" y2="{_n(TOP_PAD + plot_h)}" stroke="#66707c"/>')
    out.append(f'<line x1="{_n(cx)}" y1="{TOP_PAD}" x2="{_n(cx)}" y2="{_n(TOP_PAD + plot_h)}" stroke="#b0b7c0" '
               f'stroke-dasharray="3 3"/>')
    out.append(f'<line x1="{LEFT}" y1="{_n(cy)}" x2="{_n(LEFT + plot_w)}" y2="{_n(cy)}" stroke="#b0b7c0" '
               f'stroke-dasharray="3 3"/>')
    step = max(1, -(-x_max // 8))
    for tick in range(0, x_max + 1, step):
        out.append(f'<text x="{_n(x(tick))}" y="{_n(TOP_PAD + plot_h + 13)}" text-anchor="middle" '
                   f'fill="#66707c">{tick}</text>')
    for tick in range(0, int(y_max) + 1, 20):
        out.append(f'<text x="{LEFT - 5}" y="{_n(y(tick) + 3)}" text-anchor="end" fill="#66707c">{tick}</text>')
    out.append(f'<text x="{_n(LEFT + plot_w / 2)}" y="{HEIGHT - 6}" text-anchor="middle" fill="#38404a">'
               f'{escape(f"commits touching the function since {since}")}</text>')
    out.append(f'<text transform="translate(11 {_n(TOP_PAD + plot_h / 2)}) rotate(-90)" text-anchor="middle" '
               f'fill="#38404a">priority (long-method verdict)</text>')
    for row in sorted(rows, key=lambda r: (r["hotspot"], r["priority"], r["path"], r["line"])):
        jitter = _jitter(f"{row['path']}:{row['qualname']}:{row['line']}") if row["commits"] else 0.0
        title = (f"{row['qualname']} ({row['path']}:{row['line']}): {row['commits']} commits, "
                 f"{row['authors']} authors, priority {row['priority']}, hotspot {row['hotspot']}")
        out.append(f'<circle cx="{_n(x(max(row["commits"] + jitter, 0)))}" cy="{_n(y(row["priority"]))}" r="3.5" '
                   f'fill="{COLOURS.get(row["verdict"], COLOURS["ok"])}" fill-opacity="0.75">'
                   f'<title>{escape(title)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def sparkline_svg(function: FunctionHistory | None, commits: Sequence[str], width: int = 110, height: int = 26) -> str:
    """The function's SLOC across the window as a step line (each point holds until the next)."""
    if function is None or not function.series or not commits:
        return ""
    position = {sha: i for i, sha in enumerate(commits)}
    points: list[tuple[int, Point]] = [(position[p.commit], p) for p in function.series if p.commit in position]
    if not points:
        return ""
    low = min(p.sloc for _, p in points)
    high = max(p.sloc for _, p in points)
    span = max(high - low, 1)
    last_index = max(len(commits) - 1, 1)

    def at(index: int, sloc: int) -> str:
        return f"{_n(2 + (width - 4) * index / last_index)},{_n(height - 3 - (height - 6) * (sloc - low) / span)}"

    coords = [at(points[0][0], points[0][1].sloc)]
    for (index, point), (_, before) in zip(points[1:], points[:-1], strict=True):
        coords.append(at(index, before.sloc))
        coords.append(at(index, point.sloc))
    end = points[-1][1]
    coords.append(at(len(commits) - 1, end.sloc))
    first = points[0][1]
    title = (f"SLOC {first.sloc} → {end.sloc}, cognitive {first.cognitive} → {end.cognitive} "
             f"over {len(commits)} commits ({len(points)} changes)")
    colour = COLOURS.get(end.verdict, COLOURS["ok"])
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" class="sparkline" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="{colour}" stroke-width="1.5"/></svg>')


def hotspots_view(results: Sequence[FileResult], config: Config, history: History, since: str) -> dict[str, Any]:
    """What the partial `_hotspots.html.j2` renders: the scatter, the top table, the window."""
    rows = _rows(results, config, history)
    dots = [r for r in rows if r["commits"] or r["verdict"] != "ok"][:MAX_DOTS]
    commits = [c.sha for c in history.commits]
    top = []
    for row in [r for r in rows if r["hotspot"] > 0][:TOP]:
        top.append({key: row[key] for key in ("qualname", "path", "line", "commits", "authors", "priority",
                                              "hotspot", "verdict")}
                   | {"spark": sparkline_svg(row["history"], commits)})
    return {
        # every function's (path, line) -> [commits, hotspot], for the overview's "Split first"
        "churn": {(r["path"], r["line"]): [r["commits"], r["hotspot"]] for r in rows},
        "since": since,
        "commits": len(commits),
        "first": history.commits[0].date[:10] if history.commits else "",
        "last": history.commits[-1].date[:10] if history.commits else "",
        "dots": len(dots),
        "scatter": scatter_svg(dots, warning_priority(config.thresholds), since),
        "top": top,
        "half": CHURN_HALF,
        "corner": CORNER,
    }
