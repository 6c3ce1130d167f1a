"""Statements, logic blocks and nesting depth.

statements: each simple statement (`a = 1; b = 2` is 2) and each compound
statement (if/for/while/try/with/match/def/class) counts 1; an `elif` counts 1
(it is an `if` in Python's ast); clauses (except/else/finally/case) do not; the
docstring does not; a nested `def` is one statement of its parent and its own
statements are not the parent's.

logic_blocks: each if (an if/elif/else chain is one), for, while, try (and
try/except*), with and match statement, async variants included.

max_nesting: the deepest nesting of those blocks; an elif chain does not deepen.

Expected values are derived by hand in the comments.
"""

from __future__ import annotations

from ._helpers import measure, only

# -- statements --------------------------------------------------------------


def test_simple_statements_on_one_line_count_separately() -> None:
    # `a = 1`, `b = 2`, `c = 3`, return -> 4
    assert (
        only(
            """
        def f():
            a = 1; b = 2; c = 3
            return a + b + c
        """
        ).statements
        == 4
    )


def test_compound_statements_count_once_and_clauses_not_at_all() -> None:
    f = only(
        """
        def f(x):
            if x:               # 1
                pass            # 2
            elif x > 1:         # 3 (an elif is an if)
                pass            # 4
            else:
                pass            # 5
            for i in x:         # 6
                pass            # 7
            else:
                pass            # 8
            while x:            # 9
                break           # 10
            try:                # 11
                pass            # 12
            except ValueError:
                pass            # 13
            finally:
                pass            # 14
            with x:             # 15
                pass            # 16
            match x:            # 17
                case 1:
                    pass        # 18
                case _:
                    pass        # 19
        """
    )
    assert f.statements == 19


def test_one_line_suites() -> None:
    # if (1) + `a = 1` + `b = 2` in its suite (2) + return (1) -> 4
    assert (
        only(
            """
        def f(x):
            if x: a = 1; b = 2
            return x
        """
        ).statements
        == 4
    )


def test_docstring_is_not_a_statement() -> None:
    result = measure(
        '''
        def documented():
            """Docstring."""
            return 1

        def only_docstring():
            """Nothing else."""

        def inline(): "Docstring on the def line."

        def two_strings():
            """Docstring."""
            "An expression statement."
        '''
    )
    # documented: return -> 1;  only_docstring: 0;  inline: 0
    assert result["documented"].statements == 1
    assert result["only_docstring"].statements == 0
    assert result["inline"].statements == 0
    # two_strings: the second string is an ordinary statement -> 1
    assert result["two_strings"].statements == 1


def test_nested_def_and_class_are_one_statement_each() -> None:
    result = measure(
        """
        def outer():
            x = 1                   # 1

            @decorator
            def inner():            # 2
                a = 1
                b = 2
                return a + b

            class Local:            # 3
                y = 2
                z = 3

            return inner, Local     # 4
        """
    )
    assert result["outer"].statements == 4
    # inner: a, b, return -> 3
    assert result["outer.<locals>.inner"].statements == 3


def test_async_statements() -> None:
    # async with (1) + await (1) + async for (1) + await (1) -> 4
    assert (
        only(
            """
        async def f(session, stream):
            async with session:
                await session.ping()
            async for item in stream:
                await item.ack()
        """
        ).statements
        == 4
    )


# -- logic blocks ---------------------------------------------------------------


def test_an_if_elif_else_chain_is_one_block() -> None:
    # the chain is 1; the second, separate if is another -> 2
    assert (
        only(
            """
        def f(x):
            if x < 0:
                pass
            elif x == 0:
                pass
            elif x < 10:
                pass
            else:
                pass
            if x:
                pass
        """
        ).logic_blocks
        == 2
    )


def test_every_kind_of_block() -> None:
    # for, while, try, with, match, async with, async for, try/except* -> 8
    assert (
        only(
            """
        async def f(items, lock, stream):
            for item in items:
                pass
            while items:
                items.pop()
            try:
                pass
            except KeyError:
                pass
            with lock:
                pass
            match items:
                case []:
                    pass
            async with lock:
                pass
            async for chunk in stream:
                pass
            try:
                pass
            except* ValueError:
                pass
        """
        ).logic_blocks
        == 8
    )


def test_expressions_are_not_blocks() -> None:
    # ternaries, comprehensions, lambdas and boolean operators are not logic blocks -> 0
    assert (
        only(
            """
        def f(xs, flag):
            ys = [x for x in xs if x] if flag else []
            key = lambda x: x and -x
            return sorted(ys, key=key)
        """
        ).logic_blocks
        == 0
    )


def test_blocks_of_nested_functions_are_their_own() -> None:
    result = measure(
        """
        def outer(items):
            for item in items:
                def check(value):
                    if value:
                        return True
                    while value:
                        value -= 1
                    return False
                check(item)
        """
    )
    # outer: for -> 1;  check: if, while -> 2
    assert result["outer"].logic_blocks == 1
    assert result["outer.<locals>.check"].logic_blocks == 2


# -- nesting ----------------------------------------------------------------------


def test_no_blocks_no_nesting() -> None:
    assert (
        only(
            """
        def f(a):
            return a
        """
        ).max_nesting
        == 0
    )


def test_sequential_blocks_do_not_nest() -> None:
    # three blocks side by side -> 1
    assert (
        only(
            """
        def f(a):
            if a:
                pass
            for x in a:
                pass
            with a:
                pass
        """
        ).max_nesting
        == 1
    )


def test_nested_blocks() -> None:
    # with (1) > for (2) > if (3) > while (4) -> 4
    assert (
        only(
            """
        def f(path):
            with open(path) as handle:
                for line in handle:
                    if line:
                        while line:
                            line = line[1:]
        """
        ).max_nesting
        == 4
    )


def test_an_elif_chain_does_not_deepen() -> None:
    # if/elif/elif chain (1) > if in the last elif's body (2) -> 2, not 4
    assert (
        only(
            """
        def f(x):
            if x == 1:
                pass
            elif x == 2:
                pass
            elif x == 3:
                if x:
                    pass
        """
        ).max_nesting
        == 2
    )


def test_except_and_finally_bodies_are_inside_the_try() -> None:
    # try (1) > if in the except body (2); try (1) > for in finally (2) > if (3) -> 3
    assert (
        only(
            """
        def f(a):
            try:
                pass
            except OSError:
                if a:
                    pass
            finally:
                for x in a:
                    if x:
                        pass
        """
        ).max_nesting
        == 3
    )


def test_match_case_bodies_are_inside_the_match() -> None:
    # match (1) > if in a case body (2) -> 2
    assert (
        only(
            """
        def f(command):
            match command:
                case "go":
                    if command:
                        pass
        """
        ).max_nesting
        == 2
    )


def test_nested_function_starts_from_zero() -> None:
    result = measure(
        """
        def outer(a):
            if a:
                for x in a:
                    def inner(y):
                        if y:
                            return y
                    inner(x)
        """
    )
    # outer: if (1) > for (2) -> 2;  inner: if -> 1
    assert result["outer"].max_nesting == 2
    assert result["outer.<locals>.inner"].max_nesting == 1
