"""SLOC: non-blank, non-comment lines from the `def` line to the last body line.

Docstring lines are excluded (except the `def` line itself), the lines of nested
functions (decorators through end) are excluded from the parent, and the
minimum is 1. Every expected value below is counted by hand from the case.
"""

from __future__ import annotations

from ._helpers import analyze, measure, only


def test_blank_lines_and_comments_are_not_counted() -> None:
    f = only(
        """
        def f(a):
            # a comment on its own line

            x = a  # a trailing comment does not make the line a comment

            # another comment
            return x
        """
    )
    # def, `x = a`, `return x` -> 3
    assert f.sloc == 3


def test_docstring_lines_are_excluded() -> None:
    f = only(
        '''
        def f():
            """Summary line.

            Details over
            several lines.
            """
            return 1
        '''
    )
    # def + return; the 5 docstring lines do not count -> 2
    assert f.sloc == 2


def test_one_line_docstring_and_nothing_else() -> None:
    f = only(
        '''
        def f():
            """Only a docstring."""
        '''
    )
    # the def line only -> 1
    assert f.sloc == 1


def test_docstring_on_the_def_line_keeps_the_def_line() -> None:
    f = only(
        """
        def f(): "Docstring on the def line."
        """
    )
    # the def line is counted even though it holds the docstring -> 1 (also the minimum)
    assert f.sloc == 1


def test_only_the_first_string_is_the_docstring() -> None:
    f = only(
        '''
        def f():
            """The docstring."""
            """A second string is an ordinary expression statement."""
            return 1
        '''
    )
    # def, second string, return -> 3
    assert f.sloc == 3


def test_an_f_string_is_not_a_docstring() -> None:
    f = only(
        '''
        def f():
            f"""not a docstring:
            {__name__}"""
        '''
    )
    # Python never treats an f-string as a docstring: def + both string lines -> 3
    assert f.sloc == 3


def test_multi_line_strings_count_on_their_non_blank_lines() -> None:
    f = only(
        '''
        def f(table):
            limit = 10
            query = """
                SELECT *

                FROM t
            """
            return query
        '''
    )
    # def, `limit`, `query = """`, SELECT, FROM, closing `"""`, return -> 7
    # (the blank line inside the string is not counted)
    assert f.sloc == 7


def test_multi_line_expression_counts_every_line() -> None:
    f = only(
        """
        def f(items):
            return sorted(
                items,
                key=lambda item: (
                    item.priority,
                    # a comment inside the call
                    item.name,
                ),
            )
        """
    )
    # lines 2-6 and 8-10 hold code, line 7 is a comment -> 8
    assert f.sloc == 8


def test_backslash_continuation() -> None:
    f = only(
        """
        def f():
            total = 1 + \\
                2
            return total
        """
    )
    # def, `total = 1 + \\`, `2`, return -> 4
    assert f.sloc == 4


def test_comments_after_the_last_statement_are_outside_the_function() -> None:
    result = measure(
        """
        def f():
            return 1
            # trailing comment, indented like the body

        x = 2
        """
    )
    # def + return -> 2
    assert result["f"].sloc == 2


def test_nested_function_lines_are_excluded_from_the_parent() -> None:
    result = measure(
        """
        def outer(x):
            y = x + 1

            @decorate(
                option=True,
            )
            def inner():
                return y

            return inner
        """
    )
    # outer: def, `y = x + 1`, `return inner` -> 3
    # (decorator lines 5-7 and inner's lines 8-9 belong to inner)
    assert result["outer"].sloc == 3
    # inner: from its def line: def + return -> 2 (decorators come before the def line)
    assert result["outer.<locals>.inner"].sloc == 2


def test_methods_of_a_local_class_do_not_inflate_the_enclosing_function() -> None:
    result = measure(
        """
        def factory():
            class Local:
                kind = "local"

                def method(self):
                    return self.kind

            return Local
        """
    )
    # factory: def, `class Local:`, `kind = ...`, `return Local` -> 4; method's lines are its own
    assert result["factory"].sloc == 4
    assert result["factory.<locals>.Local.method"].sloc == 2


def test_two_levels_of_nesting_each_measured_on_its_own() -> None:
    result = measure(
        """
        def a():
            def b():
                def c():
                    return 3
                x = c()
                return x
            return b
        """
    )
    # a: def + `return b` -> 2;  b: def, `x = c()`, `return x` -> 3;  c: def + return -> 2
    assert result["a"].sloc == 2
    assert result["a.<locals>.b"].sloc == 3
    assert result["a.<locals>.b.<locals>.c"].sloc == 2


def test_lambdas_are_not_functions_and_count_for_their_parent() -> None:
    result = measure(
        """
        def f(rows):
            key = lambda row: (
                row[0],
                row[1],
            )
            return sorted(rows, key=key)
        """
    )
    assert list(result) == ["f"]
    # every line 2-7 holds code -> 6
    assert result["f"].sloc == 6


def test_methods_async_and_decorated_functions() -> None:
    result = measure(
        '''
        class Service:
            @property
            def name(self):
                """The name."""
                return "service"

            @staticmethod
            async def fetch(
                url,
                timeout,
            ):
                response = await get(url, timeout)
                return response
        '''
    )
    # name: def + return (decorator above the def, docstring excluded) -> 2
    assert result["Service.name"].sloc == 2
    # fetch: def line, 2 parameter lines, `):`, two statements -> 6
    assert result["Service.fetch"].sloc == 6


def test_functions_under_module_level_if_and_try() -> None:
    result = analyze(
        """
        try:
            import fast_json as json

            def dumps(obj):
                return json.dumps(obj)
        except ImportError:
            import json

            def dumps(obj):  # noqa: F811
                # fall back to the standard library
                return json.dumps(obj, separators=(",", ":"))
        if PY2:
            def text(value):
                return unicode(value)
        else:
            def text(value):
                return str(value)
        """
    ).functions
    # all four are found at their def lines; each: def + return -> 2 (the comment does not count)
    assert [(f.line, f.qualname, f.sloc) for f in result] == [
        (5, "dumps", 2),
        (10, "dumps", 2),
        (14, "text", 2),
        (17, "text", 2),
    ]


def test_one_line_function() -> None:
    f = only(
        """
        def f(): return 1
        """
    )
    assert f.sloc == 1


def test_tabs_and_form_feeds() -> None:
    f = only("\ndef f():\n\tx = 1\n\x0c\n\treturn x\n")
    # def, `x = 1`, return; the form-feed line is blank -> 3
    assert f.sloc == 3


def test_a_bytes_literal_first_is_not_a_docstring() -> None:
    f = only(
        """
        def f():
            b"not a docstring: f.__doc__ is None"
        """
    )
    # Python's docstring is a str constant only: def + the bytes line -> 2, one statement
    assert (f.sloc, f.statements) == (2, 1)


def test_a_one_line_bytes_body_is_a_statement() -> None:
    f = only('def f(): b"x"\n')
    assert (f.sloc, f.statements) == (1, 1)


def test_a_concatenation_of_plain_strings_is_a_docstring() -> None:
    f = only(
        '''
        def f():
            ("Summary, "
             "continued.")
            return 1
        '''
    )
    # the two docstring lines do not count: def + return -> 2; the docstring is no statement
    assert (f.sloc, f.statements) == (2, 1)


def test_a_concatenation_holding_an_f_string_is_not_a_docstring() -> None:
    f = only(
        '''
        def f():
            "Summary " f"{x}"
            return 1
        '''
    )
    # an f-string anywhere makes it a JoinedStr, not a docstring: def + string + return -> 3
    assert (f.sloc, f.statements) == (3, 2)
