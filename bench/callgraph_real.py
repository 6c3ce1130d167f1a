"""Call edges on real code before and after a change, and a seeded sample of the new ones to read.

    python bench/callgraph_real.py                       # before: main at b229747, after: this checkout
    python bench/callgraph_real.py --before REV --sample 50 --seed 14
    python bench/callgraph_real.py --corpus sqlalchemy=/work/cache/src/sqlalchemy-2.0.36/lib/sqlalchemy

Corpora: CPython's standard library without tests (the 734 files of bench/corpus.py,
mirrored as symlinks) and Django 5.1.4 (the sdist unpacked under /work/cache/src); or,
with `--corpus NAME=PATH` (repeatable), those packages instead: code that the rules were
not tuned on, to see whether their precision holds there.
Each side runs `codesmell.module_graph` in a subprocess: "before" with the code of
commit REV exported by `git archive` first on sys.path (as `bench/run.py --before`
does), "after" with this checkout's code. Prints the number of `calls` edges
(caller, callee) per corpus before and after, new and gone, and the new edges per
`kind` when the after side reports kinds.

The sample (half from each corpus, seeded) is written to
bench/results/callgraph_sample.md with, for each edge, the call site that makes it:
the caller's file and line of the call (found with `ast`: a call, decorator,
`for`, `with` or `raise` in the caller's own code naming the callee) and the source
line. The verdict column is filled in by a human reader; re-running keeps the
verdicts already written for edges that are sampled again.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from callgraph_eval import definitions  # noqa: E402
from corpus import build_symlink_tree  # noqa: E402

DJANGO = Path("/work/cache/src/Django-5.1.4/django")
SAMPLE_FILE = BENCH / "results" / "callgraph_sample.md"

# Runs in the subprocess: the graph of one corpus as JSON on stdout.
_SNIPPET = """
import json, sys
code, root = sys.argv[1], sys.argv[2]
if code:
    sys.path.insert(0, code)
import codesmell
from codesmell.config import Config
graph = codesmell.module_graph([root], config=Config(), jobs=2)
json.dump({
    "calls": [[c.caller, c.callee, getattr(c, "kind", "")] for c in graph.calls],
    "modules": {m.name: m.path for m in graph.modules if m.path},
    "code": codesmell.__file__,
}, sys.stdout)
"""

Edge = tuple[str, str]


@dataclass(frozen=True)
class Side:
    """One corpus analysed by one version of the code."""

    calls: dict[Edge, str]  # edge -> kind ("" when the code reports none)
    modules: dict[str, str]  # module name -> path, as the graph reports it


def analyse(code: str, target: Path, cwd: Path) -> Side:
    """The call graph of `target` with the code at `code` ("" for this checkout), in a subprocess.

    Module paths come back relative to `cwd`.
    """
    done = subprocess.run(
        [sys.executable, "-c", _SNIPPET, code, str(target)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    doc = json.loads(done.stdout)
    return Side({(a, b): kind for a, b, kind in doc["calls"]}, doc["modules"])


def export(rev: str, destination: Path) -> str:
    archive = subprocess.run(["git", "archive", rev, "codesmell"], cwd=REPO, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    return str(destination)


# -- where a new edge comes from --------------------------------------------------


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes that run as part of `scope` itself (not inside nested functions or lambdas)."""
    if isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        stack: list[ast.AST] = list(reversed(scope.body))
    elif isinstance(scope, ast.Lambda):
        stack = [scope.body]
    else:
        stack = []
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            runs_here: list[ast.AST] = [
                d for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None
            ]
            if not isinstance(node, ast.Lambda):
                runs_here = [*node.decorator_list, *runs_here]
            stack.extend(reversed(runs_here))
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _terminal(expr: ast.AST) -> str:
    while isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Name):
        return expr.id
    return ""


_IMPLICIT = {
    "__iter__": (ast.For, ast.AsyncFor, ast.comprehension),
    "__next__": (ast.For, ast.AsyncFor, ast.comprehension),
    "__enter__": (ast.With,),
    "__exit__": (ast.With,),
    "__init__": (ast.Raise,),
}


def call_sites(scope: ast.AST, callee: str) -> list[int]:
    """Lines in `scope`'s own code that may make the edge to `callee`, best guess first.

    In order: calls and decorators naming the callee (or its class, for a
    constructor); the syntax of an implicit call (`for`, `with`, `raise`); a read
    of a name or attribute spelled like the callee (a property, a callback handed
    on); else any call.
    """
    parts = callee.split(".")
    last = parts[-1]
    names = {last}
    if last in {"__init__", "__new__"} and len(parts) > 1:
        names.add(parts[-2])
    if last.startswith("<lambda"):
        names = set()
    tiers: list[list[int]] = [[], [], [], []]  # named, implicit syntax, reference, any call
    for node in _own_nodes(scope):
        if isinstance(node, ast.Call):
            tiers[0 if _terminal(node.func) in names else 3].append(node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if any(_terminal(d) in names for d in node.decorator_list):
                tiers[0].append(node.decorator_list[0].lineno)
        elif last in _IMPLICIT and isinstance(node, _IMPLICIT[last]):
            line = getattr(node, "lineno", None)
            tiers[1].append(line if line is not None else getattr(getattr(node, "iter", None), "lineno", 0))
        elif isinstance(node, ast.Lambda) and not names:
            tiers[1].append(node.lineno)
        elif (isinstance(node, ast.Attribute) and node.attr in names) or (
            isinstance(node, ast.Name) and node.id in names
        ):
            tiers[2].append(node.lineno)
    best = next((tier for tier in tiers if tier), [])
    return sorted(dict.fromkeys(best))


@dataclass(frozen=True)
class Sampled:
    corpus: str
    caller: str
    callee: str
    kind: str
    path: str  # relative to the corpus root
    line: int
    source: str


def locate(corpus: str, root: Path, side: Side, caller: str, callee: str, kind: str) -> Sampled:
    """The caller's file and the first likely call site of the edge in it."""
    module = max((m for m in side.modules if caller == m or caller.startswith(m + ".")), key=len, default="")
    path = root / side.modules[module] if module else root
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    lines = text.splitlines()
    tree = ast.parse(text) if text else ast.Module(body=[], type_ignores=[])
    scope: ast.AST | None = tree if caller == module else definitions(module, tree).get(caller)
    sites = call_sites(scope, callee) if scope is not None else []
    line = sites[0] if sites else getattr(scope, "lineno", 0)
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return Sampled(corpus, caller, callee, kind, os.path.relpath(path, root), line, source)


# -- the sample file ------------------------------------------------------------------

_HEADER = "| # | corpus | kind | caller → callee | call site | source line | verdict |"
_ROW = re.compile(
    r"^\| \d+ \| [^|]* \| [^|]* \| `(?P<caller>[^`]*)` → `(?P<callee>[^`]*)` \|.*\| (?P<verdict>[^|]*) \|$"
)


def existing_verdicts(path: Path) -> dict[Edge, str]:
    if not path.exists():
        return {}
    verdicts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match and match["verdict"].strip() not in {"", "?"}:
            verdicts[(match["caller"], match["callee"])] = match["verdict"].strip()
    return verdicts


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def write_sample(path: Path, sample: list[Sampled], header: str) -> None:
    verdicts = existing_verdicts(path)
    rows = [header, "", _HEADER, "|---:|---|---|---|---|---|---|"]
    for number, s in enumerate(sample, 1):
        verdict = verdicts.get((s.caller, s.callee), "?")
        rows.append(
            f"| {number} | {s.corpus} | {s.kind or '-'} | `{s.caller}` → `{s.callee}` | {s.path}:{s.line} "
            f"| `{_cell(s.source)}` | {verdict} |"
        )
    judged = [verdicts.get((s.caller, s.callee), "?") for s in sample]
    right = sum(v.startswith("right") for v in judged)
    wrong = sum(v.startswith("wrong") for v in judged)
    rows += ["", f"Judged: {right} right, {wrong} wrong, {len(sample) - right - wrong} not yet read."]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def recount(path: Path) -> tuple[int, int, int]:
    """Rewrite the sample file's closing count from the verdicts written in it: (right, wrong, unread)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    verdicts = [m["verdict"].strip() for m in map(_ROW.match, lines) if m]
    right = sum(v.startswith("right") for v in verdicts)
    wrong = sum(v.startswith("wrong") for v in verdicts)
    summary = f"Judged: {right} right, {wrong} wrong, {len(verdicts) - right - wrong} not yet read."
    lines = [summary if line.startswith("Judged: ") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return right, wrong, len(verdicts) - right - wrong


def _named_path(text: str) -> tuple[str, str]:
    """`--corpus NAME=PATH`: both halves given, else an error (an empty PATH would analyse the working directory)."""
    name, sep, path = text.partition("=")
    if not (sep and name and path):
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {text!r}")
    return name, path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="b229747", metavar="REV", help="commit whose code is 'before'")
    parser.add_argument(
        "--after", default="", metavar="REV", help="commit whose code is 'after' (default: this checkout)"
    )
    parser.add_argument("--sample", type=int, default=50, help="new edges to sample (half per corpus)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--output", type=Path, default=SAMPLE_FILE)
    parser.add_argument("--django", type=Path, default=DJANGO)
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="NAME=PATH",
        type=_named_path,
        help="a package to analyse instead of the stdlib and Django (repeatable)",
    )
    parser.add_argument(
        "--recount", action="store_true", help="only recount the verdicts written in the sample file"
    )
    args = parser.parse_args(argv)
    if args.recount:
        right, wrong, unread = recount(args.output)
        print(f"{right} right, {wrong} wrong, {unread} not yet read")
        return 0

    sample: list[Sampled] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "code").mkdir()
        old_code = export(args.before, work / "code")
        new_code = ""
        if args.after:
            (work / "after").mkdir()
            new_code = export(args.after, work / "after")
        corpora = [(name, Path(path), Path(path).parent) for name, path in args.corpus]
        if not corpora:
            stdlib = work / "stdlib"
            build_symlink_tree(stdlib)
            corpora = [("stdlib", stdlib, stdlib), ("django", args.django, args.django.parent)]
        print(f"| corpus | edges before ({args.before}) | edges after | new | gone |")
        print("|---|---:|---:|---:|---:|")
        kinds: dict[str, Counter[str]] = {}
        for index, (name, target, root) in enumerate(corpora):
            before = analyse(old_code, target, root)
            after = analyse(new_code, target, root)
            new = sorted(set(after.calls) - set(before.calls))
            gone = set(before.calls) - set(after.calls)
            print(f"| {name} | {len(before.calls)} | {len(after.calls)} | {len(new)} | {len(gone)} |")
            kinds[name] = Counter(after.calls[edge] or "-" for edge in new)
            share = args.sample // len(corpora) + (index < args.sample % len(corpora))
            picked = random.Random(f"{args.seed}:{name}").sample(new, min(share, len(new)))
            sample += [locate(name, root, after, a, b, after.calls[(a, b)]) for a, b in picked]
        print()
        for name, counter in kinds.items():
            print(f"new edges by kind, {name}: " + ", ".join(f"{k} {n}" for k, n in sorted(counter.items())))
    header = (
        f"# New call edges, read by hand\n\n{len(sample)} edges sampled (seed {args.seed}, "
        f"{'half per corpus' if len(corpora) > 1 else corpora[0][0]}) from the "
        f"`calls` that {args.after or 'this checkout'} finds and main at {args.before} does not, with the call site "
        "found in the "
        "caller's own code (the first likely site; where it is not the one, the verdict names the line). "
        "Verdict: right / wrong, with the reason. Summary and causes: [callgraph_real.md](callgraph_real.md)."
    )
    write_sample(args.output, sample, header)
    print(f"\nsample written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
