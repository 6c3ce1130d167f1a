"""`is_docstring` agrees with Python's own rule (`ast.get_docstring`) on every kind of first statement."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst
import pytest

from codesmell.cst.docstrings import is_docstring

FIRST_STATEMENTS = [
    '"doc"',
    "'doc'",
    '"""doc"""',
    'r"doc"',
    'u"doc"',
    'R"doc"',
    '("doc")',
    '"a" "b"',
    '("a"\n     "b")',
    'b"x"',
    'B"x"',
    'rb"x"',
    'Br"x"',
    'b"a" b"b"',
    'f"doc"',
    'f"{x}"',
    '"a" f"b"',
    'f"a" "b"',
    "x = 1",
    "1",
    "...",
    "pass",
]


@pytest.mark.parametrize("statement", FIRST_STATEMENTS)
def test_is_docstring_is_pythons_rule(statement: str) -> None:
    text = "def f():\n" + textwrap.indent(statement, "    ") + "\n"
    function = ast.parse(text).body[0]
    assert isinstance(function, ast.FunctionDef)
    expected = ast.get_docstring(function, clean=False) is not None
    module = cst.parse_module(text)
    body = module.body[0]
    assert isinstance(body, cst.FunctionDef) and isinstance(body.body, cst.IndentedBlock)
    assert is_docstring(body.body.body[0]) is expected
