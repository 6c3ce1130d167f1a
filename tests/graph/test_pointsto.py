"""The points-to analysis: each kind of call a reader resolves, with edges derived by hand.

Each snippet is tiny; the expected edges are read off the code as Python would run it.
Module names are `m` (and `other` where a second module matters); a caller "m" is
module-level code.
"""

from __future__ import annotations

import json
import marshal
import pickle
import textwrap

import pytest

from codesmell.graph import pointsto
from codesmell.graph.facts import ModuleFacts
from codesmell.graph.pointsto import PointsTo, solve

from .projects import facts_of


def analyse(**sources: str) -> PointsTo:
    modules = {name: facts_of(textwrap.dedent(text), name) for name, text in sources.items()}
    return solve(modules)


def edges(**sources: str) -> set[tuple[str, str]]:
    """(caller, callee) pairs, fully qualified."""
    result = set()
    for call in analyse(**sources).calls():
        caller = f"{call.caller_module}.{call.caller}" if call.caller else call.caller_module
        result.add((caller, f"{call.callee_module}.{call.callee}"))
    return result


def kinds(**sources: str) -> dict[tuple[str, str], str]:
    result = {}
    for call in analyse(**sources).calls():
        caller = f"{call.caller_module}.{call.caller}" if call.caller else call.caller_module
        result[(caller, f"{call.callee_module}.{call.callee}")] = call.kind
    return result


class TestInstances:
    def test_method_on_a_variable_holding_an_instance(self) -> None:
        found = edges(
            m="""
            class A:
                def func(self): ...
            def main():
                a = A()
                a.func()
            """
        )
        assert found == {("m.main", "m.A"), ("m.main", "m.A.func")}

    def test_inherited_method_through_the_mro(self) -> None:
        found = edges(
            m="""
            class Base:
                def func(self): ...
            class Left(Base): ...
            class Right(Base):
                def func(self): ...
            class Both(Left, Right): ...
            def main():
                Both().func()
            """
        )
        # C3: Both, Left, Right, Base -> Right.func
        assert ("m.main", "m.Right.func") in found
        assert ("m.main", "m.Base.func") not in found

    def test_instance_created_in_another_module(self) -> None:
        found = edges(
            other="""
            class Engine:
                def start(self): ...
            def make():
                return Engine()
            """,
            m="""
            from other import make
            def main():
                engine = make()
                engine.start()
            """,
        )
        assert ("m.main", "other.Engine.start") in found

    def test_self_receives_the_subclass_instance(self) -> None:
        found = edges(
            m="""
            class Base:
                def run(self):
                    self.step()
                def step(self): ...
            class Child(Base):
                def step(self): ...
            def main():
                Child().run()
            """
        )
        assert ("m.Base.run", "m.Child.step") in found
        assert ("m.Base.run", "m.Base.step") not in found  # self holds what calls pass: a Child

    def test_self_of_a_method_nothing_calls_is_any_instance_of_its_class(self) -> None:
        found = edges(
            m="""
            class Api:
                def public(self):
                    self.helper()
                def helper(self): ...
            """
        )
        assert found == {("m.Api.public", "m.Api.helper")}

    def test_the_class_of_an_instance_and_an_instance_given_a_class(self) -> None:
        # Django's `Query.clone`: `obj = Empty(); obj.__class__ = self.__class__`, and `chain(klass)`
        # sets it again; `type(self)` and `self.__class__` are self's classes.
        found = edges(
            m="""
            class Empty: ...
            class Query:
                def clone(self):
                    obj = Empty()
                    obj.__class__ = self.__class__
                    return obj
                def chain(self, klass=None):
                    obj = self.clone()
                    if klass:
                        obj.__class__ = klass
                    return obj
                def compile(self): ...
                def copy(self):
                    return type(self)()
            class UpdateQuery(Query):
                def add_fields(self): ...
            def update():
                query = Query().chain(UpdateQuery)
                query.add_fields()
                query.compile()
            def fresh(q: UpdateQuery):
                return q.__class__()
            def _copy_method(x):
                return type(x)(x.__func__)
            _dispatch = {"method": _copy_method}
            def deepcopy(x):
                return _dispatch.get(type(x))(x)
            deepcopy(Query())
            """
        )
        assert {("m.update", "m.UpdateQuery.add_fields"), ("m.update", "m.Query.compile")} <= found
        assert {("m.Query.copy", "m.Query"), ("m.Query.copy", "m.UpdateQuery")} <= found  # open-world self
        assert ("m.fresh", "m.UpdateQuery") not in found  # nothing passes q: it holds nothing
        assert ("m.Query.clone", "m.Empty") in found
        # only `self`'s class is taken: `x` holds whatever any path gives it (a dispatch dict's
        # callee is given every value), and `type(x)(...)` would make a Query that is never made
        assert ("m._copy_method", "m.Query") not in found


    def test_a_base_only_its_heirs_construct_is_not_what_type_of_an_open_world_self_makes(self) -> None:
        # `ipaddress._BaseNetwork.supernet`, which nothing calls: `self.__class__(...)` makes an
        # `IPv4Network` or an `IPv6Network` (they define `__init__`), never the base itself.
        found = edges(
            m="""
            class _BaseNetwork:
                def supernet(self):
                    return self.__class__(self.bits - 1)
            class IPv4Network(_BaseNetwork):
                def __init__(self, bits):
                    self.bits = bits
            class IPv6Network(_BaseNetwork):
                def __init__(self, bits):
                    self.bits = bits
            class Concrete:
                def copy(self):
                    return type(self)()
            class Child(Concrete): ...
            """
        )
        assert {("m._BaseNetwork.supernet", "m.IPv4Network.__init__"), ("m._BaseNetwork.supernet", "m.IPv6Network.__init__")} <= found
        assert ("m._BaseNetwork.supernet", "m._BaseNetwork") not in found
        assert {("m.Concrete.copy", "m.Concrete"), ("m.Concrete.copy", "m.Child")} <= found  # no heir constructs: both


class TestArgumentsAndReturns:
    def test_functions_passed_positionally_and_by_keyword(self) -> None:
        found = edges(
            m="""
            def run(cb=None, c=None):
                cb()
                c()
            def f1(): ...
            def f2(): ...
            run(f1)
            run(c=f2)
            """
        )
        assert {("m.run", "m.f1"), ("m.run", "m.f2")} <= found

    def test_return_values(self) -> None:
        found = edges(
            m="""
            def target(): ...
            def factory():
                return target
            class Maker:
                def method1(self):
                    return target
            def main():
                a = factory()
                a()
                factory()()
                Maker().method1()()
            """
        )
        assert {("m.main", "m.factory"), ("m.main", "m.target"), ("m.main", "m.Maker.method1")} <= found
        assert (
            kinds(
                m="""
            def target(): ...
            def factory():
                return target
            def main():
                factory()()
            """
            )[("m.main", "m.target")]
            == "return"
        )

    def test_parameter_that_nothing_passes_resolves_to_nothing(self) -> None:
        assert edges(m="def run(cb):\n    cb()\n") == set()


class TestBindings:
    def test_tuple_unpacking_chained_and_starred(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def f3(): ...
            def main():
                a, b = f1, f2
                b()
                c = d = f3
                d()
                first, *rest = f1, f2, f3
                rest[0]()
            """
        )
        # rest holds f2 and f3 (a list of the remaining elements; positions inside it are not tracked)
        assert found == {("m.main", "m.f2"), ("m.main", "m.f3")}

    def test_straight_line_rebinding_keeps_the_last_value(self) -> None:
        # both assignments are in the module's own body: `@a` runs after the second one
        found = edges(
            m="""
            def dec1(f): return f
            def dec2(f): return f
            a = dec1
            a = dec2
            @a
            def g(): ...
            """
        )
        assert found == {("m", "m.dec2")}

    def test_each_read_sees_the_assignment_before_it(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main():
                a = f1
                a()
                a = f2
                a()
            """
        )
        # both calls happen, each with its own target; the edges are the same pairs
        assert found == {("m.main", "m.f1"), ("m.main", "m.f2")}

    def test_a_table_built_under_a_reused_name(self) -> None:
        # copy.py: `d = _copy_dispatch = {}` ... `d = _deepcopy_dispatch = {}`
        found = edges(
            m="""
            def c1(x): ...
            def d1(x): ...
            d = copies = {}
            d[int] = c1
            d = deep = {}
            d[int] = d1
            def copy(x):
                copies[int](x)
            """
        )
        assert found == {("m.copy", "m.c1")}

    def test_swap_reads_the_old_values(self) -> None:
        found = edges(
            m="""
            def left(): ...
            def right(): ...
            def main():
                a, b = left, right
                a, b = b, a
                a()
            """
        )
        assert found == {("m.main", "m.right")}

    def test_an_assignment_in_a_branch_keeps_every_value(self) -> None:
        # `a = f2` may or may not have run: a reader draws both
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main(flag):
                a = f1
                if flag:
                    a = f2
                a()
            """
        )
        assert found == {("m.main", "m.f1"), ("m.main", "m.f2")}

    def test_a_loop_body_sees_the_value_from_before_the_loop(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main(xs):
                a = f1
                for x in xs:
                    a()
                a = f2
            """
        )
        assert found == {("m.main", "m.f1")}

    def test_other_scopes_see_every_version(self) -> None:
        # `later` may run before or after the second assignment (a module global)
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            a = f1
            def later():
                a()
            a = f2
            """
        )
        assert found == {("m.later", "m.f1"), ("m.later", "m.f2")}

    def test_a_global_statement_stops_the_versions(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def f3(): ...
            a = f1
            def reset():
                global a
                a = f3
            a = f2
            reset()
            a()
            """
        )
        assert found == {("m", "m.reset"), ("m", "m.f1"), ("m", "m.f2"), ("m", "m.f3")}

    def test_an_import_after_an_assignment_keeps_both(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            a = f1
            from other import a
            a()
            """,
            other="""
            def a(): ...
            """,
        )
        assert found == {("m", "m.f1"), ("m", "other.a")}


class TestSlicesAndLiterals:
    def test_a_slice_holds_the_elements_not_an_element(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main():
                hooks = [f1, f2]
                rest = hooks[1:]
                rest[0]()
                for h in hooks[:1]:
                    h()
            """
        )
        assert found == {("m.main", "m.f1"), ("m.main", "m.f2")}

    def test_a_slice_of_a_list_of_lists_is_not_a_list(self) -> None:
        # `rows[1:]` is a list of rows: calling `.append` on it is the list's own method
        analysis = analyse(
            m="""
            def f(): ...
            rows = [[f]]
            tail = rows[1:]
            tail[0][0]()
            """
        )
        found = {(c.caller_module, c.callee) for c in analysis.calls()}
        assert found == {("m", "f")}

    def test_a_tuple_of_literals_is_not_a_value(self) -> None:
        analysis = analyse(
            m="""
            def f(): ...
            pair = ("a", 1)
            handlers = (f, "x")
            handlers[0]()
            """
        )
        held = {value for node in range(len(analysis.pts)) for value in analysis.values(node) if value[0] == pointsto.O}
        # only the display holding `f` is a container value; ("a", 1) never holds anything
        assert len(held) == 1
        assert {(c.caller_module, c.callee) for c in analysis.calls()} == {("m", "f")}


class TestGuards:
    def test_isinstance_narrows_the_read_in_the_body(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class B:
                def run(self): ...
            def main(flag):
                x = A() if flag else B()
                if isinstance(x, A):
                    x.run()
            """
        )
        assert found == {("m.main", "m.A"), ("m.main", "m.B"), ("m.main", "m.A.run")}

    def test_else_branch_and_subclasses(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class Sub(A):
                def run(self): ...
            class B:
                def run(self): ...
            def main(items):
                for x in [Sub(), B()]:
                    if isinstance(x, (A,)):
                        x.run()
                    else:
                        x.run()
            """
        )
        calls = {callee for caller, callee in found if caller == "m.main"}
        # the body: a Sub is an A; the else: only the B is not an A
        assert calls == {"m.Sub", "m.B", "m.Sub.run", "m.B.run"}
        body = kinds(
            m="""
            class A:
                def run(self): ...
            class Sub(A):
                def run(self): ...
            class B:
                def walk(self): ...
            def main():
                for x in [Sub(), B()]:
                    if isinstance(x, A):
                        x.walk()
                    else:
                        x.run()
            """
        )
        # x.walk() under the guard finds no A with `walk`; x.run() in the else finds no B with `run`
        assert ("m.main", "m.B.walk") not in body and ("m.main", "m.Sub.run") not in body

    def test_early_exit_guards_the_rest_of_the_block(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class B:
                def run(self): ...
            def main():
                for x in [A(), B()]:
                    if not isinstance(x, A):
                        continue
                    x.run()
                x.run()
            """
        )
        calls = {callee for caller, callee in found if caller == "m.main"}
        # inside the loop only an A gets past the test; after the loop x is either
        assert calls == {"m.A", "m.B", "m.A.run", "m.B.run"}
        inside = edges(
            m="""
            class A:
                def run(self): ...
            class B:
                def run(self): ...
            def main():
                for x in [A(), B()]:
                    if not isinstance(x, A):
                        continue
                    x.run()
            """
        )
        assert ("m.main", "m.B.run") not in inside

    def test_type_is_keeps_the_exact_class(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class Sub(A):
                def run(self): ...
            def main():
                for x in [A(), Sub()]:
                    if type(x) is A:
                        x.run()
            """
        )
        assert ("m.main", "m.A.run") in found and ("m.main", "m.Sub.run") not in found

    def test_callable_drops_what_cannot_be_called(self) -> None:
        found = edges(
            m="""
            class Plain:
                pass
            class Handler:
                def __call__(self): ...
            def f(): ...
            def main(choice):
                for cb in [Plain(), Handler(), f]:
                    if callable(cb):
                        cb()
                    else:
                        cb.describe()
            """
        )
        assert ("m.main", "m.Handler.__call__") in found and ("m.main", "m.f") in found

    def test_a_binding_in_the_body_ends_the_guard(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class B:
                def run(self): ...
            def main(x):
                if isinstance(x, A):
                    x = B()
                    x.run()
            main(A())
            """
        )
        assert ("m.main", "m.B.run") in found

    def test_outside_classes_do_not_narrow(self) -> None:
        # `Iterable` comes from outside: any class may pass (a subclass hook); nothing is dropped
        found = edges(
            m="""
            from collections.abc import Iterable
            class A:
                def run(self): ...
            def main():
                x = A()
                if isinstance(x, Iterable):
                    x.run()
            """
        )
        assert ("m.main", "m.A.run") in found

    def test_builtin_classes_hold_no_analysed_instance(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class S(str):
                def run(self): ...
            def main():
                for x in [A(), S()]:
                    if isinstance(x, str):
                        x.run()
            """
        )
        assert ("m.main", "m.S.run") in found and ("m.main", "m.A.run") not in found

    def test_a_registered_virtual_subclass_is_kept(self) -> None:
        found = edges(
            m="""
            class Base:
                def run(self): ...
            class Other:
                def run(self): ...
            Base.register(Other)
            def main():
                x = Other()
                if isinstance(x, Base):
                    x.run()
            """
        )
        assert ("m.main", "m.Other.run") in found

    def test_guarded_attribute_chain(self) -> None:
        found = edges(
            m="""
            class A:
                def run(self): ...
            class B:
                def run(self): ...
            class Holder:
                def __init__(self, item):
                    self.item = item
                def go(self):
                    if isinstance(self.item, A):
                        self.item.run()
            Holder(A()).go()
            Holder(B()).go()
            """
        )
        assert ("m.Holder.go", "m.A.run") in found and ("m.Holder.go", "m.B.run") not in found


class TestContainers:
    def test_list_tuple_and_dict_elements(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def f3(): ...
            handlers = [f1, f2]
            table = {"a": f3, "b": f1}
            def main():
                handlers[1]()
                table["a"]()
            """
        )
        assert found == {("m.main", "m.f2"), ("m.main", "m.f3")}

    def test_container_passed_as_a_parameter_and_iterated(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def call_all(fs):
                for f in fs:
                    f()
            call_all((f1, f2))
            """
        )
        assert {("m.call_all", "m.f1"), ("m.call_all", "m.f2")} <= found

    def test_append_and_dict_items(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main():
                hooks = []
                hooks.append(f1)
                for h in hooks:
                    h()
                table = {"x": f2}
                for name, fn in table.items():
                    fn()
            """
        )
        assert {("m.main", "m.f1"), ("m.main", "m.f2")} <= found

    def test_comprehensions_build_containers_of_their_elements(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def main():
                fs = [g for g in (f1,)]
                fs[0]()
                table = {k: v for k, v in {"a": f2}.items()}
                table["b"]()
            """
        )
        assert found == {("m.main", "m.f1"), ("m.main", "m.f2")}


class TestAttributes:
    def test_functions_stored_on_attributes(self) -> None:
        found = edges(
            m="""
            class A:
                def __init__(self):
                    self.cb = self.other
                def other(self): ...
                def run(self):
                    self.cb()
            class Holder:
                def __init__(self):
                    self.a = A()
                def go(self):
                    self.a.run()
            """
        )
        assert ("m.A.run", "m.A.other") in found
        assert ("m.Holder.go", "m.A.run") in found
        assert (
            kinds(
                m="""
            class A:
                def __init__(self):
                    self.cb = self.other
                def other(self): ...
                def run(self):
                    self.cb()
            """
            )[("m.A.run", "m.A.other")]
            == "attribute"
        )


class TestDecorators:
    def test_a_wrapper_is_what_the_decorated_name_calls(self) -> None:
        found = edges(
            m="""
            def dec(func):
                def inner(*args):
                    return func(*args)
                return inner
            @dec
            def work(): ...
            def main():
                work()
            """
        )
        assert ("m.main", "m.dec.<locals>.inner") in found
        assert ("m.dec.<locals>.inner", "m.work") in found
        assert ("m.main", "m.work") not in found  # the old false edge
        assert ("m", "m.dec") in found

    def test_outside_decorators_leave_the_function(self) -> None:
        found = edges(
            m="""
            import functools
            @functools.lru_cache(maxsize=None)
            def work(): ...
            class A:
                @property
                def size(self):
                    return helper()
                @staticmethod
                def s(): ...
            def helper(): ...
            def main():
                work()
                A.s()
                A().size
            """
        )
        assert {
            ("m.main", "m.work"),
            ("m.main", "m.A.s"),
            ("m.main", "m.A.size"),
            ("m.A.size", "m.helper"),
        } <= found

    def test_a_descriptor_instance_assigned_in_a_class_body_is_no_decorated_method(self) -> None:
        # SQLAlchemy's tests: `first = index_property("array", 0)` in a class nested in a test,
        # where `first` is also a method some descriptor class decorates: the read must not
        # look the assigned name up as a function (it crashed the solve).
        found = edges(
            m="""
            class memo:
                def __init__(self, f):
                    self.f = f
                def __get__(self, obj, cls):
                    return self.f(obj)
            class Query:
                @memo
                def first(self): ...
            def getter(obj): ...
            def test():
                class Row:
                    first = memo(getter)
                return Row().first
            def main():
                return Query().first
            """
        )
        assert ("m.main", "m.memo.__get__") in found
        assert ("m.memo.__get__", "m.Query.first") in found

    def test_a_decorator_returning_only_outside_values_leaves_the_function(self) -> None:
        # SQLAlchemy's `util.decorator`: the wrapper is built by `exec` and returned through
        # `functools.update_wrapper`, so what the decoration gives holds nothing analysed.
        found = edges(
            m="""
            import functools
            def decorator(target):
                def decorate(fn):
                    env = {"target": target, "fn": fn}
                    exec("def wrapped(*a): return target(fn, *a)", env)
                    return functools.update_wrapper(env["wrapped"], fn)
                return decorate
            @decorator
            def generative(fn, self, *args):
                return fn(self, *args)
            class Select:
                @generative
                def where(self, clause): ...
            def returns_none(fn):
                fn()
            @returns_none
            def registered(): ...
            def main():
                Select().where(1)
            """
        )
        assert ("m.main", "m.Select.where") in found
        assert ("m.returns_none", "m.registered") in found

    def test_a_descriptor_class_decorating_a_method_runs_its_get_and_holds_the_result(self) -> None:
        # `cached_property`'s shape: the read calls `__get__` (one edge), which calls the stored getter
        # with the instance; what the read holds is that getter's result, not the descriptor.
        source = """
            class memoized:
                def __init__(self, fget):
                    self.fget = fget
                def __get__(self, obj, cls):
                    if obj is None:
                        return self
                    obj.__dict__[self.fget.__name__] = result = self.fget(obj)
                    return result
            alias = memoized
            class Parser:
                def parse(self): ...
            class Lexer:
                def parse(self): ...
            class Compiler:
                @alias
                def parser(self):
                    return Parser()
                @memoized
                def lexer(self):
                    return Lexer()
            class Pg(Compiler): ...
            def main(c: Compiler):
                Pg().parser.parse()
            """
        found = kinds(m=source)
        assert found[("m.main", "m.memoized.__get__")] == "implicit"
        assert ("m.main", "m.Parser.parse") in found
        assert ("m.main", "m.Lexer.parse") not in found  # the other getter's result is not this read's
        assert ("m.main", "m.Compiler.parser") not in found  # `__get__` calls it, not the reader
        assert {("m.memoized.__get__", "m.Compiler.parser"), ("m.memoized.__get__", "m.Compiler.lexer")} <= set(found)

    def test_a_descriptor_whose_get_does_not_call_what_it_stored_reads_as_before(self) -> None:
        found = edges(
            m="""
            class bound:
                def __init__(self, func):
                    self.func = func
                def __get__(self, obj, cls):
                    return self.func.__get__(obj, cls)
                def __call__(self, *args):
                    return self.func(*args)
            class A:
                @bound
                def run(self):
                    return helper()
            def helper(): ...
            def main():
                A().run()
            """
        )
        assert ("m.main", "m.bound.__get__") not in found
        assert ("m.main", "m.bound.__call__") in found  # the descriptor instance, as before

    def test_decorator_factory(self) -> None:
        found = edges(
            m="""
            def register(name):
                def wrap(func):
                    return func
                return wrap
            @register("x")
            def work(): ...
            work()
            """
        )
        assert {("m", "m.register"), ("m", "m.register.<locals>.wrap"), ("m", "m.work")} <= found

    WRAPPED = """
            class Circle:
                def area(self): ...
            class Square:
                def area(self): ...
            def dec(func):
                def inner(*args):
                    return func(*args)
                return inner
    """

    def test_a_wrapper_returns_what_its_own_function_returns(self) -> None:
        found = edges(
            m=self.WRAPPED.rstrip(" ")
            + """
            @dec
            def circle():
                return Circle()
            @dec
            def square():
                return Square()
            def main():
                circle().area()
            """
        )
        assert ("m.main", "m.Circle.area") in found
        assert ("m.main", "m.Square.area") not in found  # the other decorated function's result
        assert ("m.dec.<locals>.inner", "m.circle") in found and ("m.dec.<locals>.inner", "m.square") in found

    def test_a_wrapped_method_gets_its_own_receiver(self) -> None:
        found = edges(
            m=self.WRAPPED.rstrip(" ")
            + """
            class A:
                @dec
                def shape(self):
                    return self.make()
                def make(self):
                    return Circle()
            class B:
                @dec
                def shape(self):
                    return self.make()
                def make(self):
                    return Square()
            def main():
                A().shape().area()
            """
        )
        assert ("m.main", "m.Circle.area") in found and ("m.main", "m.Square.area") not in found
        assert ("m.A.shape", "m.A.make") in found and ("m.A.shape", "m.B.make") not in found
        assert ("m.B.shape", "m.B.make") in found  # nothing calls it: `self` is any B (open world)

    def test_a_function_returning_its_own_wrapper_s_call(self) -> None:
        found = edges(
            m="""
            def run(func):
                def inner(*args):
                    return func(*args)
                return inner(1)
            def work(n):
                return Work()
            class Work:
                def go(self): ...
            def main():
                run(work).go()
            """
        )
        assert {("m.run", "m.run.<locals>.inner"), ("m.run.<locals>.inner", "m.work"), ("m.main", "m.Work.go")} <= found

    def test_a_wrapper_made_at_a_written_call_merges_as_before(self) -> None:
        found = edges(
            m=self.WRAPPED.rstrip(" ")
            + """
            def circle():
                return Circle()
            def square():
                return Square()
            c, s = dec(circle), dec(square)
            def main():
                c().area()
            """
        )
        # no decoration: `inner`'s `func` for `c` is not told apart, and its result is both's
        assert {("m.main", "m.Circle.area"), ("m.main", "m.Square.area")} <= found


class TestImplicitAndOther:
    def test_lambdas_generators_and_dunders(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            class Res:
                def __enter__(self):
                    return self
                def __exit__(self, *exc): ...
                def use(self): ...
            class Seq:
                def __iter__(self):
                    return self
                def __next__(self):
                    return f1
            class Oops(Exception):
                def __init__(self): ...
            def gen():
                yield f1
            def main():
                run = lambda: f1()
                run()
                for g in gen():
                    g()
                with Res() as r:
                    r.use()
                for item in Seq():
                    item()
                raise Oops
            """
        )
        assert {
            ("m.main", "m.f1"),
            ("m.main", "m.gen"),
            ("m.main", "m.Res.__enter__"),
            ("m.main", "m.Res.__exit__"),
            ("m.main", "m.Res.use"),
            ("m.main", "m.Seq.__iter__"),
            ("m.main", "m.Seq.__next__"),
            ("m.main", "m.Oops.__init__"),
        } <= found

    def test_super_through_the_mro(self) -> None:
        found = edges(
            m="""
            class A:
                def m(self): ...
            class B(A):
                def m(self):
                    super().m()
            """
        )
        assert found == {("m.B.m", "m.A.m")}

    def test_nothing_is_invented_for_what_is_not_modelled(self) -> None:
        found = edges(
            m="""
            import os
            def f(): ...
            def main(name, obj):
                getattr(obj, name)()
                eval("f()")
                os.path.join("a")
                obj.f()
            """
        )
        assert found == set()


class TestCallsOfTheReaderRules:
    def test_star_args_kwargs_new_super_of_the_instance_and_async_for(self) -> None:
        found = edges(
            m="""
            def f1(): ...
            def f2(): ...
            def call_all(*steps, **named):
                for step in steps:
                    step()
                named["x"]()
            call_all(f1, x=f2)
            class Single:
                def __new__(cls):
                    return super().__new__(cls)
            Single()
            class A:
                def setup(self): ...
            class B(A):
                def setup(self):
                    super().setup()
            class C(A):
                def setup(self): ...
            class D(B, C): ...
            D().setup()
            class Rows:
                def __aiter__(self):
                    return self
                async def __anext__(self):
                    return f1
            async def total():
                async for row in Rows():
                    row()
            def gen():
                yield f2
            def first():
                next(gen())()
            """
        )
        assert {
            ("m.call_all", "m.f1"),
            ("m.call_all", "m.f2"),
            ("m", "m.Single.__new__"),
            ("m.B.setup", "m.C.setup"),  # D's MRO: D, B, C, A
            ("m.total", "m.Rows.__aiter__"),
            ("m.total", "m.Rows.__anext__"),
            ("m.first", "m.f2"),
        } <= found
        assert ("m.B.setup", "m.A.setup") not in found


class TestBoundsAndFacts:
    def test_caps_are_counted(self, monkeypatch: object) -> None:
        lines = [f"def f{i}(): ...\n" for i in range(pointsto.MAX_VALUES + 5)]
        lines.append("x = f0\n")
        # in branches: x may hold any of them (straight-line assignments would keep only the last)
        lines.extend(f"if c:\n    x = f{i}\n" for i in range(1, pointsto.MAX_VALUES + 5))
        lines.append("x()\n")
        analysis = analyse(m="".join(lines))
        stats = analysis.stats()
        assert stats.capped_nodes >= 1
        assert len(analysis.calls()) == pointsto.MAX_VALUES  # the first 64 values bound to x
        assert not stats.truncated

    def test_full_nodes_share_one_dict_and_cap_apart(self) -> None:
        # A node goes from no value to one (bare), two (a dict) and MAX_VALUES (full: shared with the
        # full nodes that hold the same values in the same order); a new value then caps only it.
        analysis = analyse(m="")
        values = [(pointsto.F, "m", f"f{i}") for i in range(pointsto.MAX_VALUES + 1)]
        x, y, z, w = (analysis.node() for _ in range(4))
        analysis.add(x, values[0])
        assert analysis.pts[x] == values[0] and list(analysis.values(x)) == values[:1]
        analysis.add(x, values[1])
        assert list(analysis.values(x)) == values[:2]
        for value in values[2 : pointsto.MAX_VALUES]:
            analysis.add(x, value)
        analysis.copy(x, y)  # all of x at once
        analysis.copy(x, z)
        analysis._drain()
        for value in reversed(values[: pointsto.MAX_VALUES]):  # the same values, another order
            analysis.add(w, value)
        assert analysis.pts[x] is analysis.pts[y] is analysis.pts[z]
        assert analysis.pts[w] is not analysis.pts[x] and list(analysis.values(w)) == values[pointsto.MAX_VALUES - 1 :: -1]
        analysis.add(y, values[0])  # held already: nothing changes
        analysis.add(y, values[-1])  # a new value caps y alone
        assert y in analysis.capped and x not in analysis.capped and z not in analysis.capped
        assert list(analysis.values(y)) == list(analysis.values(x)) == values[: pointsto.MAX_VALUES]
        assert type(analysis.pts[y]) is pointsto._Frozen and type(analysis.pts[x]) is dict
        analysis.add(z, values[-1])  # capped too: the same values, one frozen tuple for both
        assert analysis.pts[z] is analysis.pts[y]
        assert analysis.stats().values == 4 * pointsto.MAX_VALUES and analysis.stats().capped_nodes == 2

    def test_a_few_values_are_a_tuple_until_one_more(self) -> None:
        # 2 to _FEW values: a `_Few` tuple in arrival order (by `add`, by `copy` and by the drain);
        # one more: a dict with the same order; a value held already changes nothing.
        analysis = analyse(m="")
        values = [(pointsto.F, "m", f"f{i}") for i in range(pointsto._FEW + 1)]
        x, y, z = (analysis.node() for _ in range(3))
        analysis.copy(x, z)  # z gets x's values through the drain
        for value in values[: pointsto._FEW]:
            analysis.add(x, value)
            analysis.add(x, values[0])
        analysis._drain()
        analysis.copy(x, y)  # and y all at once
        for node in (x, y, z):
            assert type(analysis.pts[node]) is pointsto._Few
            assert sorted(analysis.values(node)) == sorted(values[: pointsto._FEW])
        assert list(analysis.values(x)) == values[: pointsto._FEW] == list(analysis.values(y))
        analysis.add(x, values[-1])
        analysis._drain()
        assert type(analysis.pts[x]) is dict and list(analysis.values(x)) == values
        assert type(analysis.pts[y]) is dict and list(analysis.values(y)) == values  # its copy edge
        assert type(analysis.pts[z]) is dict and sorted(analysis.values(z)) == sorted(values)
        assert analysis.stats().values == 3 * len(values)

    def test_two_subscribers_are_a_pair_until_a_third(self) -> None:
        # 2 subscribers: a `_Pair` in arrival order (by `copy` and by `subscribe`), a list from the third;
        # a copy edge held already changes nothing; the drain applies each to the values pending then.
        analysis = analyse(m="")
        value, later = (pointsto.F, "m", "f"), (pointsto.F, "m", "g")
        x, y, z, w = (analysis.node() for _ in range(4))
        analysis.copy(x, y)
        analysis.copy(x, z)
        analysis.copy(x, y)
        assert type(analysis.subs[x]) is pointsto._Pair and list(analysis.subs[x]) == [y, z]
        analysis.add(x, value)
        analysis.copy(x, w)  # w gets x's value at once; the pending (x, value, 2) reaches y and z
        assert type(analysis.subs[x]) is list and analysis.subs[x] == [y, z, w]
        analysis._drain()
        assert [analysis.values(n) for n in (y, z, w)] == [(value,)] * 3
        u, v = analysis.node(), analysis.node()
        first = (pointsto._FILTER, u, (False, "c", None))  # a callable() guard: a function passes
        analysis.subscribe(z, first)  # z holds `value` already: applied at once
        analysis.subscribe(z, (pointsto._FILTER, v, (False, "c", None)))
        assert type(analysis.subs[z]) is pointsto._Pair and analysis.subs[z][0] is first
        analysis.add(z, later)
        analysis._drain()
        assert analysis.values(u) == pointsto._Few((value, later)) == analysis.values(v)

    def test_a_capped_node_keeps_its_first_values(self) -> None:
        count = pointsto.MAX_VALUES + 5
        lines = [f"def f{i}(): ...\n" for i in range(count)]
        lines.append("x = f0\n")
        lines.extend(f"if c:\n    x = f{i}\n" for i in range(1, count))
        lines.append("y = x\n")
        analysis = analyse(m="".join(lines))
        first = [(pointsto.F, "m", f"f{i}") for i in range(pointsto.MAX_VALUES)]
        x = analysis.variables[("m", "", "x")]
        y = analysis.variables[("m", "", "y")]
        assert list(analysis.pts[x]) == first  # in the order assigned; the five later ones dropped
        assert x in analysis.capped
        # `y` got all `x` holds and never more: full, not capped
        assert list(analysis.pts[y]) == first
        assert y not in analysis.capped
        analysis.add(x, (pointsto.F, "m", "f0"))  # held already: nothing changes
        analysis.add(x, (pointsto.F, "m", f"f{count - 1}"))  # capped: dropped
        assert list(analysis.pts[x]) == first

    def test_a_later_unpacking_reads_the_attribute_load_compiled_before(self) -> None:
        # `make` gets `pair` only after `main` is compiled: the unpacking runs while draining,
        # and its target `a.inner.x` reads `a.inner`, which `a.inner.z = C()` loaded already.
        analysis = analyse(
            m="""
            class C: ...
            class Box:
                def __init__(self):
                    self.inner = C()
            def pair():
                return C(), C()
            def main(a):
                a.inner.z = C()
                a.inner.x, y = make()
            main(Box())
            make = pair
            """
        )
        subs = analysis.subs[analysis.variables[("m", "main", "a")]]
        subs = list(subs) if type(subs) in pointsto._MANY else [subs]
        loads = [sub for sub in subs if type(sub) is tuple and sub[0] == pointsto._LOAD and sub[2] == "inner"]
        assert len(loads) == 1  # one node for `a.inner` in `main`, whenever it is read
        found = {(call.caller, call.callee) for call in analysis.calls()}
        assert found == {
            ("", "Box.__init__"),
            ("", "main"),
            ("Box.__init__", "C"),
            ("main", "C"),
            ("main", "pair"),  # through `make`, once it holds `pair`
            ("pair", "C"),
        }

    def test_dropping_the_constraints_keeps_the_results(self) -> None:
        analysis = analyse(
            m="""
            class A:
                def __init__(self, cb):
                    self.cb = cb
                def run(self):
                    return self.cb()
            def g(): ...
            def main():
                a = A(g)
                for f in [a.run, g]:
                    f()
                len(a)
                unknown()
            """
        )
        calls, call_stats, stats = analysis.calls(), analysis.call_stats(), analysis.stats()
        assert stats.nodes > 0 and stats.values > 0
        analysis.drop_constraints()
        assert analysis.pts == [] and analysis.subs == [] and analysis.named == {} and analysis.edge_sites == set()  # freed for what follows
        assert analysis.calls() == calls
        assert analysis.call_stats() == call_stats
        assert analysis.stats() == stats
        assert ("main", "run") in {(c.caller, c.callee.rsplit(".", 1)[-1]) for c in calls}

    def test_the_step_budget_grows_with_the_facts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # `h()` is compiled before `h` holds anything: `f` reaches it through the work list
        source = "def main():\n    h()\ndef f(): ...\nh = f\n"
        monkeypatch.setattr(pointsto, "MAX_STEPS", 0)
        monkeypatch.setattr(pointsto, "STEPS_PER_FACT", 0)
        starved = analyse(m=source)
        assert starved.stats().truncated and starved.stats().max_steps == 0
        assert starved.calls() == []
        monkeypatch.setattr(pointsto, "STEPS_PER_FACT", 16)
        facts = facts_of(source, "m")
        enough = analyse(m=source)
        assert enough.stats().max_steps == 16 * len(facts.flows)
        assert not enough.stats().truncated
        assert [(c.caller, c.callee) for c in enough.calls()] == [("main", "f")]

    def test_flows_round_trip_json_and_pickle(self) -> None:
        facts = facts_of(
            textwrap.dedent(
                """
                def f(cb=lambda: 1, *a, k=2, **kw):
                    x, *y = [cb, {"a": cb}], 3
                    yield from x
                with open("p") as h, g() as (p, q):
                    raise E
                """
            )
        )
        assert facts.flows
        assert ModuleFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts
        assert pickle.loads(pickle.dumps(facts)) == facts

    def test_output_does_not_depend_on_set_order(self) -> None:
        first = analyse(
            m="""
            def a(): ...
            def b(): ...
            fs = [a, b]
            for f in fs:
                f()
            """
        )
        assert [(c.caller, c.callee, c.kind) for c in first.calls()] == [
            ("", "a", "alias"),
            ("", "b", "alias"),
        ]


class TestParametersReturnedUnchanged:
    """A function that returns its argument gives each call that call's own argument back."""

    def test_identity_registry_keeps_each_decorated_function_apart(self) -> None:
        found = edges(
            m="""
            REGISTRY = []
            def register(f):
                REGISTRY.append(f)
                return f
            @register
            def one(): ...
            @register
            def two(): ...
            def main():
                one()
            """
        )
        # main calls only `one`; without the context both decorated names hold one and two
        assert ("m.main", "m.one") in found
        assert ("m.main", "m.two") not in found

    def test_decorator_factory_through_a_nested_function_and_star_args(self) -> None:
        found = edges(
            m="""
            def deconstructible(*args, path=None):
                def decorator(klass):
                    klass.path = path
                    return klass
                if not args:
                    return decorator
                return decorator(*args)
            @deconstructible
            class A:
                def __init__(self): ...
            @deconstructible(path="x")
            class B:
                def __init__(self): ...
            def make_a():
                return A()
            """
        )
        assert ("m.make_a", "m.A.__init__") in found
        assert ("m.make_a", "m.B.__init__") not in found

    def test_registry_method_returning_through_another_method(self) -> None:
        found = edges(
            m="""
            class Library:
                def tag(self, name=None, func=None):
                    if func is None:
                        return self.tag_function(name)
                    return func
                def tag_function(self, func):
                    return func
            register = Library()
            @register.tag
            def first(): ...
            @register.tag
            def second(): ...
            def main():
                second()
            """
        )
        assert ("m.main", "m.second") in found
        assert ("m.main", "m.first") not in found

    def test_method_returning_self_gives_the_receiver(self) -> None:
        found = edges(
            m="""
            class A:
                def __enter__(self):
                    return self
                def __exit__(self, *exc): ...
                def run(self): ...
            class B(A):
                def run(self): ...
            def main():
                with A() as a:
                    a.run()
            def other():
                with B() as b:
                    b.run()
            """
        )
        assert ("m.main", "m.A.run") in found
        assert ("m.main", "m.B.run") not in found
        assert ("m.other", "m.B.run") in found

    def test_a_parameter_also_assigned_is_not_passed_through(self) -> None:
        found = edges(
            m="""
            def fallback(): ...
            def pick(f):
                if f is None:
                    f = fallback
                return f
            def one(): ...
            def main():
                pick(one)()
            """
        )
        # `f` is rebound in the body: the merged set (one, fallback) stays
        assert {("m.main", "m.one"), ("m.main", "m.fallback")} <= found

    def test_an_extra_positional_not_given_passes_nothing(self) -> None:
        found = edges(
            m="""
            def first_or_factory(*args):
                def factory(klass):
                    return klass
                if not args:
                    return factory
                return factory(*args)
            class A:
                def __call__(self): ...
            a = first_or_factory(A())
            f = first_or_factory()
            def main():
                f()
            def other():
                a()
            """
        )
        # `first_or_factory()` has no first extra argument: only `factory` comes back
        assert ("m.main", "m.first_or_factory.<locals>.factory") in found
        assert ("m.main", "m.A.__call__") not in found
        assert ("m.other", "m.A.__call__") in found

    def test_nested_decorator_keeps_the_factory_arguments_of_its_own_call(self) -> None:
        found = edges(
            m="""
            class Library:
                def tag(self, name=None, func=None):
                    if func is not None:
                        return func
                    if callable(name):
                        return name
                    def dec(func):
                        return self.tag(name, func)
                    return dec
            register = Library()
            @register.tag
            def bare(): ...
            @register.tag("named")
            def named(): ...
            def main():
                named()
            """
        )
        # `dec` made by `tag("named")` has name == "named"; the bare tag's function never comes back from it
        assert ("m.main", "m.named") in found
        assert ("m.main", "m.bare") not in found
        assert ("m", "m.Library.tag.<locals>.dec") in found

    def test_two_nested_defs_of_one_name_share_the_context(self) -> None:
        found = edges(
            m="""
            class Library:
                def filter(self, name=None, func=None):
                    if name is None:
                        def dec(func):
                            return self.filter(func.__name__, func)
                        return dec
                    if func is None:
                        if callable(name):
                            return self.filter(name.__name__, name)
                        def dec(func):
                            return self.filter(name, func)
                        return dec
                    return func
            register = Library()
            @register.filter
            def bare(): ...
            @register.filter("named")
            def named(): ...
            def main():
                named()
            """
        )
        assert ("m.main", "m.named") in found
        assert ("m.main", "m.bare") not in found


def test_var_kinds_grow_to_the_node_marked_and_read_zero_beyond() -> None:
    from codesmell.graph.pointsto import _KIND_BIT, IMPLICIT, PointsTo

    analysis = PointsTo({})
    assert analysis._kinds_of(0) == 0 and analysis._kinds_of(10**6) == 0
    analysis._mark_kind(5, 1)
    analysis._mark_kind(5, _KIND_BIT[IMPLICIT])  # the highest bit
    analysis._mark_kind(2, 4)
    assert len(analysis.var_kinds) >= 6
    assert [analysis._kinds_of(node) for node in range(8)] == [0, 0, 4, 0, 0, 1 | _KIND_BIT[IMPLICIT], 0, 0]


class TestAccelerators:
    """The pure-Python fallback that a C accelerator import replaces never runs."""

    FUNCTOOLS = """
        class partial:
            def __new__(cls, func, *args):
                self = object.__new__(cls)
                self.func, self.args = func, args
                return self

            def __call__(self, *args):
                return self.func(*self.args, *args)

        try:
            from _functools import partial
        except ImportError:
            pass

        def update_wrapper(wrapper, wrapped):
            return wrapper

        def wraps(wrapped):
            return partial(update_wrapper, wrapped=wrapped)
    """

    def test_no_instance_of_the_fallback_class_merges_the_wrapped_functions(self) -> None:
        found = edges(
            tools=self.FUNCTOOLS,
            app="""
            from tools import partial
            def a(): ...
            def b(): ...
            first, second = partial(a), partial(b)
            first()
            """,
        )
        assert not any(callee.startswith("tools.partial") or caller.startswith("tools.partial")
                       for caller, callee in found)
        assert ("app", "app.a") not in found and ("app", "app.b") not in found  # C code calls them

    def test_wraps_over_the_c_partial_keeps_the_wrapper(self) -> None:
        found = edges(
            tools=self.FUNCTOOLS,
            app="""
            from tools import wraps
            def logged(func):
                @wraps(func)
                def wrapper(*args):
                    return func(*args)
                return wrapper

            @logged
            def handle(event): ...

            handle(1)
            """,
        )
        assert ("app", "app.logged.<locals>.wrapper") in found
        assert ("app.logged.<locals>.wrapper", "app.handle") in found
        assert ("app", "app.handle") not in found  # `@logged` is no identity: its wrapper came first

    def test_a_function_twin_makes_no_edges_and_still_models_what_c_returns(self) -> None:
        analysis = analyse(
            loops="""
            class Loop:
                def create_future(self): ...
            _running = [Loop()]
            def get_running_loop():
                return _running[0]
            try:
                from _asyncio import get_running_loop
            except ImportError:
                pass
            """,
            locks="""
            from loops import get_running_loop
            def acquire():
                return get_running_loop().create_future()
            """,
        )
        found = {(c.caller_module, c.caller, c.callee_module, c.callee) for c in analysis.calls()}
        assert found == {("loops", "", "loops", "Loop"), ("locks", "acquire", "loops", "Loop.create_future")}
        stats = analysis.call_stats()
        assert stats.resolved == 2  # `Loop()` and `.create_future()`; `get_running_loop()` is C code


    MEMO = """
            def _lru_cache_wrapper(user_function):
                def wrapper(*args):
                    return user_function(*args)
                return wrapper
            try:
                from _functools import _lru_cache_wrapper
            except ImportError:
                pass
            def cache(user_function):
                return _lru_cache_wrapper(user_function)
    """

    def test_a_decoration_holding_the_twin_s_wrapper_keeps_the_function(self) -> None:
        found = edges(
            memo=self.MEMO,
            app="""
            from memo import cache
            @cache
            def fib(n):
                return fib(n - 1)
            def tenth():
                return fib(10)
            """,
        )
        assert ("app.tenth", "app.fib") in found and ("app.fib", "app.fib") in found
        assert not any("_lru_cache_wrapper" in caller + callee for caller, callee in found)

    def test_each_cached_function_s_result_is_its_own(self) -> None:
        found = edges(
            memo=self.MEMO,
            app="""
            from memo import cache
            class Circle:
                def area(self): ...
            class Square:
                def area(self): ...
            @cache
            def circle():
                return Circle()
            @cache
            def square():
                return Square()
            def use():
                circle().area()
            """,
        )
        # The twin's `wrapper` holds both functions as `user_function`: its merged result must not reach `use`
        assert ("app.use", "app.Circle.area") in found
        assert ("app.use", "app.Square.area") not in found

class TestPartial:
    """`functools.partial` is C code: what it calls flows, and it makes no edge (ground-truth rule 7)."""

    def test_a_partial_s_result_is_its_function_s(self) -> None:
        found = edges(
            m="""
            import functools
            class Shape:
                def area(self): ...
            def make(kind, size):
                return Shape()
            unit = functools.partial(make, "square")
            def use():
                unit(1).area()
            """
        )
        assert ("m.use", "m.Shape.area") in found
        assert ("m.use", "m.make") not in found  # the C partial calls it

    def test_arguments_reach_the_function_stored_first(self) -> None:
        found = edges(
            m="""
            from functools import partial
            def run(callback, event):
                callback(event)
            def on_click(event): ...
            handler = partial(run, on_click)
            def main():
                handler(1)
            """
        )
        assert ("m.run", "m.on_click") in found
        assert ("m.main", "m.run") not in found

    def test_a_decorator_with_optional_arguments(self) -> None:
        found = edges(
            m="""
            import functools
            def with_data(func=None, *, names=None):
                if func is None:
                    return functools.partial(with_data, names=names)
                def inner(*args):
                    return func(*args)
                return inner
            @with_data(names=["x"])
            def bar(x): ...
            def draw():
                bar(1)
            """
        )
        assert ("m.draw", "m.with_data.<locals>.inner") in found and ("m.with_data.<locals>.inner", "m.bar") in found

    def test_a_partial_of_itself_ends(self) -> None:
        found = edges(
            m="""
            import functools, json
            dec = functools.partial(json.dumps)
            for _ in range(3):
                dec = functools.partial(dec, indent=2)
            @dec
            def work(): ...
            def main():
                work()
            """
        )
        assert ("m.main", "m.work") in found  # what the partials call is outside: the function stays

    def test_a_partial_of_outside_code_leaves_a_decorated_function(self) -> None:
        found = edges(
            m="""
            import functools, json
            dec = functools.partial(json.dumps, indent=2)
            @dec
            def work(): ...
            def main():
                work()
            """
        )
        assert ("m.main", "m.work") in found


class TestExecNamespaces:
    """A dict given to exec/eval as a namespace is not read back as the dict it was made as."""

    def test_reading_a_namespace_back_gives_nothing(self) -> None:
        found = edges(
            m="""
            def one(): ...
            def two(): ...
            def build(code, env, name):
                exec(code, env)
                return env[name]
            def use():
                build("def f(): pass", {"a": one, "b": two}, "f")()
            """
        )
        assert ("m.use", "m.one") not in found and ("m.use", "m.two") not in found

    def test_a_shadowed_exec_is_no_namespace(self) -> None:
        found = edges(
            m="""
            def one(): ...
            def exec(code, env): ...
            def build(code, env, name):
                exec(code, env)
                return env[name]
            def use():
                build("", {"a": one}, "a")()
            """
        )
        assert ("m.use", "m.one") in found and ("m.build", "m.exec") in found

    def test_a_dict_exec_is_not_given_is_read_as_before(self) -> None:
        found = edges(
            m="""
            def one(): ...
            def build(code, env, table, name):
                exec(code, env)
                return table[name]
            def use():
                build("", {}, {"a": one}, "a")()
            """
        )
        assert ("m.use", "m.one") in found


class TestReturnsUnderNoneTests:
    """`def deco(func=None, *, opt=...)`: a call that passes no `func` takes the `func is None` branch only."""

    OPTIONAL = """
        def cached(func=None, *, typed=False):
            def decorator(f):
                def inner(*args):
                    return f(*args)
                return inner
            if func is not None:
                return decorator(func)
            return decorator
        @cached
        def one(): ...
        @cached(typed=True)
        def two(): ...
        def main():
            one()
            two()
        """

    def test_each_decoration_gets_its_own_branch(self) -> None:
        found = edges(m=self.OPTIONAL)
        assert ("m.main", "m.cached.<locals>.decorator.<locals>.inner") in found
        assert {("m.cached.<locals>.decorator.<locals>.inner", "m.one"), ("m.cached.<locals>.decorator.<locals>.inner", "m.two")} <= found
        assert ("m.main", "m.cached.<locals>.decorator") not in found  # `@cached` passes a function: not None
        assert ("m", "m.cached.<locals>.decorator.<locals>.inner") not in found  # `cached(typed=True)` returns `decorator`

    def test_the_facts_mark_the_branches(self) -> None:
        module = facts_of(textwrap.dedent(self.OPTIONAL), "m")
        returns = [fact for fact in marshal.loads(module.packed_flows) if fact[0] == "return" and fact[1] == "cached"]
        assert sorted(fact[3] for fact in returns) == [(("func", False),), (("func", True),)]

    def test_a_passed_argument_may_be_none(self) -> None:
        found = edges(
            m="""
            class Plain: ...
            class Fancy: ...
            def make(kind=None):
                if kind is None:
                    return Plain
                return Fancy
            def main(option):
                make()()
                make(option)()
            def other():
                make(kind="x")()
            """
        )
        assert ("m.main", "m.Plain") in found and ("m.main", "m.Fancy") in found  # `option` may hold None
        assert ("m.other", "m.Fancy") in found and ("m.other", "m.Plain") in found  # literals are not followed

    def test_an_omitted_argument_is_its_none_default(self) -> None:
        found = edges(
            m="""
            class Plain: ...
            class Fancy: ...
            def make(kind=None):
                if kind is None:
                    return Plain
                else:
                    return Fancy
            def main():
                make()()
            """
        )
        assert ("m.main", "m.Plain") in found and ("m.main", "m.Fancy") not in found

    def test_a_parameter_bound_again_is_not_its_default(self) -> None:
        found = edges(
            m="""
            class Plain: ...
            class Fancy: ...
            def make(kind=None):
                kind = kind or "fancy"
                if kind is None:
                    return Plain
                return Fancy
            def main():
                make()()
            """
        )
        assert ("m.main", "m.Fancy") in found and ("m.main", "m.Plain") in found

    def test_a_summarised_parameter_returned_in_one_branch(self) -> None:
        found = edges(
            m="""
            def register(func=None, *, name=""):
                if func is None:
                    return lambda f: register(f, name=name)
                return func
            @register(name="x")
            def handler(): ...
            def main():
                handler()
            """
        )
        assert ("m.main", "m.handler") in found


class TestOpenWorldReceivers:
    """A method nothing calls: `self` is an instance of its class or of a subclass that inherits it."""

    def test_a_template_method_reaches_the_overrides(self) -> None:
        found = edges(
            m="""
            class Command:
                def run(self):
                    self.prepare()
                    return self.handle()
                def prepare(self): ...
                def handle(self): ...
            class Build(Command):
                def handle(self): ...
            class Clean(Command):
                def run(self):
                    return "cleaned"
                def handle(self): ...
            """
        )
        assert {("m.Command.run", "m.Command.prepare"), ("m.Command.run", "m.Command.handle"), ("m.Command.run", "m.Build.handle")} <= found
        assert ("m.Command.run", "m.Clean.handle") not in found  # `Clean` has its own `run`

    def test_a_called_method_keeps_its_callers_receivers(self) -> None:
        found = edges(
            m="""
            class Command:
                def run(self):
                    return self.handle()
                def handle(self): ...
            class Build(Command):
                def handle(self): ...
            def main():
                Command().run()
            """
        )
        assert ("m.Command.run", "m.Command.handle") in found
        assert ("m.Command.run", "m.Build.handle") not in found  # only a `Command` runs it

    def test_a_mixin_s_method_runs_on_the_classes_that_mix_it_in(self) -> None:
        found = edges(
            m="""
            class Base:
                def finish(self): ...
            class Mixin:
                def end(self):
                    self.finish()
            class Builder(Mixin, Base): ...
            """
        )
        assert ("m.Mixin.end", "m.Base.finish") in found

    def test_more_heirs_than_a_node_holds_still_reach_every_override(self) -> None:
        # 41 heirs reach `TypeEngine.operate` and come first by name; the cap is 32 values
        plain = "".join(f"class Type{n:02}(TypeEngine): ...\n" for n in range(40))
        found = edges(
            a=textwrap.dedent(
                """
                class Operators:
                    def __add__(self, other):
                        return self.operate("add", other)
                    def operate(self, op, other): ...
                class TypeEngine(Operators):
                    def operate(self, op, other): ...
                """
            )
            + plain,
            z="""
            from a import Operators
            class Negated(Operators):
                def operate(self, op, other): ...
            """,
        )
        reached = {callee for caller, callee in found if caller == "a.Operators.__add__"}
        assert reached == {"a.Operators.operate", "a.TypeEngine.operate", "z.Negated.operate"}

    def test_the_order_of_heirs_matters_only_over_the_cap(self) -> None:
        analysis = analyse(
            m="""
            class Base:
                def go(self):
                    return self.step()
                def step(self): ...
            class B(Base): ...
            class A(Base):
                def step(self): ...
            """
        )
        node = analysis.var("m", "Base.go", "self")
        assert [value[2] for value in analysis.values(node)] == ["Base", "A", "B"]  # name order: nothing moved


class TestTypeCheckingDefinitions:
    """`if TYPE_CHECKING:` never runs: a stub there is no call target, the run-time binding is."""

    def test_stub_for_an_outside_callable_is_no_edge(self) -> None:
        found = edges(
            m="""
            import operator
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                def instance_state(instance): ...
            else:
                instance_state = operator.attrgetter("_state")
            def use(obj):
                return instance_state(obj)
            """
        )
        assert found == set()

    def test_the_else_branch_import_is_the_callee(self) -> None:
        found = edges(
            m="""
            import typing
            if typing.TYPE_CHECKING:
                def helper(x): ...
            else:
                from other import helper
            def use(obj):
                return helper(obj)
            """,
            other="""
            def helper(x):
                return x
            """,
        )
        assert found == {("m.use", "other.helper")}

    def test_a_stub_class_and_its_decorators_run_nothing(self) -> None:
        found = edges(
            m="""
            from typing import TYPE_CHECKING
            def register(cls):
                return cls
            if TYPE_CHECKING:
                @register
                class Proxy:
                    def get(self): ...
            else:
                class Proxy:
                    def get(self):
                        return 1
            def use():
                return Proxy().get()
            """
        )
        assert found == {("m.use", "m.Proxy"), ("m.use", "m.Proxy.get")}
        assert all(callee != "m.register" for _, callee in found)
