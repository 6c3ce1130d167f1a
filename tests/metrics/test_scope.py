"""Locals and parameters.

locals: distinct names bound in the function's own scope (assignment, augmented
and annotated assignment targets incl. unpacking, for targets, with-as,
except-as, import names, walrus (also inside a comprehension), match capture
names, del targets, nested def/class names), minus the parameters and minus
names declared global/nonlocal. Comprehension variables are not locals.

params: positional-only + regular + keyword-only; `*args`/`**kwargs` do not
count (pylint's convention); the first parameter of a function defined directly
in a class body (`self`/`cls`) does not count unless it is a `@staticmethod`.

Expected values are derived by hand: the comment lists the names.
"""

from __future__ import annotations

from ._helpers import measure, only


def locals_of(source: str) -> int:
    return only(source).locals


def params_of(source: str) -> int:
    return only(source).params


# -- locals -----------------------------------------------------------------


def test_assignment_forms() -> None:
    # total, count, ratio, a, b, c, first, rest, label -> 9
    assert (
        locals_of(
            """
        def f(data):
            total = 0
            count += 1
            ratio: float = 0.5
            a, (b, *c) = data
            [first, *rest] = data
            label: str
            total = total + 1
        """
        )
        == 9
    )


def test_attribute_and_subscript_targets_bind_nothing() -> None:
    # `self.x`, `cache[key]` and `obj.attr` bind no local -> 0
    assert (
        locals_of(
            """
        def f(self, cache, key, obj):
            self.x = 1
            cache[key] = 2
            obj.attr += 3
        """
        )
        == 0
    )


def test_loop_with_and_except_targets() -> None:
    # i, k, v, handle, a, b, error, chunk -> 8
    assert (
        locals_of(
            """
        async def f(pairs, path, stream):
            for i, (k, v) in enumerate(pairs):
                pass
            with open(path) as handle, ctx() as (a, b):
                pass
            try:
                pass
            except OSError as error:
                pass
            async for chunk in stream:
                pass
        """
        )
        == 8
    )


def test_imports() -> None:
    # `import os.path` binds os; `import json as j` binds j; `from m import x, y as z`
    # binds x and z; `from m import *` binds nothing we can name -> os, j, x, z = 4
    assert (
        locals_of(
            """
        def f():
            import os.path
            import json as j
            from m import x, y as z
        """
        )
        == 4
    )


def test_walrus_binds_in_the_function_also_inside_a_comprehension() -> None:
    # n (walrus in an if), last (walrus inside a comprehension: binds in f), values -> 3;
    # the comprehension variable `v` is not a local of f
    assert (
        locals_of(
            """
        def f(data):
            if (n := len(data)) > 3:
                pass
            values = [last := v for v in data]
            return values
        """
        )
        == 3
    )


def test_walrus_inside_a_lambda_binds_in_the_lambda() -> None:
    # only `key` is f's; `seen` is bound in the lambda's scope, `item` is its parameter -> 1
    assert (
        locals_of(
            """
        def f(items):
            key = lambda item: (seen := item.rank)
            return sorted(items, key=key)
        """
        )
        == 1
    )


def test_comprehension_variables_are_not_locals() -> None:
    # only `squares`, `pairs` and `lookup` -> 3 (x, y, k, v live in the comprehensions)
    assert (
        locals_of(
            """
        def f(xs, mapping):
            squares = [x * x for x in xs]
            pairs = {(x, y) for x in xs for y in xs}
            lookup = {k: v for k, v in mapping.items()}
            return sum(x for x in xs), squares, pairs, lookup
        """
        )
        == 3
    )


def test_match_capture_names() -> None:
    # px, py, first, rest, value, others, text -> 7 (`_` binds nothing)
    assert (
        locals_of(
            """
        def f(subject):
            match subject:
                case Point(x=px, y=py):
                    pass
                case [first, *rest]:
                    pass
                case {"key": value, **others}:
                    pass
                case str() as text:
                    pass
                case _:
                    pass
        """
        )
        == 7
    )


def test_del_targets_and_nested_definitions() -> None:
    result = measure(
        """
        def f():
            scratch = []
            del scratch

            def helper():
                inner_only = 1
                return inner_only

            class Local:
                attribute = 1

            return helper, Local
        """
    )
    # f: scratch (assigned and deleted: once), helper (nested def), Local (nested class) -> 3
    assert result["f"].locals == 3
    # helper: inner_only -> 1 (it is not f's)
    assert result["f.<locals>.helper"].locals == 1


def test_parameters_global_and_nonlocal_are_excluded() -> None:
    result = measure(
        """
        COUNTER = 0

        def outer(a, *args, b=1, **kwargs):
            global COUNTER
            COUNTER += 1
            a = a + 1
            args = list(args)
            kwargs = {}
            state = []

            def inner(x):
                nonlocal state
                state = [x]
                y = x
                return y

            return inner
        """
    )
    # outer: parameters a, args, kwargs and the global COUNTER are excluded -> state, inner = 2
    assert result["outer"].locals == 2
    # inner: x is a parameter, state is nonlocal -> y = 1
    assert result["outer.<locals>.inner"].locals == 1


def test_names_bound_twice_count_once() -> None:
    # result (3 bindings), item (loop target and assignment) -> 2
    assert (
        locals_of(
            """
        def f(items):
            result = 0
            for item in items:
                item = item.strip()
                result += len(item)
            result = str(result)
            return result
        """
        )
        == 2
    )


def test_more_than_seven_locals() -> None:
    # a through h -> 8 (over the working-memory limit of 7)
    assert (
        locals_of(
            """
        def f():
            a = b = c = 1
            d, e = 2, 3
            for f_ in range(3):
                g = f_
            h = a + b + c + d + e + g
            return h
        """
        )
        == 8
    )


# -- params -----------------------------------------------------------------


def test_every_kind_of_parameter() -> None:
    # a, b (positional-only), c, d (keyword-only), e -> 5; *args and **kw do not count
    assert (
        params_of(
            """
        def f(a, b, /, c, *args, d, e=1, **kw):
            pass
        """
        )
        == 5
    )


def test_bare_star_is_not_a_parameter() -> None:
    # a, b, c -> 3
    assert (
        params_of(
            """
        def f(a, *, b, c=None):
            pass
        """
        )
        == 3
    )


def test_only_star_args() -> None:
    assert (
        params_of(
            """
        def f(*args, **kwargs):
            pass
        """
        )
        == 0
    )


def test_methods_exclude_self_and_cls_but_not_static_methods() -> None:
    result = measure(
        """
        class Invoice:
            def add(self, item, quantity=1):
                pass

            @classmethod
            def draft(cls, number, customer):
                pass

            @staticmethod
            def parse(raw, strict):
                pass

            @functools.cached_property
            def total(self):
                pass

            def keyword_only(self, *, a, b):
                pass

            def positional_only(self, /, a):
                pass

            def star_only(*args):
                pass
        """
    )
    # add: item, quantity -> 2;  draft: number, customer -> 2;  parse: raw, strict -> 2
    assert result["Invoice.add"].params == 2
    assert result["Invoice.draft"].params == 2
    assert result["Invoice.parse"].params == 2
    # total: only self -> 0;  keyword_only: a, b -> 2;  positional_only: a -> 1
    assert result["Invoice.total"].params == 0
    assert result["Invoice.keyword_only"].params == 2
    assert result["Invoice.positional_only"].params == 1
    # star_only: no first parameter to drop, *args does not count -> 0
    assert result["Invoice.star_only"].params == 0


def test_nested_function_in_a_method_is_not_a_method() -> None:
    result = measure(
        """
        class Report:
            def render(self, rows):
                def cell(value, width):
                    return str(value).ljust(width)
                return [cell(row, 10) for row in rows]
        """
    )
    # render: rows -> 1;  cell is a plain function: value, width -> 2
    assert result["Report.render"].params == 1
    assert result["Report.render.<locals>.cell"].params == 2


def test_method_of_a_class_nested_in_a_function() -> None:
    result = measure(
        """
        def factory():
            class Local:
                def method(self, a, b):
                    return a + b
            return Local
        """
    )
    # method is directly in a class body: self excluded -> a, b = 2
    assert result["factory.<locals>.Local.method"].params == 2
    assert result["factory"].params == 0


def test_lambda_parameters_count_nowhere() -> None:
    result = measure(
        """
        def f(items):
            return sorted(items, key=lambda item, default=0: item or default)
        """
    )
    # only f is reported, with its one parameter `items`; lambda parameters are not locals either
    assert list(result) == ["f"]
    assert (result["f"].params, result["f"].locals) == (1, 0)
