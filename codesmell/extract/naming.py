"""A snake_case name for an extracted block: from its leading comment, else its dominant call."""

from __future__ import annotations

import keyword
import re
from collections import Counter
from collections.abc import Sequence

import libcst as cst

from codesmell.extract.facts import BUILTIN_NAMES

# Calls too generic to say what a block is for.
_GENERIC_CALLS = frozenset(
    [
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "get",
        "setdefault",
        "items",
        "keys",
        "values",
        "update",
        "add",
        "discard",
        "clear",
        "copy",
        "format",
        "join",
        "split",
        "rsplit",
        "strip",
        "lstrip",
        "rstrip",
        "startswith",
        "endswith",
        "replace",
        "lower",
        "upper",
        "encode",
        "decode",
        "read",
        "write",
        "close",
        "open",
        "print",
        "len",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "set",
        "tuple",
        "frozenset",
        "range",
        "enumerate",
        "zip",
        "sorted",
        "reversed",
        "isinstance",
        "issubclass",
        "hasattr",
        "getattr",
        "setattr",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "map",
        "filter",
        "iter",
        "next",
        "repr",
        "type",
        "super",
        "object",
        "id",
        "hash",
        "abs",
        "round",
        "divmod",
        "callable",
        "vars",
    ]
)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "for",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "it",
        "its",
        "we",
        "our",
        "then",
        "now",
        "here",
        "there",
        "all",
        "any",
        "each",
        "every",
        "some",
        "so",
        "as",
        "if",
        "else",
        "when",
        "which",
        "who",
        "what",
        "via",
    ]
)
_DIRECTIVES = re.compile(r"^\s*(noqa|type:|pragma|pylint|fmt:|isort:|todo|fixme|xxx|hack|ruff:|mypy:)", re.I)
MAX_WORDS = 4
MAX_COMMENT_WORDS = 8  # longer comments explain; they are not titles


def snake(text: str) -> str:
    """`fetchUserToken` / `Fetch user token` -> `fetch_user_token`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    words = re.findall(r"[a-zA-Z][a-zA-Z0-9]*|[0-9]+", text)
    return "_".join(w.lower() for w in words)


def leading_comment(statement: cst.BaseStatement) -> str:
    """The comment lines right above `statement` (the last paragraph of them), joined."""
    lines: list[str] = []
    for line in getattr(statement, "leading_lines", ()):
        if line.comment is None:
            lines = []
            continue
        lines.append(line.comment.value.lstrip("#").strip())
    return " ".join(line for line in lines if line and not _DIRECTIVES.match(line))


def name_from_comment(comment: str) -> str:
    """A title-like comment (`# Compute the totals`) names the block; prose does not."""
    words = [w for w in snake(comment.split(".")[0].split(":")[0]).split("_") if w]
    if len(words) > MAX_COMMENT_WORDS:
        return ""
    words = [w for w in words if w not in _STOPWORDS] or words
    if not words or not words[0].isalpha():
        return ""
    return "_".join(words[:MAX_WORDS])


def _is_guard(statement: cst.BaseStatement) -> bool:
    """`if ...: raise ...` (with elif/else all raising) or `assert ...`."""
    if isinstance(statement, cst.SimpleStatementLine):
        return all(isinstance(small, cst.Assert) for small in statement.body)
    if isinstance(statement, cst.If):
        body = statement.body.body
        last = body[-1] if body else None
        if isinstance(last, cst.SimpleStatementLine):
            raises = isinstance(last.body[-1], cst.Raise)
        elif isinstance(last, cst.Raise):
            raises = True
        else:
            raises = any(_is_guard(s) for s in body if isinstance(s, cst.BaseStatement))
        orelse = statement.orelse
        if isinstance(orelse, cst.If):
            return raises and _is_guard(orelse)
        return raises
    return False


def dominant_call(calls: Sequence[str]) -> str:
    """The most frequent non-generic call of the block; ties go to the first seen."""
    calls = [c for c in calls if c not in _GENERIC_CALLS and not c.startswith("__") and not c[:1].isupper()]
    if not calls:
        return ""
    counts = Counter(calls)
    best = max(counts.values())
    return next(c for c in calls if counts[c] == best)


def _loop_subject(statement: cst.BaseStatement) -> str:
    if isinstance(statement, cst.For):
        subject = statement.iter
        if isinstance(subject, cst.Call) and not isinstance(subject.func, cst.Attribute):
            subject = subject.args[0].value if subject.args else subject
        if isinstance(subject, cst.Attribute):
            return subject.attr.value
        if isinstance(subject, cst.Name):
            return subject.value
        if isinstance(subject, cst.Call) and isinstance(subject.func, cst.Attribute):
            return (
                subject.func.value.attr.value
                if isinstance(subject.func.value, cst.Attribute)
                else (subject.func.value.value if isinstance(subject.func.value, cst.Name) else "")
            )
    return ""


def propose_name(
    statements: Sequence[cst.BaseStatement],
    returns: Sequence[str],
    parent: str,
    taken: set[str],
    calls: Sequence[str] = (),
) -> str:
    """A fresh snake_case name for the block, not clashing with `taken` or builtins."""
    base = ""
    comment = leading_comment(statements[0])
    if comment:
        base = name_from_comment(comment)
    if not base:
        call = snake(dominant_call(calls)).strip("_")
        if len(returns) == 1:
            result = snake(returns[0]).strip("_")
            if call and result and result not in call:
                base = f"{call}_{result}"
            else:
                base = f"compute_{result}" if result else call
        elif sum(_is_guard(st) for st in statements) * 2 >= len(statements) and not returns:
            base = f"check_{snake(parent).strip('_') or 'arguments'}_arguments"
        elif _loop_subject(statements[0]):
            base = f"process_{snake(_loop_subject(statements[0])).strip('_')}"
        elif call:
            base = f"do_{call}"
    if not base:
        base = f"{snake(parent).strip('_') or 'block'}_part"
    if not base.startswith("_"):
        base = "_" + base  # a helper is an implementation detail: never new public API (`__all__`)
    return fresh_name(base, taken)


def fresh_name(base: str, taken: set[str]) -> str:
    base = re.sub(r"_+", "_", base)[:40].rstrip("_") or "extracted"
    if base[0].isdigit():
        base = "_" + base
    name, n = base, 2
    while name in taken or keyword.iskeyword(name) or name in BUILTIN_NAMES:
        name = f"{base}_{n}"
        n += 1
    return name
