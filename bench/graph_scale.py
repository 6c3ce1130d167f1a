"""The graph side and the report at scale: where the time goes after the parse.

    python bench/graph_scale.py [ROOT ...] [--cli] [--report OUT.html] [--profile OUT.pstats]
                                [--record bench/results/report_scale.md]

ROOT defaults to the 3M-line corpus (/work/cache/monorepo, when its READY file exists), else to
the tree of symlinks /tmp/bigreport/corpus (stdlib, Django with its tests, SQLAlchemy with its
tests, sympy: ~2.1M lines). The per-file cache lives under --workdir (default
/tmp/bigreport/run), never in the corpus. The first run fills it (the parse); every later run
measures what this benchmark is about: the graph with a warm per-file cache.

In process (CPU-bound, one thread), with wall and CPU seconds per phase:

- load: discovery and the per-file cache entries (the part `--cli` pays before the graph);
- the graph, phase by phase (`codesmell.graph.pipeline` `timings`): index the facts, the
  points-to solve (helper h-callprec's part, reported on its own line), module edges, hub
  weighting and attachments, the clustering graph, Louvain, names, calls, cycles, misplaced;
- output: the JSON text, the graph cache entry (pickle) and its size;
- with --report: the report's view (layout timed on its own), the HTML, its size and the
  embedded JSON's size.

`--cli` also times the real command, `codesmell graph ROOT --format json` with the per-file
cache warm and the graph cache removed first (the "beyond the parse" figure of issue 18), then
again with both warm (what the graph cache saves).
The machine is shared: compare ratios from one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codesmell import __version__  # noqa: E402

MONOREPO = Path("/work/cache/monorepo")
FALLBACK = Path("/tmp/bigreport/corpus")
WORKDIR = Path("/tmp/bigreport/run")
T = TypeVar("T")


def default_roots() -> list[Path]:
    if (MONOREPO / "READY").is_file():
        return sorted(p for p in MONOREPO.iterdir() if p.is_dir() and not p.name.startswith("."))
    return sorted(p for p in FALLBACK.iterdir() if not p.name.startswith("."))


class Phases:
    """Wall and CPU seconds per named step, in the order first seen."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def run(self, name: str, fn: Callable[[], T]) -> T:
        with self.step(name):
            return fn()


def cli_run(args: list[str], workdir: Path) -> tuple[float, float]:
    """(wall, CPU of the child) seconds of one `codesmell` command run in `workdir`."""
    before = os.times()
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "codesmell", *args], cwd=workdir, check=False,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - wall
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help="where the caches live (the run's cwd)")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--cli", action="store_true", help="also time the real commands (warm metrics, graph)")
    parser.add_argument("--report", type=Path, default=None, help="also build the report and write it here")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the graph build (and the report)")
    parser.add_argument("--record", type=Path, default=None, help="append the figures as markdown to this file")
    args = parser.parse_args(argv)
    roots = [p.resolve() for p in args.roots] or default_roots()
    record = args.record.resolve() if args.record else None  # before the chdir below
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(args.workdir)

    from codesmell.api import analyze_paths
    from codesmell.config import load_config
    from codesmell.graph.model import GraphOptions
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.output.graph import render
    from codesmell.run.graphcache import encode_graph, graph_key

    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    cli: dict[str, tuple[float, float]] = {}
    if args.cli:
        paths = [str(p) for p in roots]
        shutil.rmtree(args.workdir / ".codesmell_cache" / __version__ / "graph", ignore_errors=True)
        cli["graph (warm files, cold graph)"] = cli_run(
            ["graph", *paths, "--format", "json", "-j", str(args.jobs), "-o", str(args.workdir / "graph.json")],
            args.workdir)
        cli["graph (all warm)"] = cli_run(
            ["graph", *paths, "--format", "json", "-j", str(args.jobs), "-o", str(args.workdir / "graph.json")],
            args.workdir)

    config = load_config(None, start=args.workdir)
    phases = Phases()
    results = phases.run("load (discovery + per-file cache)", lambda: analyze_paths(
        roots, config=config, jobs=args.jobs, cache=True, with_graph=True))
    lines_total = sum(r.lines for r in results)
    options = GraphOptions()
    timings: dict[str, float] = {}
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    with phases.step("graph"):
        graph = graph_of_results(results, options, timings)
    with phases.step("graph cache entry"):
        entry = encode_graph(graph_key(results, options), graph)
    text = phases.run("JSON text", lambda: render(graph, "json"))
    view_info: dict[str, Any] = {}
    if args.report:
        view_info = build_report(results, config, graph, roots, args.report, phases)
    if profile:
        profile.disable()
        profile.dump_stats(str(args.profile))

    stats = graph.stats
    say(f"{len(results)} files, {lines_total:,} lines, {stats.modules:,} modules, {len(graph.edges):,} edges, "
        f"{len(graph.calls):,} calls, {len(graph.communities):,} communities, {len(graph.levels)} levels, "
        f"{len(graph.cycles)} cycles, {len(graph.misplaced)} misplaced")
    say("")
    say("| phase | CPU s | wall s |")
    say("|---|---:|---:|")
    for name in phases.wall:
        say(f"| {name} | {phases.cpu[name]:.2f} | {phases.wall[name]:.2f} |")
        if name == "graph":
            for phase, seconds in timings.items():
                say(f"| &nbsp;&nbsp;{phase} | {seconds:.2f} | |")
    pointsto = sum(seconds for phase, seconds in timings.items() if phase.startswith("points-to"))
    ours = phases.cpu["graph"] - pointsto
    say("")
    say(f"graph without the points-to solve: {ours:.2f} s CPU; points-to {pointsto:.2f} s; "
        f"graph cache entry {len(entry) / 1e6:.1f} MB; JSON {len(text.encode()) / 1e6:.1f} MB")
    if view_info:
        say(f"report: {view_info['bytes'] / 1e6:.1f} MB HTML, {view_info['json_bytes'] / 1e6:.1f} MB of it parsed at start-up, "
            f"{view_info['modules']:,} modules, {view_info['nodes']:,} tree nodes, {view_info['functions']:,} "
            f"flagged functions, {view_info['edges']:,} links")
    for name, (wall, cpu) in cli.items():
        say(f"`codesmell {name}`: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(json.dumps({"timings": timings, "wall": phases.wall, "cpu": phases.cpu}, indent=1), file=sys.stderr)
    if record:
        with record.open("a", encoding="utf-8") as handle:
            stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            handle.write(f"\n### {stamp}: `python bench/graph_scale.py {' '.join(str(r) for r in roots)}`\n\n"
                         + "\n".join(lines) + "\n")
    return 0


def build_report(results: Any, config: Any, graph: Any, roots: list[Path], output: Path,
                 phases: Phases) -> dict[str, Any]:
    """The report of the run, its view (layout on its own line) and its HTML, timed."""
    from codesmell.report import data as report_data
    from codesmell.report.document import report_title
    from codesmell.report.html import render_html, script_json, split_sources

    real = report_data.build_layout  # type: ignore[attr-defined]

    def timed(*a: Any, **k: Any) -> Any:
        with phases.step("report: layout"):
            return real(*a, **k)

    report_data.build_layout = timed  # type: ignore[attr-defined]
    try:
        with phases.step("report: view (layout included)"):
            view = report_data.build_view(results, config, graph, seed=graph.options.seed,
                                          title=report_title([str(r) for r in roots]), roots=[str(r) for r in roots])
    finally:
        report_data.build_layout = real  # type: ignore[attr-defined]
    html = phases.run("report: HTML", lambda: render_html(view))
    output.write_text(html, encoding="utf-8")
    startup, _ = split_sources(view.data)
    return {"bytes": len(html.encode()), "json_bytes": len(script_json(startup).encode()),
            "modules": len(view.data["modules"]), "nodes": len(view.data["graph"]["nodes"]),
            "functions": len(view.data["functions"]), "edges": len(view.data["edges"])}


if __name__ == "__main__":
    raise SystemExit(main())
