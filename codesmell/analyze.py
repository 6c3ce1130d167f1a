"""The per-file pipeline: bytes -> one LibCST parse -> `FileResult`.

A pure function of the file's bytes and its place in the project (path, module
name), so results can be cached by content hash and computed in any executor.
The same tree feeds the metrics visitor and the graph facts extractor.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace

from codesmell import source
from codesmell.metrics.lines import index_lines
from codesmell.metrics.visitor import FunctionMetricsVisitor
from codesmell.model import FileError, FileResult
from codesmell.noqa import noqa_lines

# LibCST's visitors recurse once per nesting level of the tree; long operator
# chains in real code (a 500-term string concatenation) need more than 1000 frames.
RECURSION_LIMIT = 20_000


def _ensure_recursion_limit() -> None:
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\f"))


def analyze_source(
    data: bytes,
    path: str,
    module: str = "",
    is_package: bool = False,
    with_graph: bool = True,
) -> FileResult:
    """Measure every function in `data`; never raises for bad input."""
    _ensure_recursion_limit()
    digest = hashlib.sha256(data).hexdigest()
    parsed = source.parse(data)
    if isinstance(parsed, FileError):
        return FileResult(path=path, module=module, errors=(parsed,), sha256=digest)
    try:
        lines = index_lines(parsed.module, parsed.line_count)
        visitor = FunctionMetricsVisitor(lines, parsed.line_count)
        parsed.module.visit(visitor)
        text_lines = parsed.text.split("\n")
        functions = tuple(
            replace(f, col=_indent(text_lines[f.line - 1]))
            for f in sorted(visitor.results, key=lambda f: (f.line, f.qualname))
        )
        facts = None
        if with_graph:
            from codesmell.graph.facts import extract_module_facts

            facts = extract_module_facts(parsed.module, module, is_package)
    except RecursionError:
        error = FileError(source.TOO_DEEP, "nesting too deep to analyse (recursion limit)")
        return FileResult(path=path, module=module, errors=(error,), sha256=digest)
    except Exception as exc:  # a bug of ours must not hide the rest of the run
        error = FileError(source.INTERNAL_ERROR, f"internal error: {type(exc).__name__}: {exc}")
        return FileResult(path=path, module=module, errors=(error,), sha256=digest)
    return FileResult(
        path=path,
        module=module,
        functions=functions,
        noqa=noqa_lines(parsed.text),
        graph=facts,
        sha256=digest,
        lines=parsed.line_count,
    )
