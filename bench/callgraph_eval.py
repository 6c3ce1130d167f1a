"""Precision and recall of codesmell's call graph against the hand-written ground truth.

    python bench/callgraph_eval.py                 # table per category and overall (markdown)
    python bench/callgraph_eval.py --cases         # also every missed and every wrong edge, per case
    python bench/callgraph_eval.py --rev b229747   # the same with the code of another commit
    python bench/callgraph_eval.py --json out.json # the figures as JSON too
    python bench/callgraph_eval.py --before b229747  # and side by side with another commit's figures

The ground truth is `fixtures/callgraph/<category>/<case>/` (see its README.md):
Python files and an `expected.json` written by hand. Each case is analysed on its
own, through `codesmell.module_graph` (the `calls` of `codesmell graph --format json`),
with the default configuration. An edge found by codesmell counts when its callee
lies in the case's own modules (calls to the standard library are not in the truth);
it is a true positive when the truth lists it, a false positive otherwise. Edges the
truth marks `unresolvable` (a sound static analysis cannot get them) are left out of
recall, and counted apart (not as false positives) when found.

Analysed code is never imported: the names a case defines are read with `ast`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES_ROOT = REPO / "fixtures" / "callgraph"
# Set by `--rev`: another commit's code exported by `git archive`, put first on sys.path.
_CODE_ENV = "CODESMELL_CALLGRAPH_CODE"

Edge = tuple[str, str]


@dataclass(frozen=True)
class Case:
    """One ground-truth case: its folder, the expected edges and the marked unresolvable ones."""

    category: str
    name: str
    path: Path
    description: str
    edges: frozenset[Edge]
    unresolvable: Mapping[Edge, str]  # edge -> why a static analysis cannot get it

    @property
    def label(self) -> str:
        return f"{self.category}/{self.name}"


def load_cases(root: Path = CASES_ROOT) -> list[Case]:
    """Every case under `root`, sorted by category then name."""
    cases = []
    for expected in sorted(root.glob("*/*/expected.json")):
        doc = json.loads(expected.read_text(encoding="utf-8"))
        folder = expected.parent
        cases.append(
            Case(
                category=folder.parent.name,
                name=folder.name,
                path=folder,
                description=doc.get("description", ""),
                edges=frozenset((e["caller"], e["callee"]) for e in doc.get("edges", [])),
                unresolvable={(e["caller"], e["callee"]): e["reason"] for e in doc.get("unresolvable", [])},
            )
        )
    return cases


# -- the names a case defines, read with `ast` ----------------------------------


@dataclass(frozen=True)
class CaseNames:
    """Qualified names in a case: modules, functions (lambdas included) and classes."""

    modules: frozenset[str]
    functions: frozenset[str]
    classes: frozenset[str]

    @property
    def callers(self) -> frozenset[str]:
        """What may run code: a module (its top level and class bodies) or a function."""
        return self.modules | self.functions

    @property
    def callees(self) -> frozenset[str]:
        """What a call edge may end at: a function, or a class without an analysed `__init__`."""
        return self.functions | self.classes

    def owns(self, name: str) -> bool:
        """Whether `name` lies inside one of the case's modules (an in-project name)."""
        return any(name == m or name.startswith(m + ".") for m in self.modules)


def module_name(relative: Path) -> str:
    """`pkg/sub/mod.py` -> `pkg.sub.mod`; `pkg/__init__.py` -> `pkg` (codesmell's layout rule)."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _Namer:
    """Qualified names as `codesmell graph` writes them.

    `Class.method`, `outer.<locals>.inner`; lambdas are `<lambda#N>` where N counts
    the module's lambdas and comprehensions together, in the order codesmell's
    collector meets them (a function's defaults, then its decorators, then its
    body; a class's bases and keywords, then decorators, then body; a lambda's
    defaults before the lambda itself). Annotations are not walked.
    """

    def __init__(self, module: str) -> None:
        self.module = module
        self.count = 0
        self.functions: list[str] = []
        self.classes: list[str] = []
        self.nodes: dict[str, ast.AST] = {}  # full name -> its def, class or lambda node

    def child(self, scope: str, kind: str, name: str) -> str:
        if not scope:
            return name
        return f"{scope}.{name}" if kind == "class" else f"{scope}.<locals>.{name}"

    def full(self, qualname: str) -> str:
        return f"{self.module}.{qualname}"

    def walk_all(self, nodes: Iterable[ast.AST | None], scope: str, kind: str) -> None:
        for node in nodes:
            if node is not None:
                self.walk(node, scope, kind)

    def walk(self, node: ast.AST, scope: str, kind: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.walk_all([*node.args.defaults, *node.args.kw_defaults], scope, kind)
            self.walk_all(node.decorator_list, scope, kind)
            qualname = self.child(scope, kind, node.name)
            self.functions.append(self.full(qualname))
            self.nodes[self.full(qualname)] = node
            self.walk_all(node.body, qualname, "function")
        elif isinstance(node, ast.ClassDef):
            self.walk_all(node.bases, scope, kind)
            self.walk_all([k.value for k in node.keywords], scope, kind)
            self.walk_all(node.decorator_list, scope, kind)
            qualname = self.child(scope, kind, node.name)
            self.classes.append(self.full(qualname))
            self.nodes[self.full(qualname)] = node
            self.walk_all(node.body, qualname, "class")
        elif isinstance(node, ast.Lambda):
            self.walk_all([*node.args.defaults, *node.args.kw_defaults], scope, kind)
            self.count += 1
            qualname = self.child(scope, kind, f"<lambda#{self.count}>")
            self.functions.append(self.full(qualname))
            self.nodes[self.full(qualname)] = node
            self.walk(node.body, qualname, "lambda")
        elif isinstance(node, _COMPREHENSIONS):
            self.count += 1
            label = type(node).__name__.lower()
            qualname = self.child(scope, kind, f"<{label}#{self.count}>")
            self.walk_all(ast.iter_child_nodes(node), qualname, "comprehension")
        elif isinstance(node, ast.Dict):  # LibCST keeps key and value together, element by element
            for key, value in zip(node.keys, node.values, strict=True):
                self.walk_all((key, value), scope, kind)
        elif isinstance(node, (ast.AnnAssign, ast.arg)):
            self.walk_all([getattr(node, "value", None)], scope, kind)
        else:
            self.walk_all(ast.iter_child_nodes(node), scope, kind)


def definitions(module: str, tree: ast.Module) -> dict[str, ast.AST]:
    """Every function, class and lambda of a parsed module by its qualified name."""
    namer = _Namer(module)
    namer.walk_all(tree.body, "", "module")
    return namer.nodes


def case_names(folder: Path) -> CaseNames:
    """The modules, functions and classes the case's Python files define (parsed, never imported)."""
    modules, functions, classes = set(), set(), set()
    for path in sorted(folder.rglob("*.py")):
        module = module_name(path.relative_to(folder))
        modules.add(module)
        namer = _Namer(module)
        namer.walk_all(ast.parse(path.read_text(encoding="utf-8")).body, "", "module")
        functions.update(namer.functions)
        classes.update(namer.classes)
    return CaseNames(frozenset(modules), frozenset(functions), frozenset(classes))


def format_problems(case: Case, names: CaseNames | None = None) -> list[str]:
    """Why a case's `expected.json` is not valid ground truth (empty when it is)."""
    names = names or case_names(case.path)
    problems = []
    overlap = case.edges & set(case.unresolvable)
    if overlap:
        problems.append(f"edges both expected and unresolvable: {sorted(overlap)}")
    for caller, callee in sorted(case.edges | set(case.unresolvable)):
        if caller not in names.callers:
            problems.append(f"caller {caller!r} is not a module or function of the case")
        if callee not in names.callees:
            problems.append(f"callee {callee!r} is not a function or class of the case")
    if not case.description:
        problems.append("no description")
    for edge, reason in case.unresolvable.items():
        if not reason.strip():
            problems.append(f"unresolvable edge {edge} has no reason")
    return problems


# -- running codesmell -------------------------------------------------------------


def codesmell_calls(folder: Path) -> set[Edge]:
    """The (caller, callee) pairs of `codesmell graph`'s `calls` for one case, analysed alone."""
    from codesmell import module_graph
    from codesmell.config import Config

    graph = module_graph([folder], config=Config())
    return {(call.caller, call.callee) for call in graph.calls}


# -- scoring -----------------------------------------------------------------------


@dataclass
class Score:
    """Edge counts of one case, category or the whole set."""

    cases: int = 0
    expected: int = 0
    true_positives: int = 0
    false_positives: int = 0
    unresolvable: int = 0
    unresolvable_found: int = 0
    missed: list[Edge] = field(default_factory=list)
    wrong: list[Edge] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.cases += other.cases
        self.expected += other.expected
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.unresolvable += other.unresolvable
        self.unresolvable_found += other.unresolvable_found


def score_case(case: Case, found: Iterable[Edge], names: CaseNames | None = None) -> Score:
    """Compare the edges a tool found in one case with the truth (edges to outside code ignored)."""
    names = names or case_names(case.path)
    inside = {edge for edge in found if names.owns(edge[1])}
    unresolvable = set(case.unresolvable)
    counted = inside - unresolvable
    return Score(
        cases=1,
        expected=len(case.edges),
        true_positives=len(counted & case.edges),
        false_positives=len(counted - case.edges),
        unresolvable=len(unresolvable),
        unresolvable_found=len(inside & unresolvable),
        missed=sorted(case.edges - counted),
        wrong=sorted(counted - case.edges),
    )


@dataclass(frozen=True)
class Evaluation:
    per_case: Mapping[str, Score]
    per_category: Mapping[str, Score]
    overall: Score


def evaluate(cases: Sequence[Case], calls_of: Callable[[Path], set[Edge]] = codesmell_calls) -> Evaluation:
    """Score every case with `calls_of(case folder)` (codesmell's call graph by default)."""
    per_case: dict[str, Score] = {}
    per_category: dict[str, Score] = {}
    overall = Score()
    for case in cases:
        score = score_case(case, calls_of(case.path))
        per_case[case.label] = score
        per_category.setdefault(case.category, Score()).add(score)
        overall.add(score)
    return Evaluation(per_case, dict(sorted(per_category.items())), overall)


def markdown_table(evaluation: Evaluation) -> str:
    """Precision and recall per category and overall, as a markdown table."""
    lines = [
        "| category | cases | expected edges | found right | found wrong | precision | recall | unresolvable (found) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*evaluation.per_category.items(), ("**overall**", evaluation.overall)]
    for name, s in rows:
        lines.append(
            f"| {name} | {s.cases} | {s.expected} | {s.true_positives} | {s.false_positives} "
            f"| {s.precision:.3f} | {s.recall:.3f} | {s.unresolvable} ({s.unresolvable_found}) |"
        )
    return "\n".join(lines)


def comparison_table(before: Mapping[str, object], after: Evaluation) -> str:
    """Precision and recall per category, before (an `as_json` document) and after, as markdown."""
    old = before["categories"]
    assert isinstance(old, dict)
    lines = [
        "| category | cases | expected edges | precision before | recall before | precision after | recall after |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*after.per_category.items(), ("**overall**", after.overall)]
    for name, s in rows:
        b = before["overall"] if name == "**overall**" else old.get(name)
        assert isinstance(b, dict)
        lines.append(
            f"| {name} | {s.cases} | {s.expected} | {b['precision']:.3f} | {b['recall']:.3f} "
            f"| {s.precision:.3f} | {s.recall:.3f} |"
        )
    return "\n".join(lines)


def case_details(cases: Sequence[Case], evaluation: Evaluation) -> Iterator[str]:
    """One line per missed or wrong edge, case by case."""
    for case in cases:
        score = evaluation.per_case[case.label]
        for caller, callee in score.missed:
            yield f"{case.label}: missed {caller} -> {callee}"
        for caller, callee in score.wrong:
            yield f"{case.label}: wrong  {caller} -> {callee}"


def as_json(evaluation: Evaluation) -> dict[str, object]:
    def figures(s: Score) -> dict[str, object]:
        return {
            "cases": s.cases,
            "expected": s.expected,
            "true_positives": s.true_positives,
            "false_positives": s.false_positives,
            "unresolvable": s.unresolvable,
            "unresolvable_found": s.unresolvable_found,
            "precision": s.precision,
            "recall": s.recall,
        }

    return {
        "overall": figures(evaluation.overall),
        "categories": {name: figures(s) for name, s in evaluation.per_category.items()},
        "cases": {
            name: {**figures(s), "missed": s.missed, "wrong": s.wrong}
            for name, s in evaluation.per_case.items()
        },
    }


def _run_at(rev: str, argv: list[str], quiet: bool = False) -> int:
    """Re-run this script with the code of commit `rev` first on sys.path."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", rev, "codesmell"], cwd=REPO, check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {**os.environ, _CODE_ENV: tmp}
        output = subprocess.DEVNULL if quiet else None
        return subprocess.run(
            [sys.executable, __file__, *argv], env=env, stdout=output, check=quiet
        ).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", action="store_true", help="list every missed and wrong edge")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--rev", metavar="REV", help="evaluate the code of commit REV (git archive on sys.path)"
    )
    parser.add_argument("--root", type=Path, default=CASES_ROOT, help="the ground-truth folder")
    parser.add_argument(
        "--before", metavar="REV", help="also evaluate commit REV's code and print both side by side"
    )
    args = parser.parse_args(argv)
    if args.rev:
        rest = [a for a in (argv if argv is not None else sys.argv[1:])]
        index = rest.index("--rev")
        return _run_at(args.rev, rest[:index] + rest[index + 2 :])
    cases = load_cases(args.root)
    evaluation = evaluate(cases)
    code = os.environ.get(_CODE_ENV)
    print(
        f"call-graph ground truth: {len(cases)} cases, {evaluation.overall.expected} expected edges"
        + (" (code of another commit)" if code else "")
    )
    print()
    print(markdown_table(evaluation))
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            figures = Path(tmp) / "before.json"
            _run_at(args.before, ["--root", str(args.root), "--json", str(figures)], quiet=True)
            before = json.loads(figures.read_text(encoding="utf-8"))
        print()
        print(f"before ({args.before}) and after (this checkout):")
        print()
        print(comparison_table(before, evaluation))
    if args.cases:
        print()
        for line in case_details(cases, evaluation):
            print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(evaluation), indent=2) + "\n", encoding="utf-8")
    return 0


if os.environ.get(_CODE_ENV):
    sys.path.insert(0, os.environ[_CODE_ENV])

if __name__ == "__main__":
    sys.exit(main())
