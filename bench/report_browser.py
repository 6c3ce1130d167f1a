"""The report's size, build time and speed in headless Chromium, on the standard library and on Django.

    python bench/report_browser.py [--stdlib] [--django] [--runs 3] [--record bench/results/report.md]

For each project: analyse (cached, every core), build the module graph, build the view (the
graph layout timed on its own), render the HTML and write it; then open the file in headless
Chromium `--runs` times (time to the page's ready mark) and time what a person does on the
graph: open the largest community, go back up, zoom with the wheel, hover a module. A latency
is the time from the event to the next frame painted (a requestAnimationFrame, then a task).
Chromium is the system's (/usr/bin/chromium), driven by Playwright from PyPI.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_symlink_tree  # noqa: E402

from codesmell.api import analyze_paths  # noqa: E402
from codesmell.config import load_config  # noqa: E402
from codesmell.graph.model import GraphOptions  # noqa: E402
from codesmell.graph.pipeline import graph_of_results  # noqa: E402
from codesmell.report import data as report_data  # noqa: E402
from codesmell.report.document import report_title  # noqa: E402
from codesmell.report.html import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DJANGO_SDIST = Path("/work/cache/pypi/Django-5.1.4.tar.gz")
DJANGO_SRC = Path("/work/cache/src/Django-5.1.4")
NEXT_PAINT = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def stdlib_tree() -> Path:
    existing = Path("/tmp/stdcorpus/lib")
    if existing.is_dir():
        return existing
    target = Path(tempfile.mkdtemp(prefix="stdcorpus-")) / "lib"
    build_symlink_tree(target)
    return target


def django_tree() -> Path:
    if not DJANGO_SRC.is_dir():
        with tarfile.open(DJANGO_SDIST) as archive:
            archive.extractall(DJANGO_SRC.parent, filter="data")
    return DJANGO_SRC


def build(project: Path, output: Path) -> dict[str, Any]:
    """Analyse (cached), cluster, lay out and render one project's report; the phases' seconds and the size."""
    config = load_config(None, start=project)
    started = time.perf_counter()
    results = analyze_paths([project], config=config, jobs=0, cache=True, with_graph=True)
    analysed = time.perf_counter()
    graph = graph_of_results(results, GraphOptions())
    clustered = time.perf_counter()
    layout_seconds = [0.0]
    real = report_data.build_layout  # type: ignore[attr-defined]

    def timed(*args: Any, **kwargs: Any) -> Any:
        begin = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            layout_seconds[0] += time.perf_counter() - begin

    report_data.build_layout = timed  # type: ignore[attr-defined]
    try:
        view = report_data.build_view(results, config, graph, seed=graph.options.seed, title=report_title([project.name]))
    finally:
        report_data.build_layout = real  # type: ignore[attr-defined]
    viewed = time.perf_counter()
    html = render_html(view)
    output.write_text(html, encoding="utf-8")
    written = time.perf_counter()
    return {
        "files": len(results), "modules": len(view.data["modules"]), "edges": len(view.data["edges"]),
        "nodes": len(view.data["graph"]["nodes"]), "bytes": output.stat().st_size,
        "analyse_s": analysed - started, "graph_s": clustered - analysed, "view_s": viewed - clustered,
        "layout_s": layout_seconds[0], "render_s": written - viewed,
    }


def synthetic_layout(modules: int) -> str:
    """Lay out a made-up three-level dendrogram of `modules` modules: seconds, and overlapping module pairs."""
    import math
    from itertools import chain

    from codesmell.report.layout import build_layout

    names = [f"p{i % 97:02d}.sub{i % 13}.m{i:05d}" for i in range(modules)]
    names.sort()
    fine = [names[i:i + 1 + (i * 7919) % 37] for i in range(0, modules, 19)]
    fine = [[n for n in group if n] for group in fine]
    seen: set[str] = set()
    fine = [[n for n in g if not (n in seen or seen.add(n))] for g in fine]  # type: ignore[func-returns-value]
    fine = [g for g in fine if g] + [[n] for n in names if n not in seen]
    middle = [list(chain.from_iterable(fine[i:i + 4])) for i in range(0, len(fine), 4)]
    coarse = [list(chain.from_iterable(middle[i:i + 5])) for i in range(0, len(middle), 5)]
    radius = {n: 2.5 + 1.6 * math.log2(1 + ((i * 31) % 900) / 60) for i, n in enumerate(names)}
    begin = time.perf_counter()
    layout = build_layout([fine, middle, coarse], names, radius, {n: n.rsplit(".", 1)[0] for n in names})
    seconds = time.perf_counter() - begin
    cells: dict[tuple[int, int], list[str]] = {}
    for n, (x, y) in layout.positions.items():
        cells.setdefault((int(x // 30), int(y // 30)), []).append(n)
    overlaps = 0
    for (cx, cy), members in cells.items():
        near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in cells.get((cx + dx, cy + dy), [])]
        for a in members:
            ax, ay = layout.positions[a]
            for b in near:
                if a < b:
                    bx, by = layout.positions[b]
                    if math.hypot(ax - bx, ay - by) < radius[a] + radius[b] - 1e-6:
                        overlaps += 1
    return f"synthetic {modules} modules, {len(layout.nodes)} tree nodes: layout {seconds:.2f} s, {overlaps} overlapping pairs"


def latency(page: Any, action: str) -> float:
    """Milliseconds from running `action` (JS) to the next painted frame."""
    return float(page.evaluate(f"""async () => {{
        const t0 = performance.now();
        {action};
        await {NEXT_PAINT};
        return performance.now() - t0;
    }}"""))


def browse(browser: Any, path: Path, runs: int) -> dict[str, Any]:
    loads: list[float] = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        begin = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']")
        page.evaluate(NEXT_PAINT)
        loads.append(time.perf_counter() - begin)
        if errors:
            raise SystemExit(f"page error in {path}: {errors}")
        page.close()

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']")
    page.evaluate("document.getElementById('graph').scrollIntoView({behavior: 'instant'})")
    largest = page.evaluate("""(() => { const n = JSON.parse(document.getElementById('report-data').textContent).graph.nodes;
        let best = -1; n.forEach((x, i) => { if (x.p === 0 && x.k === 'c' && (best < 0 || x.n > n[best].n)) best = i; });
        return best; })()""")
    box = page.locator("#graph-svg").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    actions: dict[str, Callable[[], float]] = {
        "open a community": lambda: latency(page, f"document.querySelector(\"circle.hull[data-t='{largest}']\")"
                                                  ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"),
        "back to the top": lambda: latency(page, "document.querySelector('#crumbs button').click()"),
        "zoom (wheel)": lambda: latency(page, f"document.getElementById('graph-svg').dispatchEvent(new WheelEvent("
                                              f"'wheel', {{deltaY: -240, clientX: {cx}, clientY: {cy}, bubbles: true,"
                                              " cancelable: true}))"),
        "hover a module": lambda: latency(page, "document.querySelector('circle.node').dispatchEvent("
                                                "new MouseEvent('mouseover', {bubbles: true, clientX: 300, clientY: 300}))"),
    }
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(5):
        for name, act in actions.items():
            timings[name].append(act())
    page.close()
    return {"load_s": loads, "ms": timings}


def open_only(files: list[Path], runs: int, record: Path | None) -> int:
    """Open already written reports: size, embedded start-up JSON, open time, latencies."""
    import re

    from playwright.sync_api import sync_playwright

    lines = ["| report | HTML | start-up JSON | modules | open (median, max) | open a community | back up | zoom | hover |",
             "|---|---|---|---|---|---|---|---|---|"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in files:
            html = path.read_text(encoding="utf-8")
            data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
            startup = len(data.group(1).encode()) if data else 0
            modules = html.count('"lbl":')
            seen = browse(browser, path, runs)
            ms = {k: (statistics.median(v), max(v)) for k, v in seen["ms"].items()}
            lines.append(f"| {path.name} | {len(html.encode()) / 1e6:.1f} MB | {startup / 1e6:.1f} MB | {modules:,} | "
                         f"{statistics.median(seen['load_s']):.2f} s ({max(seen['load_s']):.2f}) | "
                         + " | ".join(f"{ms[a][0]:.0f} ms (max {ms[a][1]:.0f})" for a in seen["ms"]) + " |")
            print(lines[-1], flush=True)
        browser.close()
    print("\n".join(lines))
    if record:
        with record.open("a", encoding="utf-8") as handle:
            handle.write("\n" + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()) + "\n\n" + "\n".join(lines) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stdlib", action="store_true", help="the standard library (734 files)")
    parser.add_argument("--django", action="store_true", help="Django 5.1.4 from its sdist (~2,800 files)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per report")
    parser.add_argument("--out", type=Path, default=None, help="where to write the reports (default: a temp dir)")
    parser.add_argument("--record", type=Path, default=None, help="append the figures as markdown to this file")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="only time the layout of a made-up dendrogram of N modules")
    parser.add_argument("--html", type=Path, nargs="+", default=None, metavar="FILE",
                        help="only open these reports (e.g. the 3M-line one bench/graph_scale.py --report writes)")
    args = parser.parse_args(argv)
    if args.synthetic:
        print(synthetic_layout(args.synthetic))
        return 0
    if args.html:
        return open_only(args.html, args.runs, args.record)
    projects = [name for name, on in (("stdlib", args.stdlib), ("django", args.django)) if on] or ["stdlib", "django"]
    out = args.out or Path(tempfile.mkdtemp(prefix="report-bench-"))
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    lines = ["| project | files | modules | tree nodes | HTML | analyse | graph | view (layout) | render | "
             "open (median of runs) | open a community | back up | zoom | hover |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in projects:
            tree = stdlib_tree() if name == "stdlib" else django_tree()
            output = out / f"{name}.html"
            built = build(tree, output)
            seen = browse(browser, output, args.runs)
            ms = {k: (statistics.median(v), max(v)) for k, v in seen["ms"].items()}
            print(f"{name}: {built['files']} files, {built['modules']} modules, {built['edges']} links, "
                  f"{built['nodes']} tree nodes; {built['bytes'] / 1e6:.2f} MB -> {output}")
            print(f"  build: analyse {built['analyse_s']:.1f}s (cached), graph {built['graph_s']:.1f}s, "
                  f"view {built['view_s']:.2f}s of which layout {built['layout_s']:.2f}s, render {built['render_s']:.2f}s")
            print("  open in Chromium: " + ", ".join(f"{s:.2f}s" for s in seen["load_s"]))
            for action, (median, worst) in ms.items():
                print(f"  {action}: median {median:.1f} ms, worst {worst:.1f} ms")
            lines.append(
                f"| {name} | {built['files']} | {built['modules']} | {built['nodes']} | {built['bytes'] / 1e6:.2f} MB | "
                f"{built['analyse_s']:.1f} s | {built['graph_s']:.1f} s | {built['view_s']:.2f} s "
                f"({built['layout_s']:.2f} s) | {built['render_s']:.2f} s | "
                f"{statistics.median(seen['load_s']):.2f} s | "
                + " | ".join(f"{ms[a][0]:.0f} ms (max {ms[a][1]:.0f})" for a in seen["ms"]) + " |")
        browser.close()
    print("\n".join(lines))
    if args.record:
        with args.record.open("a", encoding="utf-8") as handle:
            handle.write("\n" + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()) + "\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
