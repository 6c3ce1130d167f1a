"""Which statement is a docstring, by Python's own rule for `__doc__`.

The compiler takes the first statement of a body as the docstring when it is
an expression statement whose value is a `str` constant: a plain string or an
implicit concatenation of plain strings, parenthesised or not. A bytes literal
(`b"x"`) or anything holding an f-string is an ordinary statement, and
`f.__doc__` is None.
"""

from __future__ import annotations

import libcst as cst

__all__ = ["is_docstring", "is_str_constant"]


def is_str_constant(node: cst.BaseExpression) -> bool:
    """A string literal, or a concatenation of them, whose value is a `str` (not bytes, no f-string)."""
    if isinstance(node, cst.SimpleString):
        return "b" not in node.prefix.lower()
    if isinstance(node, cst.ConcatenatedString):
        return is_str_constant(node.left) and is_str_constant(node.right)
    return False


def is_docstring(statement: cst.CSTNode) -> bool:
    """`statement`, placed first in a body, would be that body's docstring."""
    if not isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        return False
    if len(statement.body) != 1 or not isinstance(statement.body[0], cst.Expr):
        return False
    return is_str_constant(statement.body[0].value)
