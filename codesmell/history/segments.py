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
import re
import tokenize
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from codesmell.model import FileResult, FunctionMetrics, Increment, Suggestion


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


_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]", re.M)
# Consecutive statements share a segment until one whose text hashes to 0 modulo GROUP (content-defined
# boundaries: editing a statement changes its own segment only, never where the others start), or until
# a segment reaches MAX_GROUP_LINES. Grouping trades per-segment costs (an analysis call, ~0.5 ms, and a
# cache entry) for re-parsing the neighbours of what changed; on the 21 requests releases of
# bench/history.py, GROUP 1 parses 776k characters in 1,193 segments, 2 971k in 754, 4 1,094k in 529,
# and parsing dominates, so each statement is its own segment.
GROUP = 1
MAX_GROUP_LINES = 200


class _Cutter:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        # def_before[n]: how many `def` lines come before line n+1; a statement holds a function when
        # its lines hold a `def` line (a false positive, `def` at the start of a line of a string, only
        # costs an extra segment)
        marks = [0] * (len(self.lines) + 1)
        line, position = 1, 0
        for match in _DEF_LINE.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            marks[line] = 1
        self.def_before = list(accumulate(marks))
        self.segments: list[Segment] = []

    def has_def(self, first: int, last: int) -> bool:
        return self.def_before[last] - self.def_before[first - 1] > 0

    def group(self, spans: list[tuple[int, int]], header: str) -> None:
        """Segments of consecutive statement spans (first, last line), each with the lines between them."""
        start = 0
        for index, (first, last) in enumerate(spans):
            text = "\n".join(self.lines[first - 1 : last])
            closing = zlib.crc32(text.encode("utf-8", "surrogatepass")) % GROUP == 0
            if closing or index == len(spans) - 1 or last - spans[start][0] >= MAX_GROUP_LINES:
                self.emit(spans[start][0], last, header)
                start = index + 1

    def emit(self, first: int, last: int, header: str) -> None:
        body = "\n".join(self.lines[first - 1 : last])
        if header:
            self.segments.append(Segment(f"{header}\n{body}\n", first - 2))
        else:
            self.segments.append(Segment(body + "\n", first - 1))


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
    cutter = _Cutter(text)
    lines = cutter.lines
    top: list[tuple[int, int]] = []
    for node in tree.body:
        line, col = _start(node)
        last = node.end_lineno
        if last is None or lines[line - 1][:col].strip():
            return None
        if not cutter.has_def(line, last):
            continue
        members: list[tuple[int, int]] = []
        name = node.name if isinstance(node, ast.ClassDef) else ""
        if isinstance(node, ast.ClassDef) and col == 0:
            for member in node.body:
                first, column = _start(member)
                if member.end_lineno is None or first <= node.lineno or lines[first - 1][:column].strip():
                    members = []
                    break
                if cutter.has_def(first, member.end_lineno):
                    members.append((first, member.end_lineno))
        if members:
            cutter.group(top, "")
            top = []
            cutter.group(members, f"class {name}:")
        else:
            top.append((line, last))
    cutter.group(top, "")
    return cutter.segments


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


# Segments are analysed in batches of about this many lines, each batch one module of top-level
# statements: one analysis call (and one task of the process pool) per batch instead of per segment.
BATCH_LINES = 1500


def batches(texts: Sequence[str]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Consecutive texts joined into modules of about BATCH_LINES lines; for each text its first and last line."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    line = 1
    for text in texts:
        count = text.count("\n")
        if parts and line - 1 + count > BATCH_LINES:
            out.append(("".join(parts), spans))
            parts, spans, line = [], [], 1
        parts.append(text)
        spans.append((line, line + count - 1))
        line += count
    if parts:
        out.append(("".join(parts), spans))
    return out


def unbatch(result: FileResult, spans: Sequence[tuple[int, int]]) -> list[FileResult]:
    """The batch's functions, per text, shifted to that text's own lines."""
    out = []
    for first, last in spans:
        functions = tuple(_shift_function(f, 1 - first) for f in result.functions if first <= f.line <= last)
        out.append(FileResult("<segment>", "", functions, lines=last - first + 1))
    return out


def assemble(
    path: str, module: str, text: str, segments: Sequence[Segment], parts: Sequence[FileResult | None]
) -> FileResult | None:
    """The blob's result from its segments' results; None when a segment failed (analyse it whole)."""
    if any(part is None or part.errors for part in parts):
        return None
    functions = [_shift_function(f, segment.offset) for segment, part in zip(segments, parts, strict=True)
                 if part is not None for f in part.functions]
    functions.sort(key=lambda f: (f.line, f.qualname))
    return FileResult(path=path, module=module, functions=tuple(functions), lines=text.count("\n") + 1)


__all__ = ["Segment", "Suggestion", "assemble", "decode", "split"]
