"""The per-file pipeline: bytes -> one LibCST parse -> `FileResult`.

A pure function of the file's bytes and its place in the project (path, module
name), so results can be cached by content hash and computed in any executor.
The same tree feeds the metrics visitor and the graph facts extractor.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from codesmell.cst.lines import LineIndex, index_lines
from codesmell.cst.walk import walk_code
from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor
from codesmell.model import FileError, FileResult, FunctionMetrics
from codesmell.rules.codes import INTERNAL_ERROR, NOTEBOOK_ERROR, TOO_DEEP
from codesmell.rules.noqa import noqa_lines
from codesmell.run import source
from codesmell.run.gcpause import gc_paused
from codesmell.run.notebook import NotebookError, is_notebook, notebook_source

# LibCST's visitors recurse once per nesting level of the tree; long operator
# chains in real code (a 500-term string concatenation) need more than 1000 frames.
RECURSION_LIMIT = 20_000


def _ensure_recursion_limit() -> None:
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


# LibCST's native parser recurses on the C stack once per nesting level and
# overflows the main thread's 8 MB (a segfault, not an exception) at about 1,300
# nested brackets or 20,000 chained `not`s. Parsing on a thread with a large
# stack (reserved address space; only the pages used are committed) moves that
# point far beyond anything a repository holds; brackets deeper than CPython
# allows are refused before parsing anyway (`source.MAX_BRACKET_DEPTH`).
PARSE_STACK_SIZE = 512 * 1024 * 1024


# One long-lived thread per process does the work: a new 512 MB thread per file
# costs ~13 % of the analysis, because glibc does not cache stacks that large and
# every file then faults in fresh stack pages. It is tied to the process that
# started it: a forked child (a worker of the process pool) inherits the executor
# object but not its thread, and starts its own. Checking the pid, rather than
# registering a fork hook at import time, leaves the importing process untouched.
_large_stack: ThreadPoolExecutor | None = None
_large_stack_pid = 0
_large_stack_lock = threading.Lock()


def _large_stack_thread() -> ThreadPoolExecutor | None:
    """The executor whose one thread has a `PARSE_STACK_SIZE` stack; None where that is impossible."""
    global _large_stack, _large_stack_pid
    with _large_stack_lock:
        if _large_stack is not None and _large_stack_pid == os.getpid():
            return _large_stack
        try:
            previous = threading.stack_size(PARSE_STACK_SIZE)
        except (ValueError, RuntimeError):  # pragma: no cover - platform without settable stacks
            return None
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="codesmell-analyse")
        try:
            executor.submit(int).result()  # starts the thread now, while the stack size is set
        except RuntimeError:  # no address space for the stack (ulimit -v)
            executor.shutdown(wait=False)
            return None
        finally:
            threading.stack_size(previous)
        _large_stack, _large_stack_pid = executor, os.getpid()
        return executor


def large_stack_thread_running() -> bool:
    """Whether this process has started its analysis thread (and not released it)."""
    return _large_stack is not None and _large_stack_pid == os.getpid()


def release_large_stack_thread() -> None:
    """Stop the analysis thread (the next analysis starts a new one); for hosts embedding codesmell.

    The command line never calls it: the thread dies with the process.
    """
    global _large_stack
    with _large_stack_lock:
        executor, _large_stack = _large_stack, None
        owned = _large_stack_pid == os.getpid()
    if executor is not None and owned:
        executor.shutdown(wait=True)


def _on_large_stack(work: Callable[[], FileResult]) -> FileResult:
    executor = _large_stack_thread()
    if executor is None:
        return work()
    return executor.submit(work).result()


def analyze_source(
    data: bytes,
    path: str,
    module: str = "",
    is_package: bool = False,
    with_graph: bool = True,
    halstead: bool = False,
    with_metrics: bool = True,
) -> FileResult:
    """Measure every function in `data`; never raises for bad input.

    `halstead`: also radon's Halstead figures per function and maintainability index
    (see `codesmell.metrics.halstead`). `with_metrics=False` (with `with_graph`): only
    the graph facts, for `codesmell graph`, which never reads the functions: the metrics,
    concerns, Extract Method candidates and the line index they need are half of the
    per-file CPU after the parse. Its imports have no position (line and column 0): only
    the architecture gate reads those, and it asks for the metrics too.

    The cyclic garbage collector is paused meanwhile: a parse allocates about a
    million acyclic nodes, and the collections their allocation triggers, each
    walking the growing tree, cost 17-25 % of a cold `metrics` run's CPU over
    the standard library. The tree is freed by reference counting; the next
    collection after the file finds any cycles.
    """
    _ensure_recursion_limit()
    with gc_paused():
        return _on_large_stack(lambda: _analyze(data, path, module, is_package, with_graph, halstead, with_metrics))


def _analyze(data: bytes, path: str, module: str, is_package: bool, with_graph: bool,
             halstead: bool = False, with_metrics: bool = True) -> FileResult:
    digest = hashlib.sha256(data).hexdigest()
    notebook = None
    if is_notebook(path):
        try:
            converted = notebook_source(data)
        except NotebookError as exc:
            return FileResult(path=path, module=module, errors=(FileError(NOTEBOOK_ERROR, str(exc)),), sha256=digest)
        data, notebook = converted.text.encode("utf-8"), converted.map
    parsed = source.parse(data)
    if isinstance(parsed, FileError):
        return FileResult(path=path, module=module, errors=(parsed,), sha256=digest, notebook=notebook)
    try:
        lines: LineIndex | None = None
        text_lines: list[str] | None = None
        if with_metrics:
            lines = index_lines(parsed.module, parsed.line_count)
            text_lines = parsed.text.split("\n")
            functions, noqa, maintainability = _measure(parsed, lines, text_lines, halstead)
        else:  # the graph's own run: no functions and no line index (see `analyze_source`)
            functions, noqa, maintainability = (), (), None
        facts = None
        if with_graph:
            from codesmell.graph.facts import extract_module_facts

            facts = extract_module_facts(parsed.module, module, is_package, lines, text_lines)
    except RecursionError:
        error = FileError(TOO_DEEP, "nesting too deep to analyse (recursion limit)")
        return FileResult(path=path, module=module, errors=(error,), sha256=digest, notebook=notebook)
    except Exception as exc:  # a bug of ours must not hide the rest of the run
        error = FileError(INTERNAL_ERROR, f"internal error: {type(exc).__name__}: {exc}")
        return FileResult(path=path, module=module, errors=(error,), sha256=digest, notebook=notebook)
    return FileResult(
        path=path,
        module=module,
        functions=functions,
        noqa=noqa,
        graph=facts,
        sha256=digest,
        lines=parsed.line_count,
        notebook=notebook,
        maintainability=maintainability,
    )


def _measure(
    parsed: source.ParsedSource, lines: LineIndex, text_lines: list[str], halstead: bool
) -> tuple[tuple[FunctionMetrics, ...], tuple[tuple[int, frozenset[str]], ...], float | None]:
    """Every function's metrics (with concerns, shape and suggestions), the `noqa` lines, the maintainability index."""
    visitor = FunctionMetricsVisitor(lines, parsed.line_count, text_lines)
    walk_code(parsed.module, visitor, CODE_HOOKS)
    functions = tuple(sorted(visitor.results, key=lambda f: (f.line, f.qualname)))
    # Concerns, shape and Extract Method candidates: only functions above the SLOC floor pay,
    # and the name facts are computed once for both.
    from codesmell.extract import suggest_for_module
    from codesmell.metrics.shape import measure_long_functions

    functions, known = measure_long_functions(parsed.module, lines, functions)
    suggestions = suggest_for_module(parsed.module, lines, functions, known=known)
    if suggestions:
        functions = tuple(
            replace(f, suggestions=suggestions[f.line]) if f.line in suggestions else f for f in functions
        )
    maintainability = None
    if halstead:
        from codesmell.metrics.halstead import measure

        functions, maintainability = measure(parsed.text, functions)
    return functions, noqa_lines(parsed.text), maintainability
