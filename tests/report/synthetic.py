"""A large made-up project for the report's scale test: thousands of modules, built in seconds.

Parsing 3,000 files with LibCST takes 15 s of CPU, more than the whole test may cost, so the
per-file results are assembled here instead: the graph facts are written by hand (each module
imports a few neighbours, mostly inside its own subpackage, sometimes across packages: the
shape Louvain finds communities in), and the one long function's metrics come from a real
analysis of its source (`analyze_source`), copied into every tenth module, whose file holds
that source so the report can show its excerpt. Everything after that — the module graph,
Louvain, the layout, the HTML — is the real code. Deterministic: no randomness.
"""

from __future__ import annotations

from pathlib import Path

from codesmell.api import analyze_source
from codesmell.graph.facts import FUNCTION, ImportFact, ModuleFacts, ScopeFact
from codesmell.graph.model import GraphOptions, ModuleGraph
from codesmell.graph.pipeline import build_module_graph
from codesmell.model import FileResult, FunctionMetrics

FLAGGED_EVERY = 10


def long_function_source() -> str:
    """A function well over the critical SLOC line, with nested branches (a real long method)."""
    body = ["def tangled(items, limit, mode):", "    total = 0", "    seen = []"]
    for j in range(12):
        body += ["    for item in items:", f"        if item > {j} and mode == {j % 3}:",
                 f"            total += item * {j}", "        elif item < limit:", "            seen.append(item)"]
    body.append("    return total, seen")
    return "\n".join(body) + "\n"


def module_names(modules: int) -> list[str]:
    """`pkgNN.subK.mNNNN`, packages of uneven size (like a monorepo's projects), sorted."""
    names = []
    for i in range(modules):
        package = (i * i) % 37 if i % 3 else i % 11  # a few big packages, many small ones
        names.append(f"pkg{package:02d}.sub{(i // 7) % 5}.m{i:05d}")
    return sorted(names)


def synthetic_project(root: Path, modules: int, flagged_every: int = FLAGGED_EVERY
                      ) -> tuple[list[FileResult], ModuleGraph]:
    """Write the flagged modules' files under `root` (one module in `flagged_every`); the results of
    every module and their graph."""
    names = module_names(modules)
    by_sub: dict[str, list[str]] = {}
    for name in names:
        by_sub.setdefault(name.rpartition(".")[0], []).append(name)
    subs = sorted(by_sub)
    source = long_function_source()
    template = analyze_source(source, "template.py", "template")
    results: list[FileResult] = []
    inputs = []
    for index, name in enumerate(names):
        sub = name.rpartition(".")[0]
        siblings = by_sub[sub]
        here = siblings.index(name)
        targets = [siblings[(here + step) % len(siblings)] for step in (1, 2, 5)]
        if index % 4 == 0:  # now and then a module of another subpackage, or of another package
            other = subs[(subs.index(sub) + 1 + index % 3) % len(subs)]
            targets.append(by_sub[other][index % len(by_sub[other])])
        imports = tuple(
            ImportFact("", target.rpartition(".")[0], target.rpartition(".")[2], None, 0, False, line + 1, 0)
            for line, target in enumerate(sorted(set(targets) - {name}))
        )
        facts = ModuleFacts(name, False, imports, (ScopeFact("run", FUNCTION, ""),))
        path = root / Path(*name.split(".")).with_suffix(".py")
        functions: tuple[FunctionMetrics, ...] = ()
        lines = len(imports) + 2
        if index % flagged_every == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
            functions = template.functions
            lines = template.lines
        results.append(FileResult(str(path), name, functions=functions, graph=facts, sha256=f"{index:064x}",
                                  lines=lines))
        inputs.append((name, str(path), facts))
    return results, build_module_graph(inputs, GraphOptions())
