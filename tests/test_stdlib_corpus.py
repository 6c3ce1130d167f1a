"""The property checks of the fuzz tests, over all of CPython's standard library.

Slow (a minute or two on 2 cores): run with `python -m pytest -m slow`. The
benchmark (`bench/run.py`) repeats the function-set check on the same corpus.
"""

from __future__ import annotations

import ast
import os
import sysconfig
import warnings
from pathlib import Path

import pytest

from codesmell.model import FileResult
from codesmell.run.discovery import SourceFile, display_path
from codesmell.run.engine import EngineOptions, analyze_files

EXCLUDED_DIRS = {"test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__"}


def _stdlib_sources() -> list[SourceFile]:
    root = Path(sysconfig.get_paths()["stdlib"])
    sources = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS)
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = Path(directory, name)
                parts = path.relative_to(root).with_suffix("").parts
                is_package = parts[-1] == "__init__"
                module = ".".join(parts[:-1] if is_package else parts)
                sources.append(SourceFile(str(path), display_path(str(path)), module, is_package))
    return sources


@pytest.fixture(scope="module")
def stdlib_results() -> list[tuple[SourceFile, FileResult]]:
    sources = _stdlib_sources()
    assert len(sources) > 600
    results = analyze_files(sources, EngineOptions(jobs=2, cache_root=None, with_graph=True))
    return list(zip(sources, results, strict=True))


def _ast_functions(source: bytes) -> list[tuple[int, str]] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
    return sorted(
        (node.lineno, node.name)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    )


@pytest.mark.slow
def test_every_function_python_finds_is_measured_and_nothing_else(
    stdlib_results: list[tuple[SourceFile, FileResult]],
) -> None:
    mismatched = []
    for source, result in stdlib_results:
        expected = _ast_functions(Path(source.fs_path).read_bytes())
        if expected is None:  # Python 2 leftovers (lib2to3 test data): must be a clear error
            assert [e.code for e in result.errors] == ["CSM901"], source.path
            continue
        assert result.errors == (), (source.path, result.errors)
        found = sorted((f.line, f.name) for f in result.functions)
        if found != expected:
            mismatched.append(source.path)
    assert mismatched == []


@pytest.mark.slow
def test_metric_invariants_hold_everywhere(stdlib_results: list[tuple[SourceFile, FileResult]]) -> None:
    functions = [f for _, result in stdlib_results for f in result.functions]
    assert len(functions) > 15_000
    for f in functions:
        assert 1 <= f.sloc <= f.end_line - f.line + 1, f
        assert f.line <= f.header_end_line <= f.end_line, f
        assert f.cyclomatic >= 1 and f.cognitive >= 0, f
        assert min(f.statements, f.locals, f.params, f.logic_blocks, f.max_nesting) >= 0, f
        assert f.max_nesting <= f.logic_blocks, f
        assert f.cyclomatic == 1 + sum(i.amount for i in f.increments if i.metric == "cyclomatic"), f
        assert f.cognitive == sum(i.amount for i in f.increments if i.metric == "cognitive"), f


@pytest.mark.slow
def test_graph_and_report_accept_the_whole_corpus(stdlib_results: list[tuple[SourceFile, FileResult]]) -> None:
    from codesmell.config import Config
    from codesmell.graph.model import GraphOptions
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.output.graph import to_json_dict
    from codesmell.report.document import build_report

    results = [result for _, result in stdlib_results]
    graph = graph_of_results(results, GraphOptions())
    document = to_json_dict(graph)
    assert len(document["modules"]) == len(results)
    assert 0.3 < document["modularity"] < 1
    html = build_report(results, Config(), graph, "codesmell report — stdlib")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")


def _shortcuts_agree(path: str) -> str | None:
    """None if the fast paths (parse, line index, walk) give LibCST's own answers on `path`, else what differs."""
    from codesmell.run import analyze

    analyze._ensure_recursion_limit()  # LibCST's own traversals recurse once per nesting level
    return analyze._on_large_stack(lambda: _compare_shortcuts(path))  # type: ignore[arg-type,return-value]


def _compare_shortcuts(path: str) -> str | None:
    import libcst as cst

    from codesmell.cst.lines import index_lines, index_lines_plainly
    from codesmell.cst.walk import walk_code
    from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor
    from codesmell.run import source

    parsed = source.parse(Path(path).read_bytes())
    if not isinstance(parsed, source.ParsedSource):
        return None
    if not parsed.module.deep_equals(cst.parse_module(parsed.text)):
        return "tree parsed without revalidation differs"
    lines = index_lines(parsed.module, parsed.line_count)
    if lines != index_lines_plainly(parsed.module, parsed.line_count):
        return "line index shortcuts differ from LibCST's code generator"
    by_visit = FunctionMetricsVisitor(lines, parsed.line_count)
    parsed.module.visit(by_visit)
    by_walk = FunctionMetricsVisitor(lines, parsed.line_count)
    walk_code(parsed.module, by_walk, CODE_HOOKS)
    return None if by_walk.results == by_visit.results else "walk_code metrics differ from Module.visit"


@pytest.mark.slow
def test_parse_line_and_walk_shortcuts_give_libcsts_own_results_everywhere() -> None:
    from concurrent.futures import ProcessPoolExecutor

    paths = [source.fs_path for source in _stdlib_sources()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        problems = [(p, why) for p, why in zip(paths, pool.map(_shortcuts_agree, paths, chunksize=8), strict=True) if why]
    assert problems == []
