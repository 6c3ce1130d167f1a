"""Bytes to one LibCST tree, or a per-file error saying why not.

Everything a repository can hold ends here either as a parsed module or as a
`FileError` with a CSM9xx code; nothing raises past this module.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from itertools import accumulate

import libcst as cst

from codesmell.cst.parse import parse_without_revalidation
from codesmell.model import FileError
from codesmell.rules.codes import (
    DECODE_ERROR,
    INTERNAL_ERROR,
    NULL_BYTES,
    PARSER_LIMIT,
    READ_ERROR,
    SYNTAX_ERROR,
    TOO_DEEP,
)

__all__ = [
    "DECODE_ERROR",
    "INTERNAL_ERROR",
    "MAX_BRACKET_DEPTH",
    "NULL_BYTES",
    "PARSER_LIMIT",
    "READ_ERROR",
    "SYNTAX_ERROR",
    "TOO_DEEP",
    "ParsedSource",
    "bracket_depth",
    "decode",
    "parse",
]

# Codes for files that could not be analysed (documented in the README).

# CPython's tokenizer refuses more than 200 nested brackets ("too many nested
# parentheses") in every version; LibCST's native parser instead overflows the
# C stack and kills the process somewhere past 1,000 levels. So deeper nesting
# is refused here, before LibCST sees it.
MAX_BRACKET_DEPTH = 200

# String literals and comments, whose brackets do not nest code.
_STRINGS_AND_COMMENTS = re.compile(
    "|".join(
        (
            r'"""(?:\\.|[^\\])*?"""',  # triple-quoted, may span lines
            r"'''(?:\\.|[^\\])*?'''",
            r'"(?:\\.|[^"\\\n])*"',  # one line; a backslash escapes the quote, even in r""
            r"'(?:\\.|[^'\\\n])*'",
            r"\#[^\n]*",
        )
    ),
    re.S,
)
_NOT_BRACKETS = re.compile(r"[^()\[\]{}]+")
_BRACKET_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


@dataclass(frozen=True)
class ParsedSource:
    text: str  # newlines normalised to "\n", BOM removed
    module: cst.Module
    line_count: int


def decode(data: bytes) -> str | FileError:
    """Decode like the interpreter does: BOM, PEP 263 cookie, else UTF-8."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return FileError(NULL_BYTES, "source contains null bytes; not a Python text file", line)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return FileError(DECODE_ERROR, f"cannot decode source: {exc}")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = 1
        if isinstance(exc, UnicodeDecodeError):
            line = data[: exc.start].count(b"\n") + 1
        return FileError(DECODE_ERROR, f"cannot decode source as {encoding}: {exc}", line)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        # The interpreter reads sources with universal newlines; so do we.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def bracket_depth(text: str) -> int:
    """Deepest nesting of (), [] and {} outside strings and comments."""
    code = _STRINGS_AND_COMMENTS.sub("", text)
    brackets = _NOT_BRACKETS.sub("", code)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets), initial=0))


def parse(data: bytes) -> ParsedSource | FileError:
    """Decode and parse with LibCST; syntax and recursion failures become errors."""
    text = decode(data)
    if isinstance(text, FileError):
        return text
    depth = bracket_depth(text)
    if depth > MAX_BRACKET_DEPTH:
        return FileError(
            TOO_DEEP, f"brackets nested {depth} deep; Python allows {MAX_BRACKET_DEPTH} (too many nested parentheses)"
        )
    try:
        module = parse_without_revalidation(text)
    except cst.ParserSyntaxError as exc:
        return _syntax_error(text, exc)
    except RecursionError:
        return FileError(TOO_DEEP, "nesting too deep to parse")
    except Exception as exc:  # LibCST's native parser raises a few other types on odd input
        return FileError(SYNTAX_ERROR, f"cannot parse: {type(exc).__name__}: {exc}")
    return ParsedSource(text=text, module=module, line_count=text.count("\n") + 1)


def _syntax_error(text: str, exc: cst.ParserSyntaxError) -> FileError:
    """The interpreter's own message and position when it rejects the file too.

    LibCST reports where its parser gave up ("Syntax Error @ 6:1", often the line
    after the mistake); CPython says what is wrong and where ("Missing parentheses
    in call to 'print'", "too many levels of indentation"). Only failed files pay
    for the second parse. When the interpreter accepts the file, the file is
    fine and LibCST is what falls short: `PARSER_LIMIT`, not a syntax error.
    """
    try:
        compile(text, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        if error.lineno:
            col = max((error.offset or 1) - 1, 0)
            return FileError(SYNTAX_ERROR, f"syntax error: {error.msg}", error.lineno, col)
    except Exception:  # MemoryError, RecursionError: fall back to LibCST's account
        pass
    else:
        return _parser_limit(text, exc)
    return FileError(SYNTAX_ERROR, f"syntax error: {_libcst_reason(exc)}", exc.raw_line, exc.raw_column)


# LibCST's reason names a second position ("error at 4:8: expected INDENT") that is
# neither its header's nor the construct's; the error keeps one position only.
_INNER_AT = re.compile(r"error at (\d+):(\d+): ")
_INNER_POSITION = re.compile(r"^(\w+ error): error at \d+:\d+: ")
# A backslash continuation on a line of its own (outside strings): CPython joins it
# to the next line, LibCST's tokenizer expects the indentation there instead.
_LONE_BACKSLASH = re.compile(r"^[ \t\f]*\\\n", re.M)


def _libcst_reason(exc: cst.ParserSyntaxError) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    # Line 2 holds the reason ("parser error: ... expected one of ...", "tokenizer error: ...").
    reason = lines[1] if len(lines) > 1 else (lines[0] if lines else "invalid syntax")
    return _INNER_POSITION.sub(r"\1: ", reason)


def _parser_limit(text: str, exc: cst.ParserSyntaxError) -> FileError:
    """Valid Python that LibCST cannot parse, at the construct when we know it, else where LibCST stopped."""
    blanked = _STRINGS_AND_COMMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    lone = _LONE_BACKSLASH.search(blanked)
    if lone is not None and text.count("\n", 0, lone.start()) + 1 <= exc.raw_line:
        line = text.count("\n", 0, lone.start()) + 1
        col = lone.end() - 2 - lone.start()
        return FileError(
            PARSER_LIMIT,
            "valid Python the parser cannot read: a backslash continuation on a line of its own"
            " (LibCST does not support it; remove the backslash)",
            line,
            col,
        )
    # The reason's own "error at L:C" is the line of the construct (black's case, a
    # parenthesised annotation target); `raw_line` is often the line after it.
    inner = _INNER_AT.search(str(exc))
    line, col = (int(inner.group(1)), int(inner.group(2))) if inner else (exc.raw_line, exc.raw_column)
    return FileError(PARSER_LIMIT, f"valid Python the parser cannot read (LibCST: {_libcst_reason(exc)})", line, col)
