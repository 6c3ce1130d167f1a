"""Bytes to one LibCST tree, or a per-file error saying why not.

Everything a repository can hold ends here either as a parsed module or as a
`FileError` with a CSM9xx code; nothing raises past this module.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

import libcst as cst

from codesmell.model import FileError

# Codes for files that could not be analysed (documented in the README).
SYNTAX_ERROR = "CSM901"
DECODE_ERROR = "CSM902"
NULL_BYTES = "CSM903"
TOO_DEEP = "CSM904"
READ_ERROR = "CSM905"
INTERNAL_ERROR = "CSM999"


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


def parse(data: bytes) -> ParsedSource | FileError:
    """Decode and parse with LibCST; syntax and recursion failures become errors."""
    text = decode(data)
    if isinstance(text, FileError):
        return text
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid syntax"
        return FileError(SYNTAX_ERROR, f"syntax error: {message}", exc.raw_line, exc.raw_column)
    except RecursionError:
        return FileError(TOO_DEEP, "nesting too deep to parse")
    except Exception as exc:  # LibCST's native parser raises a few other types on odd input
        return FileError(SYNTAX_ERROR, f"cannot parse: {type(exc).__name__}: {exc}")
    return ParsedSource(text=text, module=module, line_count=text.count("\n") + 1)
