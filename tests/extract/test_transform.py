"""`extract_block` on hand-written cases: what it produces and what it refuses."""

from __future__ import annotations

import textwrap

import pytest

from codesmell.extract.candidates import NotExtractable
from codesmell.extract.transform import extract_block


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def run(code: str, call: str) -> object:
    namespace: dict[str, object] = {}
    exec(compile(code, "<case>", "exec"), namespace)
    return eval(call, namespace)


LOOP = src(
    """
    def total(items, rate):
        count = 0
        # Sum the prices
        subtotal = 0
        for item in items:
            subtotal += item * rate  # scaled
            count += 1
        return subtotal, count
    """
)


def test_params_returns_and_comments_preserved() -> None:
    done = extract_block(LOOP, 3, 7, "sum_prices")
    assert done.candidate.params == ("items", "rate", "count")
    assert done.candidate.returns == ("subtotal", "count")
    assert "    # Sum the prices\n    subtotal, count = sum_prices(items, rate, count)\n" in done.source
    assert "        subtotal += item * rate  # scaled\n" in done.source
    assert "def sum_prices(items, rate, count):" in done.source
    assert run(done.source, "total([1, 2, 3], 2)") == run(LOOP, "total([1, 2, 3], 2)")


def test_default_name_comes_from_the_leading_comment() -> None:
    assert extract_block(LOOP, 3, 7).name == "_sum_prices"


def test_loop_carried_value_is_passed_and_returned() -> None:
    code = src(
        """
        def f(xs):
            prev = None
            out = []
            for x in xs:
                if prev is not None:
                    out.append(x - prev)
                prev = x
            return out
        """
    )
    done = extract_block(code, 5, 7, "step")
    assert done.candidate.params == ("prev", "out", "x")
    assert done.candidate.returns == ("prev",)
    assert run(done.source, "f([1, 4, 9])") == [3, 5]


def test_conditionally_bound_value_flows_through() -> None:
    code = src(
        """
        def f(x):
            label = "small"
            if x > 10:
                label = "big"
            return label
        """
    )
    done = extract_block(code, 3, 4, "classify")
    assert done.candidate.params == ("x", "label")
    assert run(done.source, "f(11), f(1)") == ("big", "small")


@pytest.mark.parametrize(
    ("code", "lines", "reason"),
    [
        ("def f(x):\n    if x:\n        return 1\n    y = 2\n    return y\n", (2, 3), "return statement"),
        (
            "def f(xs):\n    for x in xs:\n        if x:\n            break\n        print(x)\n",
            (3, 4),
            "'break' leaves",
        ),
        ("def f(xs):\n    for x in xs:\n        yield x\n        print(x)\n", (2, 4), "yield"),
        ("def f():\n    x = 1\n    if x:\n        y = 2\n    print(y)\n", (3, 4), "only on some paths"),
        ("def f():\n    print(locals())\n    x = 1\n", (2, 3), "locals()"),
        ("def f():\n    global G\n    G = 1\n", (2, 3), "global declaration"),
        ("def f(a, b, c, d, e):\n    print(a, b, c, d, e)\n", (2, 2), "5 parameters"),
        (
            "def f(x):\n    n = x\n\n    def g():\n        return n\n    n = 2\n    return g\n",
            (6, 6),
            "nested function outside it reads",
        ),
        (
            "def f(x):\n    y = (x +\n         1)\n    return y\n",
            (2, 2),
            "cut through a statement (lines 2-3)",
        ),
        ("x = 1\ny = 2\n", (1, 2), "not inside the body of a function"),
        ("def f(x):\n    print(super().x)\n", (2, 2), "super()"),
    ],
)
def test_refusals(code: str, lines: tuple[int, int], reason: str) -> None:
    with pytest.raises(NotExtractable, match=reason.replace("(", r"\(").replace(")", r"\)")):
        extract_block(code, *lines, "helper")


def test_name_clash_and_invalid_name_are_refused() -> None:
    with pytest.raises(NotExtractable, match="already used"):
        extract_block(LOOP, 3, 7, "total")
    with pytest.raises(NotExtractable, match="not a valid"):
        extract_block(LOOP, 3, 7, "class")


def test_method_extraction_uses_self() -> None:
    code = src(
        """
        class A:
            def __init__(self):
                self.__n = 2

            def f(self, k):
                m = k + 1
                total = self.__n * m
                total += 1
                return total
        """
    )
    done = extract_block(code, 7, 8, "scaled")
    assert done.candidate.kind == "method"
    assert "        total = self.scaled(m)\n" in done.source
    assert "    def scaled(self, m):\n" in done.source
    assert run(done.source, "A().f(3)") == run(code, "A().f(3)")


def test_crlf_and_tabs_survive() -> None:
    code = "def f(x):\n\ty = x + 1\n\tz = y * 2\n\treturn z\n"
    done = extract_block(code, 2, 3, "calc")
    assert "\tz = calc(x)\n" in done.source
    assert "def calc(x):\n\ty = x + 1\n\tz = y * 2\n\treturn z\n" in done.source


def test_block_holding_a_nested_def_is_located_in_the_outer_function() -> None:
    code = src(
        """
        def f(x):
            if x:
                def g():
                    return 1
            else:
                def g():
                    return 2
            y = g()
            return y
        """
    )
    done = extract_block(code, 2, 7, "pick")
    assert done.parent == "f"
    assert done.candidate.returns == ("g",)
    assert run(done.source, "f(1), f(0)") == (1, 2)


def test_nested_def_lines_do_not_count_for_the_block() -> None:
    from codesmell.cst.lines import index_lines
    from codesmell.extract import suggest_for_module
    from codesmell.metrics.visitor import FunctionMetricsVisitor

    body = "".join(f"    v{i} = x + {i}\n" for i in range(22))
    code = "def f(x):\n    def helper(a):\n        b = a + 1\n        c = b * 2\n        return c\n" + body
    code += "    return helper(v21)\n"
    module = __import__("libcst").parse_module(code)
    lines = index_lines(module, code.count("\n") + 1)
    visitor = FunctionMetricsVisitor(lines, code.count("\n") + 1)
    module.visit(visitor)
    found = suggest_for_module(module, lines, visitor.results)
    assert found
    for suggestion in next(iter(found.values())):
        assert not (suggestion.start_line == 2 and suggestion.end_line == 5)


def test_method_defined_under_an_if_in_the_class_body() -> None:
    code = src(
        """
        import sys


        class P:
            base = 3
            if sys.platform:
                def handles(self, k):
                    m = k + 1
                    total = self.base * m
                    total += 1
                    return total
        """
    )
    done = extract_block(code, 9, 10, "scaled")
    assert done.candidate.kind == "method"
    assert done.candidate.params == ("m",)
    assert "\n    def scaled(self, m):\n" in done.source
    assert run(done.source, "P().handles(2)") == run(code, "P().handles(2)") == 10


def test_names_a_nested_function_rebinds_are_not_carried() -> None:
    code = src(
        """
        def f():
            count = 0

            def bump():
                nonlocal count
                count += 1
            bump()
            total = count * 2
            return total
        """
    )
    with pytest.raises(NotExtractable, match="nonlocal"):
        extract_block(code, 7, 8, "helper")
