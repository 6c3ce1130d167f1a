"""Cognitive complexity's recursion increment: +1 per call that resolves, in the file, to the function itself."""

from __future__ import annotations

import textwrap

from codesmell.api import analyze_source


def cognitive(source: str) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    result = analyze_source(textwrap.dedent(source))
    return {
        f.qualname: (f.cognitive, [(i.line, i.reason) for i in f.increments if i.metric == "cognitive"])
        for f in result.functions
    }


def test_direct_recursion_of_a_function() -> None:
    found = cognitive(
        """
        def fact(n):
            if n <= 1:
                return 1
            return n * fact(n - 1)
        """
    )
    # if (1) + recursive call (1)
    assert found["fact"] == (2, [(3, "if"), (5, "recursion")])


def test_self_and_cls_calls_of_the_same_method() -> None:
    found = cognitive(
        """
        class Tree:
            def walk(self, node):
                for child in node:
                    self.walk(child)
                return self.walk(None) or other()

            @classmethod
            def build(cls, depth):
                return cls.build(depth - 1)
        """
    )
    # for (1), two recursive calls (1 each, no nesting increment), the `or` of one operand
    # run does not count: a single boolean operator sequence `a or b` adds 1
    assert found["Tree.walk"] == (4, [(4, "for"), (5, "recursion"), (6, "boolean sequence or"), (6, "recursion")])
    assert found["Tree.build"] == (1, [(10, "recursion")])


def test_calls_that_are_not_to_the_function_itself() -> None:
    found = cognitive(
        """
        def shadowed(shadowed):
            return shadowed()

        def rebound():
            rebound = print
            rebound()

        class A:
            def m(self):
                m()  # a global name, not the method
                other.m()  # another receiver

            @staticmethod
            def s(self):
                self.s()

        def outer():
            def inner():
                return inner()  # recursion of inner, not of outer
            return outer
        """
    )
    assert found["shadowed"][0] == 0
    assert found["rebound"][0] == 0
    assert found["A.m"][0] == 0
    assert found["A.s"][0] == 0
    assert found["outer"][0] == 0
    assert found["outer.<locals>.inner"] == (1, [(20, "recursion")])
