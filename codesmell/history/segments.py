"""Analyse a revision by the statements that hold functions, so an unchanged method is never parsed twice.

Between two releases most functions of a changed file are unchanged: a
2,500-line test module whose release touched three tests. Whole-file analysis
would parse the file again for each revision; instead each blob is cut (with
`ast`, ten times faster than LibCST) into segments, one per top-level statement
holding a function and, inside a top-level class, one per member holding a
function, under a one-line `class Name:` header so qualified names and method
facts come out as in the file. Each distinct segment text is analysed once,
through the content-hash cache, and its functions are shifted to the blob's
line numbers. Every figure of a function depends on its own text and its
enclosing classes only, so the assembled result equals the whole-file analysis
(tests/history/test_segments.py checks it on real files); a blob `ast` cannot
cut, or whose segment does not parse, is analysed whole.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, replace

from codesmell.model import FileResult, FunctionMetrics, Increment, Suggestion

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Segment:
    text: str
    offset: int  # add to a line of `text` to get the line of the blob


def decode(data: bytes) -> str | None:
    """The text as the interpreter reads it (BOM, cookie, UTF-8; universal newlines); None if it cannot be."""
    if b"\x00" in data:
        return None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _has_def(node: ast.AST) -> bool:
    return any(isinstance(n, _DEFS) for n in ast.walk(node))


def _start(node: ast.stmt) -> tuple[int, int]:
    """(line, column) where the statement's text starts: its first decorator's `@`, else its keyword."""
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        return decorators[0].lineno, decorators[0].col_offset - 1
    return node.lineno, node.col_offset


def split(text: str) -> list[Segment] | None:
    """The segments holding every function of `text`; None when it must be analysed whole."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    lines = text.split("\n")
    segments: list[Segment] = []
    for node in tree.body:
        if not _has_def(node):
            continue
        line, col = _start(node)
        if node.end_lineno is None or lines[line - 1][:col].strip():
            return None
        members = [m for m in node.body if _has_def(m)] if isinstance(node, ast.ClassDef) else []
        if isinstance(node, ast.ClassDef) and col == 0 and members and all(m.lineno > node.lineno for m in members):
            for member in members:
                first, column = _start(member)
                if member.end_lineno is None or lines[first - 1][:column].strip():
                    return None
                body = "\n".join(lines[first - 1 : member.end_lineno])
                segments.append(Segment(f"class {node.name}:\n{body}\n", first - 2))
        else:
            segments.append(Segment("\n".join(lines[line - 1 : node.end_lineno]) + "\n", line - 1))
    return segments


def _shift_function(function: FunctionMetrics, offset: int) -> FunctionMetrics:
    if offset == 0:
        return function
    return replace(
        function,
        line=function.line + offset,
        end_line=function.end_line + offset,
        header_end_line=function.header_end_line + offset,
        increments=tuple(Increment(i.metric, i.line + offset, i.amount, i.reason) for i in function.increments),
        suggestions=tuple(replace(s, start_line=s.start_line + offset, end_line=s.end_line + offset)
                          for s in function.suggestions),
        concern_spans=tuple(tuple((a + offset, b + offset) for a, b in spans) for spans in function.concern_spans),
    )


def assemble(
    path: str, module: str, text: str, segments: Sequence[Segment], parts: Sequence[FileResult]
) -> FileResult | None:
    """The blob's result from its segments' results; None when a segment failed (analyse it whole)."""
    if any(part.errors for part in parts):
        return None
    functions = [_shift_function(f, segment.offset) for segment, part in zip(segments, parts, strict=True)
                 for f in part.functions]
    functions.sort(key=lambda f: (f.line, f.qualname))
    return FileResult(path=path, module=module, functions=tuple(functions), lines=text.count("\n") + 1)


__all__ = ["Segment", "Suggestion", "assemble", "decode", "split"]
