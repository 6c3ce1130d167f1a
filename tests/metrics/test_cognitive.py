"""Cognitive complexity (SonarSource white paper, G. Ann Campbell, 2017).

+1 plus the current nesting for if, conditional expression, for, while, except
and match; +1 flat for elif and else; +1 per run of like boolean operators in a
chain (`a and b or c` is 2). Nesting increases inside if/elif/else bodies,
loop bodies, except bodies, match cases, conditional expressions and lambdas;
`try`, `with` and `finally` add nothing and do not nest. The header of a
structure (the condition, the iterable, the subject) is read before entering
it, so it is not nested. Nested functions are measured on their own.

Expected values are derived by hand, increment by increment, in the comments.
"""

from __future__ import annotations

from ._helpers import increments, measure, only


def cog(source: str) -> int:
    return only(source).cognitive


def test_straight_line_code_is_zero() -> None:
    assert (
        cog(
            """
        def f(a):
            b = a + 1
            return b
        """
        )
        == 0
    )


def test_white_paper_sum_of_primes_without_the_labelled_continue() -> None:
    # The white paper's sumOfPrimes scores 7, one of them for `continue OUT`; Python has
    # no labelled jump, so the translation scores 6.
    assert (
        cog(
            """
        def sum_of_primes(maximum):
            total = 0
            for i in range(1, maximum + 1):     # +1
                for j in range(2, i):           # +2 (nesting 1)
                    if i % j == 0:              # +3 (nesting 2)
                        break
                total += i
            return total
        """
        )
        == 6
    )


def test_white_paper_get_words_a_switch_is_one() -> None:
    # getWords (a switch with four cases) scores 1: the match is +1, cases add nothing
    assert (
        cog(
            """
        def get_words(number):
            match number:                       # +1
                case 1:
                    return "one"
                case 2:
                    return "a couple"
                case 3:
                    return "a few"
                case _:
                    return "lots"
        """
        )
        == 1
    )


def test_elif_and_else_are_flat() -> None:
    # if +1, elif +1, elif +1, else +1 = 4 (no nesting increment for elif/else)
    assert (
        cog(
            """
        def sign(x):
            if x < 0:
                return -1
            elif x == 0:
                return 0
            elif x < 1:
                return 0.5
            else:
                return 1
        """
        )
        == 4
    )


def test_elif_and_else_bodies_are_nested() -> None:
    # if +1, elif +1, inner if +2 (nesting 1), else +1, while +2 (nesting 1) = 7
    assert (
        cog(
            """
        def f(a, b):
            if a:
                pass
            elif b:
                if a:
                    pass
            else:
                while b:
                    b -= 1
        """
        )
        == 7
    )


def test_nesting_accumulates() -> None:
    # for +1, while +2 (nesting 1), if +3 (nesting 2), if +4 (nesting 3) = 10
    assert (
        cog(
            """
        def f(rows):
            for row in rows:
                while row:
                    if row.ready:
                        if row.valid:
                            row.process()
                    row = row.next
        """
        )
        == 10
    )


def test_boolean_operator_sequences() -> None:
    # `a and b and c`: one run = +1
    # `a and b or c`: and | or = +2
    # `a or b and c or d`: or | and | or in source order = +3
    # `if a and not (b or c)`: if +1, `and` run +1, the negated `or` is its own chain +1 = +3
    # total 1 + 2 + 3 + 3 = 9
    assert (
        cog(
            """
        def f(a, b, c, d):
            x = a and b and c
            y = a and b or c
            z = a or b and c or d
            if a and not (b or c):
                pass
            return x, y, z
        """
        )
        == 9
    )


def test_boolean_operators_do_not_take_nesting() -> None:
    # for +1, if +2 (nesting 1), `and` run +1 (flat) = 4
    assert (
        cog(
            """
        def f(rows):
            for row in rows:
                if row.a and row.b:
                    pass
        """
        )
        == 4
    )


def test_conditional_expressions_nest() -> None:
    # outer ternary +1 (nesting 0), inner ternary inside it +2 (nesting 1);
    # in the if body: if +1, ternary +2 (nesting 1)  -> 1 + 2 + 1 + 2 = 6
    assert (
        cog(
            """
        def f(a, b, c):
            x = a if b else (c if a else b)
            if c:
                return a if b else c
            return x
        """
        )
        == 6
    )


def test_headers_are_not_nested() -> None:
    # if +1 and its condition's ternary +1 (nesting 0: the condition is read before the body);
    # for +1 and the ternary in its iterable +1; while +1 and its condition's ternary +1 = 6
    assert (
        cog(
            """
        def f(a, b, c):
            if (a if b else c):
                pass
            for item in (a if b else c):
                pass
            while (a if b else c):
                break
        """
        )
        == 6
    )


def test_try_with_and_finally_add_nothing_and_do_not_nest() -> None:
    # if in try/with +1 (nesting 0), except +1, if in except +2 (nesting 1),
    # except +1, if in finally +1 (nesting 0) = 6
    assert (
        cog(
            """
        def f(path):
            try:
                with open(path) as handle:
                    if handle.readable():
                        return handle.read()
            except OSError:
                if path:
                    raise
            except ValueError:
                pass
            finally:
                if path:
                    log(path)
        """
        )
        == 6
    )


def test_loop_and_try_else_clauses() -> None:
    # Our convention: the white paper's `else` is the `else` of an if; a loop's or a try's
    # `else:` adds nothing itself. A loop's else body is part of the loop, so it nests;
    # a try's else body is like the try body, not nested.
    # for +1, if in for-else +2 (nesting 1), except +1, if in try-else +1 (nesting 0) = 5
    assert (
        cog(
            """
        def f(items):
            for item in items:
                pass
            else:
                if items:
                    pass
            try:
                pass
            except KeyError:
                pass
            else:
                if items:
                    pass
        """
        )
        == 5
    )


def test_lambdas_nest_and_count_for_their_parent() -> None:
    result = measure(
        """
        def f(items):
            key = lambda item: item.rank if item.rank else 0
            return sorted(items, key=key)
        """
    )
    assert list(result) == ["f"]
    # the ternary is inside a lambda: +2 (nesting 1)
    assert result["f"].cognitive == 2


def test_nested_functions_are_measured_on_their_own() -> None:
    result = measure(
        """
        def outer(x):
            if x:
                def inner(y):
                    if y:
                        return y
                    return None
                return inner
            return None
        """
    )
    # outer: if +1; inner's if is not outer's -> 1
    assert result["outer"].cognitive == 1
    # inner: its own if at nesting 0 -> +1
    assert result["outer.<locals>.inner"].cognitive == 1


def test_match_nesting() -> None:
    # for +1, match +2 (nesting 1), if in a case +3 (nesting 2), guard's `and` +1 (flat) = 7
    assert (
        cog(
            """
        def f(events):
            for event in events:
                match event:
                    case {"type": "click", "x": x} if x > 0 and x < 100:
                        if x > 50:
                            right()
                    case _:
                        ignore()
        """
        )
        == 7
    )


def test_async_method_in_a_class() -> None:
    result = measure(
        """
        class Poller:
            async def poll(self, source):
                async for item in source:        # +1
                    if item is None:             # +2 (nesting 1)
                        break
                    elif item.ok:                # +1
                        await self.store(item)
        """
    )
    assert result["Poller.poll"].cognitive == 4


def test_explain_lines_sum_to_the_metric() -> None:
    f = only(
        """
        def f(items, strict):
            for item in items:
                if item.ok and strict:
                    continue
                elif item.skip:
                    pass
                else:
                    value = item.a if strict else item.b
            try:
                pass
            except KeyError:
                pass
        """
    )
    assert [(line, amount) for line, amount, _ in increments(f, "cognitive")] == [
        (3, 1),  # for
        (4, 2),  # if, nesting 1
        (4, 1),  # `and` run
        (6, 1),  # elif
        (8, 1),  # else
        (9, 3),  # ternary in the else body: nesting 2 (for, else)
        (12, 1),  # except
    ]
    reasons = [reason for _, _, reason in increments(f, "cognitive")]
    assert reasons[0] == "for"
    assert reasons[1].startswith("if") and "nesting 1" in reasons[1]
    assert reasons[3] == "elif" and reasons[4] == "else"
    # 1 + 2 + 1 + 1 + 1 + 3 + 1 = 10
    assert f.cognitive == 10 == sum(amount for _, amount, _ in increments(f, "cognitive"))
