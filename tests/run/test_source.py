"""Bytes -> tree or a CSM9xx error (codesmell.run.source), and analyze_source never raising."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codesmell.model import FileError, FileResult
from codesmell.run import source
from codesmell.run.analyze import analyze_source


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
    assert error.code == "CSM906"  # the interpreter accepts it: LibCST's limit, not the user's error
    assert "Syntax Error @" not in error.message
    assert error.message.startswith("valid Python the parser cannot read (LibCST: tokenizer error:"), error.message
    # A tokenizer error names no position of its own: where LibCST stopped is the one position.
    assert (error.line, error.col) == (caught.value.raw_line, caught.value.raw_column)


def test_a_parenthesised_annotation_target_is_csm906_on_its_own_line() -> None:
    """`(name): int` is valid Python (the stdlib's test_grammar.py has it); LibCST rejects it."""
    error = error_of(b"x = 1\n(pars): bool = True\n")
    assert (error.code, error.line) == ("CSM906", 2)


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


def test_a_lone_backslash_line_is_valid_python_libcst_cannot_read_located_at_the_backslash() -> None:
    """black's `backslash_before_indent` case: `ast.parse` accepts it, LibCST expects an INDENT."""
    from conftest import FIXTURES

    data = (FIXTURES / "bad_input" / "backslash_before_indent.py").read_bytes()
    compile(data, "case.py", "exec", ast.PyCF_ONLY_AST)  # valid for the running Python
    error = error_of(data)
    assert error.code == "CSM906"
    # One position, of the construct: the backslash alone on line 4 (after the two-line licence note).
    assert (error.line, error.col) == (4, 0)
    assert "backslash continuation on a line of its own" in error.message
    assert not any(ch.isdigit() for ch in error.message), "no second position inside the message"


def test_an_indented_lone_backslash_is_located_at_its_column() -> None:
    error = error_of(b"class P:\n  \\\n    pass\n")
    assert (error.code, error.line, error.col) == ("CSM906", 2, 2)


def test_a_backslash_line_inside_a_string_is_not_the_construct() -> None:
    error = error_of(b"x = '''\n\\\n'''\nclass P:\n\\\n    pass\n")
    assert (error.code, error.line, error.col) == ("CSM906", 5, 0)


@pytest.mark.parametrize(
    "text",
    [
        'x = f"{"a"}"\n',  # PEP 701: the same quotes nested
        'x = f"{f"{f"{1}"}"}"\n',
        'x = f"{"\\n".join(y)}"\n',  # a backslash in a replacement field
        'x = f"""{\n    1  # a comment in a field\n}"""\n',
        "type X[T] = list[T]\n",  # PEP 695
        "def f[T](x: T) -> T:\n    return x\n",
        "class C[T = int]:\n    pass\n",  # PEP 696 (3.13)
    ],
)
def test_newer_syntax_is_analysed_whatever_the_running_python(text: str) -> None:
    """LibCST 1.9 parses 3.12 and 3.13 syntax on every interpreter (3.11.7, 3.12.1, 3.13.0); 1.1 lacks PEP 696."""
    result = analyze_source(text.encode(), "new.py")
    assert result.errors == ()


def test_csm906_fails_the_gate_unless_ignored_by_config(tmp_path: Path) -> None:
    from codesmell.config import Config
    from codesmell.rules.thresholds import all_findings

    broken = FileResult(path="a.py", module="a", errors=(FileError("CSM906", "valid Python the parser cannot read", 3, 0),))
    syntax = FileResult(path="b.py", module="b", errors=(FileError("CSM901", "syntax error: invalid syntax", 1, 0),))
    assert [f.code for f in all_findings([broken, syntax], Config())] == ["CSM906", "CSM901"]
    assert [f.code for f in all_findings([broken, syntax], Config(ignore=("CSM906",)))] == ["CSM901"]
    # Only CSM906 can be switched off: ignoring every file error still reports the syntax error.
    assert [f.code for f in all_findings([broken, syntax], Config(ignore=("CSM9",)))] == ["CSM901"]
    # A select that leaves CSM9 out does not drop it: that takes an explicit ignore.
    assert [f.code for f in all_findings([broken], Config(select=("CSM1",)))] == ["CSM906"]
