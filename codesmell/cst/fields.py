"""Which fields of a LibCST node can hold code, for the read-only tree walks.

The graph facts collector and the Extract Method name analysis read node
fields directly instead of going through LibCST's visitor, which rebuilds every
node it leaves. Both skip the same fields: those that only ever hold
whitespace, comments, punctuation or formatting strings.
"""

from __future__ import annotations

import dataclasses

SKIPPED_FIELDS = frozenset(
    {
        "asynchronous",
        "colon",
        "comma",
        "default_indent",
        "default_newline",
        "dot",
        "empty_lines",
        "encoding",
        "equal",
        "first_line",
        "footer",
        "has_trailing_newline",
        "header",
        "indent",
        "leading_lines",
        "lines_after_decorators",
        "lpar",
        "newline",
        "operator",
        "rpar",
        "semicolon",
        "star",
        "trailing_whitespace",
    }
)

_FIELDS: dict[type, tuple[str, ...]] = {}


def semantic_fields(kind: type) -> tuple[str, ...]:
    """The fields of node type `kind` that can hold names, calls or statements."""
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
        _FIELDS[kind] = names
    return names
