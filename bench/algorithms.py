"""Louvain (python-louvain) against Leiden (leidenalg) on codesmell's own graphs (issue 18).

```
python bench/algorithms.py                       # stdlib + the 3M-line corpus, 3 repeats
python bench/algorithms.py --repeats 5 --write   # ... and rewrite bench/results/algorithms.md
python bench/algorithms.py --corpus DIR ...      # another big corpus (several DIRs allowed)
```

Graphs, each the undirected weighted graph codesmell clusters:
- the standard library's module graph (`codesmell graph`'s clustering graph: import and
  call edges with the default weights and hub factor, code-less modules attached), and its
  function-level call graph (below);
- the big corpus's module graph, the same way;
- the big corpus's function-level call graph (`codesmell graph --level function`'s graph):
  one node per function or module body that calls or is called, one edge per pair of
  functions that call each other (weight 1 per direction, recursion left out).

The big corpus is the 3M-line tree of bench/monorepo.py (/work/cache/monorepo, used once
its READY exists; its `stdlib/` is then the standard library, the 734 files of
bench/corpus.py); else Django, SQLAlchemy and sympy unpacked under /work/cache/src.

Per graph and algorithm: the modularity of the reported (last) level, by codesmell's own
`modularity` (the same function for both, resolution 1), the number of communities, the
levels, how many communities the algorithm itself returned disconnected before codesmell's
`split_disconnected` repair (last level, and summed over all levels), and the wall time of
clustering alone: the algorithm plus codesmell's split and scoring of every level, the
median of `--repeats` runs (one run when it takes longer than `--long-run` seconds), all in one process on one machine state, so the ratio of the
two is the figure to read on a shared machine. A Louvain run longer than `--timeout`
seconds is stopped and reported as such (python-louvain is pure Python, so it can be
interrupted; leidenalg's C++ cannot, and needs no timeout here).

Analysis results are cached by content under /work/cache/bench-algorithms (no file is
written in the corpus).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

import networkx as nx  # noqa: E402

from codesmell.graph.communities import (  # noqa: E402
    Partition,
    groups_of,
    modularity,
    number_communities,
    scored_levels,
)

MONOREPO = Path("/work/cache/monorepo")
DEV_CORPUS = [Path("/work/cache/src") / name for name in ("Django-5.1.4", "sqlalchemy-2.0.36", "sympy-1.13.3")]
CACHE = Path(os.environ.get("CODESMELL_BENCH_CACHE", "/work/cache/bench-algorithms"))
RESULTS = BENCH_DIR / "results" / "algorithms.md"
ALGORITHMS = ("louvain", "leiden")
SEED = 42


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Timeout` in this (main) thread after `seconds` of wall time."""

    def expire(signum: int, frame: Any) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ the raw partitions


def louvain_raw(graph: nx.Graph) -> list[Partition]:
    """python-louvain's dendrogram levels as codesmell numbers them, before the split."""
    import community as community_louvain

    dendrogram = community_louvain.generate_dendrogram(graph, weight="weight", resolution=1.0, random_state=SEED)
    return [
        number_communities(groups_of(community_louvain.partition_at_level(dendrogram, index)))
        for index in range(len(dendrogram))
    ]


def leiden_raw(graph: nx.Graph) -> list[Partition]:
    """codesmell's Leiden levels (leidenalg), before the (no-op) split."""
    from codesmell.graph.leiden import leiden_memberships

    nodes, memberships = leiden_memberships(graph.nodes, graph.edges(data="weight", default=1.0), SEED, 1.0)
    return [number_communities(groups_of(dict(zip(nodes, labels, strict=True)))) for labels in memberships]


RAW: dict[str, Callable[[nx.Graph], list[Partition]]] = {"louvain": louvain_raw, "leiden": leiden_raw}


def disconnected(graph: nx.Graph, partition: Partition) -> int:
    return sum(1 for group in partition if len(group) > 1 and not nx.is_connected(graph.subgraph(group)))


@dataclass
class Row:
    graph: str
    nodes: int
    edges: int
    algorithm: str
    communities: int = 0
    modularity: float = 0.0
    raw_modularity: float = 0.0  # before the split
    levels: int = 0
    disconnected_last: int = 0
    disconnected_all: int = 0
    singletons: int = 0
    times: list[float] = field(default_factory=list)  # the algorithm plus codesmell's split and scoring
    raw_times: list[float] = field(default_factory=list)  # the algorithm alone
    timed_out: float | None = None  # the limit, when the first run hit it

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def raw_median(self) -> float:
        return statistics.median(self.raw_times) if self.raw_times else float("nan")


def measure(name: str, graph: nx.Graph, algorithm: str, repeats: int, timeout: float, long_run: float) -> Row:
    """One algorithm on one graph: figures from the first run, the median time of `repeats`."""
    row = Row(name, graph.number_of_nodes(), graph.number_of_edges(), algorithm)
    for attempt in range(repeats):
        start = time.perf_counter()
        try:
            with time_limit(timeout) if algorithm == "louvain" else contextlib.nullcontext():
                raw = RAW[algorithm](graph)
                middle = time.perf_counter()
                clustering = scored_levels(graph, raw)
        except Timeout:
            row.timed_out = timeout
            return row
        row.times.append(time.perf_counter() - start)
        row.raw_times.append(middle - start)
        if attempt == 0:
            final = clustering.final.communities
            row.communities = len(final)
            row.modularity = clustering.final.modularity
            row.raw_modularity = modularity(graph, raw[-1])
            row.levels = len(clustering.levels)
            row.disconnected_last = disconnected(graph, raw[-1])
            row.disconnected_all = sum(disconnected(graph, partition) for partition in raw)
            row.singletons = sum(1 for group in final if len(group) == 1)
        print(f"  {name} {algorithm} run {attempt + 1}: {row.raw_times[-1]:.2f} s, {row.times[-1]:.2f} s with scoring",
              file=sys.stderr, flush=True)
        if row.times[-1] > long_run:  # repeating would take too long on a shared machine: one run is the figure
            break
    return row


# ------------------------------------------------------------------ the graphs


def analyse(paths: Sequence[Path], jobs: int, label: str, without_tests: bool = False) -> list[Any]:
    from codesmell import analyze_paths
    from codesmell.config import Config

    exclude = ("test", "tests", "idle_test") if without_tests else ()  # the stdlib outside the monorepo

    root = CACHE  # one per-file cache for every corpus: entries are keyed by content
    root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results = analyze_paths([str(p) for p in paths], config=Config(root=str(root), extend_exclude=exclude), jobs=jobs, cache=True,
                            with_graph=True)
    print(f"{label}: {len(results)} files analysed in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return results


def module_graph_of(results: Sequence[Any], label: str) -> tuple[nx.Graph, Any]:
    """(the clustering graph `codesmell graph` builds, the ModuleGraph), default options."""
    from codesmell.graph.build import clustering_graph
    from codesmell.graph.model import GraphOptions
    from codesmell.run.graphcache import cached_graph_of_results

    start = time.perf_counter()
    module_graph = cached_graph_of_results(results, GraphOptions(), CACHE)
    print(f"{label}: module graph in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    nodes = [node.name for node in module_graph.modules]
    return clustering_graph(nodes, (*module_graph.edges, *module_graph.attachments)), module_graph


def function_graph_of(module_graph: Any) -> nx.Graph:
    """`graph --level function`'s call graph, undirected: weight 1 per calling direction."""
    from codesmell.output.graph import function_nodes

    weights: dict[tuple[str, str], float] = {}
    for call in module_graph.calls:
        if call.caller == call.callee:
            continue
        key = (call.caller, call.callee) if call.caller < call.callee else (call.callee, call.caller)
        weights[key] = weights.get(key, 0.0) + 1.0
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node["name"] for node in function_nodes(module_graph)))
    for (left, right), weight in sorted(weights.items()):
        graph.add_edge(left, right, weight=weight)
    return graph


# ------------------------------------------------------------------ output


def table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| graph | nodes | edges | algorithm | communities | modularity | levels | disconnected before repair "
        "(last level / all levels) | singletons | algorithm time, median (s) | with codesmell's split and scoring (s) "
        "| runs | algorithm time / Louvain's |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    louvain = {row.graph: row for row in rows if row.algorithm == "louvain"}
    for row in rows:
        if row.timed_out is not None:
            lines.append(
                f"| {row.graph} | {row.nodes:,} | {row.edges:,} | {row.algorithm} | – | – | – | – | – | "
                f"> {row.timed_out:.0f} (stopped) | – | 0 | – |"
            )
            continue
        peer = louvain.get(row.graph)
        if peer is None or peer.timed_out is not None:
            ratio = f"< {row.raw_median / peer.timed_out:.3f}" if peer is not None and peer.timed_out else "–"
        else:
            ratio = f"{row.raw_median / peer.raw_median:.3f}"
        lines.append(
            f"| {row.graph} | {row.nodes:,} | {row.edges:,} | {row.algorithm} | {row.communities:,} | "
            f"{row.modularity:.4f} | {row.levels} | {row.disconnected_last} / {row.disconnected_all} | "
            f"{row.singletons:,} | {row.raw_median:.2f} | {row.median:.2f} | {len(row.times)} | {ratio} |"
        )
    return lines


def report(rows: Sequence[Row], corpus: str, repeats: int, commit: str) -> str:
    import community as community_louvain
    import igraph
    import leidenalg

    versions = (
        f"python-louvain {getattr(community_louvain, '__version__', '?')}, leidenalg {leidenalg.__version__}, "
        f"igraph {igraph.__version__}, networkx {nx.__version__}, Python {platform.python_version()}"
    )
    return "\n".join(
        [
            "# Louvain against Leiden on codesmell's graphs",
            "",
            f"`python bench/algorithms.py --repeats {repeats} --write` at {commit}, "
            f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; {versions}.",
            f"Big corpus: {corpus}. Seed {SEED}, resolution 1, codesmell's default edge weights.",
            "",
            *table(rows),
            "",
            "Modularity: codesmell's `modularity` of the reported (last) level after the connectivity repair "
            "(Newman's, resolution 1; the same function for both). Disconnected: communities the algorithm "
            "itself returned whose members are not connected to each other, which codesmell then splits "
            "(`split_disconnected`; each split shows in `splits` of `codesmell graph`). Time: the algorithm "
            "alone (python-louvain's dendrogram; leidenalg with codesmell's refinement levels), then with "
            "codesmell's split and scoring of every level, median of the runs, one process; the machine "
            "is shared (2 cores, other jobs running), so read the ratio of the two algorithms measured in the "
            "same run rather than the seconds.",
            "",
        ]
    )


def git_commit() -> str:
    import subprocess

    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", nargs="+", type=Path, help="big corpus directories (default: the monorepo)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per Louvain run (default 1800)")
    parser.add_argument("--long-run", type=float, default=60.0,
                        help="a run longer than this many seconds is not repeated (default 60)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip", nargs="*", default=[], choices=("stdlib", "modules", "functions"),
                        help="graphs to leave out")
    parser.add_argument("--write", action="store_true", help="rewrite bench/results/algorithms.md")
    args = parser.parse_args(argv)

    if args.corpus:
        corpus, label, stdlib = list(args.corpus), "custom", None
    elif (MONOREPO / "READY").exists():
        corpus, label, stdlib = [MONOREPO], "monorepo", MONOREPO / "stdlib"
    else:
        corpus, label, stdlib = DEV_CORPUS, "dev", None
    if stdlib is None:
        sys.path.insert(0, str(BENCH_DIR))
        from corpus import stdlib_root

        stdlib = stdlib_root()
    described = (
        "the 3M-line tree of bench/monorepo.py (" + (MONOREPO / "READY").read_text().splitlines()[-2].split()[-1]
        + " lines)" if label == "monorepo" else ", ".join(str(p) for p in corpus)
    )

    graphs: list[tuple[str, nx.Graph]] = []
    if "stdlib" not in args.skip:
        graph, stdlib_graph = module_graph_of(analyse([stdlib], args.jobs, "stdlib", label != "monorepo"), "stdlib")
        graphs.append(("stdlib modules", graph))
        graphs.append(("stdlib functions", function_graph_of(stdlib_graph)))
    if {"modules", "functions"} - set(args.skip):
        results = analyse(corpus, args.jobs, label)
        graph, module_graph = module_graph_of(results, label)
        del results
        if "modules" not in args.skip:
            graphs.append((f"{label} modules", graph))
        if "functions" not in args.skip:
            graphs.append((f"{label} functions", function_graph_of(module_graph)))
        del module_graph

    rows = []
    for name, graph in graphs:
        print(f"{name}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges", file=sys.stderr)
        for algorithm in ALGORITHMS:
            rows.append(measure(name, graph, algorithm, args.repeats, args.timeout, args.long_run))
    print("\n".join(table(rows)))
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report(rows, described, args.repeats, git_commit()), encoding="utf-8")
        print(f"written: {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
