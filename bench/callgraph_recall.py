"""Recall on real code: random call sites, the callees a reader resolves, and whether the graph has them.

    python bench/callgraph_recall.py sample --corpus django=/work/cache/src/Django-5.1.4/django \
        --per-corpus 20 --seed 1 --output bench/results/callgraph_recall.md
    (read each site, write its in-project callees in the "reader" column, then)
    python bench/callgraph_recall.py score bench/results/callgraph_recall.md

`callgraph_real.py` reads edges the tool *found* (precision). This reads call sites the way
a reviewer meets them, drawn at random from the code (every `ast.Call` in a function's,
class body's or module's own code), and asks which analysed functions or classes each one
may call: the reader writes them down from the source before the tool's answer is looked
at. `score` then runs `codesmell.module_graph` (this checkout) on each corpus and marks
each expected callee found or missed: recall is found / expected. An edge counts as found
when the graph has (caller, callee), whichever of the caller's sites makes it.

The reader column holds the callees as fully qualified names in backticks, or `none` when
the call can only reach code outside the corpus (builtins, the standard library, a
parameter nothing in the corpus passes); `?` is not read yet. Callees that do run
but only through code outside the corpus or a name made at runtime (a pytest fixture,
`multiprocessing.Pool(initializer=..., initargs=...)`, `setattr(cls, name, ...)`) go in a
part starting `unresolvable` (the whole cell, or after `; `): like the ground truth's
`unresolvable` edges they stay out of recall and are counted apart. Sampling is stratified by
corpus and seeded, so the same sites come back for the same seed.
"""

from __future__ import annotations

import argparse
import ast
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from callgraph_eval import definitions, module_name  # noqa: E402
from callgraph_real import _cell, _named_path, _own_nodes, analyse  # noqa: E402

_HEADER = "| # | corpus | caller | call site | source line | reader | tool |"
_ROW = re.compile(
    r"^\| (?P<n>\d+) \| (?P<corpus>[^|]*) \| `(?P<caller>[^`]*)` \| (?P<site>[^|]*) \| (?P<source>.*) "
    r"\| (?P<reader>[^|]*) \| (?P<tool>[^|]*) \|$"
)


@dataclass(frozen=True)
class Site:
    corpus: str
    caller: str
    path: str  # relative to the corpus's parent (the import root)
    line: int
    source: str


def call_sites(corpus: str, target: Path) -> list[Site]:
    """Every call in the corpus's code, with the function (or class body, or module) it runs in."""
    root = target.parent
    found: list[Site] = []
    for path in sorted(target.rglob("*.py")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        lines = text.splitlines()
        module = module_name(relative)
        scopes: dict[str, ast.AST] = {module: tree, **definitions(module, tree)}
        for caller, scope in scopes.items():
            if isinstance(scope, ast.ClassDef):
                continue  # a class body runs in its enclosing scope, whose own code includes it
            if isinstance(scope, ast.Lambda):
                continue  # left out: a lambda's number depends on the comprehensions before it
            for node in _own_nodes(scope):
                if isinstance(node, ast.Call):
                    source = lines[node.lineno - 1].strip() if node.lineno <= len(lines) else ""
                    found.append(Site(corpus, caller, str(relative), node.lineno, source))
    return found


def write_sample(path: Path, sites: list[Site], header: str) -> None:
    rows = [header, "", _HEADER, "|---:|---|---|---|---|---|---|"]
    for number, site in enumerate(sites, 1):
        rows.append(
            f"| {number} | {site.corpus} | `{site.caller}` | {site.path}:{site.line} | `{_cell(site.source)}` | ? | ? |"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _parts(reader: str) -> tuple[str, str]:
    """The cell's expected part and its `unresolvable` part (either may be empty)."""
    text = reader.strip()
    if text.startswith("unresolvable"):
        return "", text
    main, _, rest = text.partition("; unresolvable")
    return main, "unresolvable" + rest if rest else ""


def _named(part: str) -> list[str]:
    return re.findall(r"`([^`]+)`", part.split(" — ")[0])


def expected_callees(reader: str) -> list[str] | None:
    """The callees the reader wrote (empty: `none`), or None when the row is not read yet."""
    if reader.strip() in {"", "?"}:
        return None
    main, _ = _parts(reader)
    return [] if main.startswith("none") else _named(main)


def unresolvable_callees(reader: str) -> list[str]:
    """The callees a cell marks `unresolvable` (they run only through outside code)."""
    return _named(_parts(reader)[1])


def score(path: Path, corpora: dict[str, Path]) -> tuple[int, int, int]:
    """Fill the tool column; (expected, found, rows read)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    calls: dict[str, set[tuple[str, str]]] = {}
    expected = found = read = 0
    apart = apart_found = 0  # `unresolvable` callees, and how many of them the graph has anyway
    out = []
    for line in lines:
        match = _ROW.match(line)
        if not match:
            out.append(line)
            continue
        callees = expected_callees(match["reader"])
        corpus = match["corpus"].strip()
        if callees is None or corpus not in corpora:
            out.append(line)
            continue
        if corpus not in calls:
            calls[corpus] = set(analyse("", corpora[corpus], corpora[corpus].parent).calls)
        read += 1
        caller = match["caller"]
        hits = [callee for callee in callees if (caller, callee) in calls[corpus]]
        expected += len(callees)
        found += len(hits)
        outside = unresolvable_callees(match["reader"])
        outside_hits = [callee for callee in outside if (caller, callee) in calls[corpus]]
        apart += len(outside)
        apart_found += len(outside_hits)
        marks = [f"{'found' if c in hits else 'MISSED'} `{c}`" for c in callees]
        marks += [f"unresolvable, {'found' if c in outside_hits else 'not found'} `{c}`" for c in outside]
        tool = ", ".join(marks) or "-"
        out.append(line[: match.start("tool")] + tool + " |")
    summary = f"Scored: {read} sites read, {expected} expected callees, {found} found"
    summary += f" (recall {found / expected:.3f})." if expected else "."
    if apart:
        summary += f" Unresolvable, counted apart: {apart}, {apart_found} found anyway."
    out = [summary if line.startswith("Scored: ") else line for line in out]
    if not any(line.startswith("Scored: ") for line in out):
        out += ["", summary]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return expected, found, read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="draw call sites to read")
    sample.add_argument("--corpus", action="append", required=True, metavar="NAME=PATH", type=_named_path)
    sample.add_argument("--per-corpus", type=int, default=20)
    sample.add_argument("--seed", type=int, default=1)
    sample.add_argument("--output", type=Path, required=True)
    scored = commands.add_parser("score", help="check the reader's callees against the call graph")
    scored.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        picked: list[Site] = []
        for name, target in args.corpus:
            sites = call_sites(name, Path(target))
            picked += random.Random(f"{args.seed}:{name}").sample(sites, min(args.per_corpus, len(sites)))
            print(f"{name}: {len(sites)} call sites, {min(args.per_corpus, len(sites))} drawn")
        corpora = ", ".join(f"{name}={target}" for name, target in args.corpus)
        header = (
            f"# Call sites read by hand: recall on real code\n\n"
            f"{len(picked)} call sites drawn at random (seed {args.seed}, {args.per_corpus} per corpus; "
            f"corpora: {corpora}). The reader column was written from the source before the tool's "
            "answer was looked at; the tool column is `callgraph_recall.py score`'s."
        )
        write_sample(args.output, picked, header)
        print(f"sample written to {args.output}")
        return 0
    header_line = next(
        (line for line in args.file.read_text(encoding="utf-8").splitlines() if "corpora: " in line), ""
    )
    corpora = {
        name: Path(target)
        for name, target in re.findall(r"(\w+)=(\S+?)[,)]", header_line.split("corpora: ", 1)[-1] + ",")
    }
    expected, found, read = score(args.file, corpora)
    print(f"{read} sites read, {expected} expected callees, {found} found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
