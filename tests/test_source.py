"""Bytes -> tree or a CSM9xx error (codesmell.source), and analyze_source never raising."""

from __future__ import annotations

import hypothesmith
import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codesmell import source
from codesmell.analyze import analyze_source
from codesmell.model import FileError


def error_of(data: bytes) -> FileError:
    parsed = source.parse(data)
    assert isinstance(parsed, FileError), parsed
    return parsed


def test_bom_and_crlf_are_removed_and_normalised() -> None:
    text = source.decode(b"\xef\xbb\xbfx = 1\r\ny = 2\rz = 3\n")
    assert text == "x = 1\ny = 2\nz = 3\n"


def test_pep_263_cookie_is_honoured() -> None:
    assert source.decode(b"# -*- coding: latin-1 -*-\ns = '\xe9'\n") == "# -*- coding: latin-1 -*-\ns = '\xe9'\n"


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"x = 1\n\ny = '\xe9'\n", "CSM902", 3),  # Latin-1 without a cookie
        (b"# coding: ascii\nx = '\xc3\xa9'\n", "CSM902", 2),  # cookie says ascii, bytes are UTF-8
        (b"# coding: klingon\n", "CSM902", 1),  # no such codec
        (b"\xef\xbb\xbf# coding: latin-1\n", "CSM902", 1),  # BOM and a cookie that disagree
        (b"x = 1\ny = 2\x00\n", "CSM903", 2),
    ],
)
def test_undecodable_sources_get_an_error_at_the_right_line(data: bytes, code: str, line: int) -> None:
    error = error_of(data)
    assert (error.code, error.line) == (code, line)
    assert error.message


def test_syntax_errors_carry_the_interpreters_message_and_position() -> None:
    error = error_of(b"import sys\n\nprint 'hello'\n")
    assert (error.code, error.line, error.col) == ("CSM901", 3, 0)
    assert error.message.startswith("syntax error: Missing parentheses in call to 'print'")
    error = error_of(b"def f(:\n    pass\n")
    assert (error.code, error.line, error.col) == ("CSM901", 1, 6)


def test_without_an_interpreter_account_libcsts_reason_is_kept() -> None:
    """When CPython has nothing to say (it accepts the text), LibCST's reason line is used, not `@ 1:1`."""
    with pytest.raises(cst.ParserSyntaxError) as caught:
        cst.parse_module("if x:\n  a\n\tb\n")
    error = source._syntax_error("accepted = True\n", caught.value)
    assert error.code == "CSM901"
    assert "Syntax Error @" not in error.message
    assert error.message.startswith("syntax error: tokenizer error:"), error.message


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("x = f(a[1], {2: (3,)})\n", 3),
        ("x = '((((' + \"[[[\"  # {{{{\n", 0),
        ('x = """\n(((\n""" + (r"\\" + \'\\\'(\')\n', 1),
        ("x = (" * 5 + ")" * 5, 5),
    ],
)
def test_bracket_depth_ignores_strings_and_comments(text: str, depth: int) -> None:
    assert source.bracket_depth(text) == depth


def test_brackets_deeper_than_cpython_allows_are_refused() -> None:
    """CPython's limit is 200; past ~1,300 LibCST's native parser overflows the C stack."""
    at_limit = b"x = " + b"(" * 200 + b"1" + b")" * 200 + b"\n"
    assert not isinstance(source.parse(at_limit), FileError)
    error = error_of(b"x = " + b"[" * 201 + b"]" * 201 + b"\n")
    assert error.code == "CSM904"
    assert "201" in error.message


def test_nesting_inside_an_fstring_is_parsed_on_a_large_stack() -> None:
    """Invisible to the bracket guard; on the main thread's 8 MB stack this killed the process."""
    result = analyze_source(b'x = f"{' + b"(" * 1500 + b"1" + b")" * 1500 + b'}"\n', "deep.py")
    assert result.errors == ()


def _chain(terms: int) -> bytes:
    return ("def total():\n    return " + " + ".join(f"a{i}" for i in range(terms)) + "\n").encode()


def test_long_operator_chain_is_analysed() -> None:
    """1,200 terms: a left-leaning tree deeper than Python's default 1,000 frames (parse time grows with the square)."""
    result = analyze_source(_chain(1200), "chain.py")
    assert result.errors == ()
    assert [(f.qualname, f.line, f.cyclomatic) for f in result.functions] == [("total", 1, 1)]


@pytest.mark.slow
def test_very_long_operator_chain_is_analysed() -> None:
    result = analyze_source(_chain(3000), "chain.py")
    assert result.errors == ()
    assert [(f.qualname, f.line, f.cyclomatic) for f in result.functions] == [("total", 1, 1)]


def test_crlf_file_has_the_line_numbers_of_the_file() -> None:
    data = b"\xef\xbb\xbf# header\r\n\r\ndef f(a):\r\n    if a:\r\n        return 1\r\n    return 2\r\n"
    result = analyze_source(data, "crlf.py")
    assert [(f.qualname, f.line, f.end_line, f.cyclomatic) for f in result.functions] == [("f", 3, 6, 2)]
    assert result.lines == 7


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_result_or_a_file_error(data: bytes) -> None:
    result = analyze_source(data, "fuzz.py")
    assert all(e.code in {"CSM901", "CSM902", "CSM903", "CSM904"} for e in result.errors), result.errors
    assert not (result.errors and result.functions)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="()[]{}'\"#\\\n xf:=+.,ifdefreturn\t", max_size=200))
def test_python_like_text_never_raises(text: str) -> None:
    """Brackets, quotes, comments and keywords in any order: the guard and both parsers must cope."""
    result = analyze_source(text.encode(), "fuzz.py")
    assert all(e.code in {"CSM901", "CSM904"} for e in result.errors), result.errors


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")  # hypothesmith compiles its programs
@settings(max_examples=60, deadline=None)
@given(hypothesmith.from_grammar())
def test_parsing_without_revalidation_builds_the_same_tree(text: str) -> None:
    try:
        expected = cst.parse_module(text)
    except Exception:
        return  # LibCST's grammar differs from CPython's on a few corners; not ours to test
    assert source.parse_without_revalidation(text).deep_equals(expected)


def test_validation_is_back_on_after_a_parse_even_a_failed_one() -> None:
    source.parse_without_revalidation("x = 1\n")
    with pytest.raises(cst.ParserSyntaxError):
        source.parse_without_revalidation("def (:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")


def test_stdlib_modules_parse_to_the_same_tree_without_revalidation() -> None:
    import inspect
    import json.decoder
    import string

    for module in (string, json.decoder, inspect):
        text = inspect.getsource(module)
        assert source.parse_without_revalidation(text).deep_equals(cst.parse_module(text))
