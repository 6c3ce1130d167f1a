"""Line numbers: `line` is the `def` keyword (never a decorator), `end_line` the
last line of the body, `header_end_line` the line of the `:` closing the
signature (where flake8 users put `# noqa` on a multi-line header).

Also: newline styles, tabs and a BOM reach the same numbers as plain LF text.
"""

from __future__ import annotations

from ._helpers import analyze, measure, only


def test_def_line_not_decorator_line() -> None:
    result = measure(
        """
        @first
        @second(
            argument,
        )
        def decorated():
            return 1

        class C:
            @property
            def prop(self):
                return 2
        """
    )
    # def keyword on line 6, body on line 7
    assert (result["decorated"].line, result["decorated"].end_line) == (6, 7)
    # `def prop` on line 11 (decorator on 10), return on 12
    assert (result["C.prop"].line, result["C.prop"].end_line) == (11, 12)


def test_async_def_line_is_the_async_keyword_line() -> None:
    f = only(
        """
        @decorator
        async def f():
            await g()
        """
    )
    assert (f.line, f.end_line, f.header_end_line) == (3, 4, 3)


def test_end_line_is_the_last_line_of_the_last_statement() -> None:
    result = measure(
        """
        def f():
            return call(
                1,
                2,
            )
            # a comment after the body


        def g():
            '''Docstring.'''
            text = '''
                spans lines
            '''
        """
    )
    # f: `return call(` on 3, closing paren on 6; the comment on 7 is not part of the body
    assert (result["f"].line, result["f"].end_line) == (2, 6)
    # g: the closing quotes of the multi-line string are on line 14
    assert (result["g"].line, result["g"].end_line) == (10, 14)


def test_end_line_with_a_nested_function_or_compound_statement_last() -> None:
    result = measure(
        """
        def outer():
            if condition:
                pass
            else:
                def inner():
                    return 1
        """
    )
    # the last body line of outer is inner's return, on line 7
    assert result["outer"].end_line == 7
    assert (result["outer.<locals>.inner"].line, result["outer.<locals>.inner"].end_line) == (6, 7)


def test_one_line_function() -> None:
    f = only(
        """
        def f(): return 1
        """
    )
    assert (f.line, f.end_line, f.header_end_line) == (2, 2, 2)


def test_header_end_line_of_a_multi_line_signature() -> None:
    f = only(
        """
        def render(
            customer,
            invoices,
            period,
        ) -> str:  # noqa: CSM101
            '''Docstring.'''
            return ""
        """
    )
    # def on 2, `) -> str:` on 6, return on 8
    assert (f.line, f.header_end_line, f.end_line) == (2, 6, 8)


def test_header_end_line_with_the_colon_on_its_own_line() -> None:
    f = only(
        """
        def f(a,
              b) \\
                :
            return a
        """
    )
    # the colon that opens the body is on line 4
    assert (f.line, f.header_end_line, f.end_line) == (2, 4, 5)


CASE = '''
import os


@decorator
def first(a, b):
    """Docstring."""
    if a:
        return b
    return None


class Holder:
    def method(self):
        text = """
            kept
        """
        return text
'''
# first: def on 6, ends on 10; sloc = def, if, return b, return None -> 4
# Holder.method: def on 14, ends on 18; sloc = def, `text = """`, kept, `"""`, return -> 5
EXPECTED = [("first", 6, 10, 4), ("Holder.method", 14, 18, 5)]


def _summary(data: bytes) -> list[tuple[str, int, int, int]]:
    return [(f.qualname, f.line, f.end_line, f.sloc) for f in analyze(data).functions]


def test_lf_reference() -> None:
    assert _summary(CASE.encode()) == EXPECTED


def test_crlf_gives_the_same_numbers() -> None:
    assert _summary(CASE.replace("\n", "\r\n").encode()) == EXPECTED


def test_old_mac_cr_gives_the_same_numbers() -> None:
    assert _summary(CASE.replace("\n", "\r").encode()) == EXPECTED


def test_bom_gives_the_same_numbers() -> None:
    assert _summary(b"\xef\xbb\xbf" + CASE.encode()) == EXPECTED


def test_bom_and_crlf_together() -> None:
    assert _summary(b"\xef\xbb\xbf" + CASE.replace("\n", "\r\n").encode()) == EXPECTED


def test_tab_indentation_gives_the_same_numbers() -> None:
    assert _summary(CASE.replace("    ", "\t").encode()) == EXPECTED


def test_latin1_coding_cookie() -> None:
    source = "# -*- coding: latin-1 -*-\ndef f():\n    return 'caf\xe9'\n"
    f = only(source.encode("latin-1"))
    # def on 2, return on 3; the cookie is a comment
    assert (f.line, f.end_line, f.sloc) == (2, 3, 2)


# -- the in-place shortcuts of `index_lines` against LibCST's own code generator --------
