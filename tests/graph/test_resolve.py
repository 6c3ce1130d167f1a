"""Resolver: symbolic names and call chains -> fully qualified definitions, or nothing."""

from __future__ import annotations

import textwrap

from codesmell.graph.resolve import (
    DEFINITION,
    EXTERNAL,
    MODULE,
    Resolver,
    Target,
    full_name,
    resolve_calls,
)

from .projects import facts_of


def project(**sources: str) -> Resolver:
    """Modules named by keyword (`pkg__init__` is package `pkg`, `pkg__mod` is `pkg.mod`)."""
    facts = {}
    for key, source in sources.items():
        is_package = key.endswith("__init__")
        name = key.removesuffix("__init__").rstrip("_").replace("__", ".")
        facts[name] = facts_of(textwrap.dedent(source), name, is_package)
    return Resolver(facts)


def calls(**sources: str) -> set[tuple[str, str]]:
    found, _ = project(**sources).resolve_calls()
    return {(full_name(c.caller_module, c.caller), full_name(c.callee_module, c.callee)) for c in found}


class TestNames:
    def test_class_body_is_not_visible_from_methods(self) -> None:
        assert calls(
            m="""
            def helper(): ...
            class C:
                def helper(self): ...
                def run(self):
                    helper()
            """
        ) == {("m.C.run", "m.helper")}

    def test_enclosing_function_scopes_are_visible(self) -> None:
        assert calls(
            m="""
            def outer():
                def step(): ...
                def inner():
                    step()
                inner()
            """
        ) == {
            ("m.outer.<locals>.inner", "m.outer.<locals>.step"),
            ("m.outer", "m.outer.<locals>.inner"),
        }

    def test_parameters_and_local_rebinding_shadow_globals(self) -> None:
        assert (
            calls(
                m="""
            def f(): ...
            def by_param(f):
                f()
            def by_assignment():
                f = make()
                f()
            def by_loop(items):
                for f in items:
                    f()
            def by_comprehension(items):
                return [f() for f in items]
            def by_lambda():
                return lambda f: f()
            """
            )
            == set()
        )

    def test_global_and_nonlocal_declarations(self) -> None:
        assert calls(
            m="""
            def target(): ...
            def uses_global():
                global target
                target()
            def outer():
                def target(): ...
                def inner():
                    nonlocal target
                    target()
            """
        ) == {("m.uses_global", "m.target"), ("m.outer.<locals>.inner", "m.outer.<locals>.target")}

    def test_a_name_bound_to_different_things_is_not_resolved(self) -> None:
        resolver = project(
            m="""
            try:
                from fast import parse
            except ImportError:
                def parse(): ...
            def twice(): ...
            if flag:
                def twice(): ...
            """
        )
        assert resolver.lookup("m", "", "parse") is None
        # the same definition written twice is still one function
        assert resolver.lookup("m", "", "twice") == Target(DEFINITION, "m", "twice")

    def test_aliases_follow_chains(self) -> None:
        assert calls(
            m="""
            import m2
            run = m2.Tool.start
            def go():
                local = run
                local()
            """,
            m2="""
            class Tool:
                @staticmethod
                def start(): ...
            """,
        ) == {("m.go", "m2.Tool.start")}

    def test_self_referencing_aliases_terminate(self) -> None:
        resolver = project(m="a = b\nb = a\n")
        assert resolver.lookup("m", "", "a") is None

    def test_builtins_and_unknown_modules_are_external(self) -> None:
        resolver = project(m="import numpy as np\nfrom os import path\n")
        assert resolver.lookup("m", "", "len") == Target(EXTERNAL, "builtins.len")
        assert resolver.resolve_chain("m", "", "np.linalg.norm") == Target(EXTERNAL, "numpy.linalg.norm")
        assert resolver.lookup("m", "", "path") == Target(EXTERNAL, "os.path")


class TestModules:
    def test_from_package_import_submodule_or_function(self) -> None:
        resolver = project(
            pkg__init__="from .impl import work\n",
            pkg__impl="def work(): ...\n",
            pkg__tools="",
            m="from pkg import work, tools\n",
        )
        assert resolver.lookup("m", "", "work") == Target(DEFINITION, "pkg.impl", "work")
        assert resolver.lookup("m", "", "tools") == Target(MODULE, "pkg.tools")

    def test_package_attribute_wins_over_a_submodule_of_the_same_name(self) -> None:
        resolver = project(pkg__init__="def tools(): ...\n", pkg__tools="", m="from pkg import tools\n")
        assert resolver.lookup("m", "", "tools") == Target(DEFINITION, "pkg", "tools")

    def test_from_dot_import_submodule_inside_the_package_init(self) -> None:
        resolver = project(pkg__init__="from . import sub\n", pkg__sub="def f(): ...\n")
        assert resolver.resolve_chain("pkg", "", "sub.f") == Target(DEFINITION, "pkg.sub", "f")

    def test_import_dotted_binds_the_top_package_and_walks_submodules(self) -> None:
        assert calls(
            a__b__c="def f(): ...\n",
            m="import a.b.c\ndef g():\n    a.b.c.f()\n",
        ) == {("m.g", "a.b.c.f")}  # a and a.b are namespace packages: no file, still walkable

    def test_star_imports_respect_all_and_privacy(self) -> None:
        resolver = project(
            lib="__all__ = ['public']\ndef public(): ...\ndef hidden(): ...\n",
            util="def visible(): ...\ndef _private(): ...\n",
            m="from lib import *\nfrom util import *\n",
        )
        assert resolver.lookup("m", "", "public") == Target(DEFINITION, "lib", "public")
        assert resolver.lookup("m", "", "visible") == Target(DEFINITION, "util", "visible")
        assert resolver.lookup("m", "", "hidden") == Target(EXTERNAL, "builtins.hidden")
        assert resolver.lookup("m", "", "_private") == Target(EXTERNAL, "builtins._private")

    def test_a_later_star_import_wins(self) -> None:
        resolver = project(
            first="def f(): ...\n", second="def f(): ...\n", m="from first import *\nfrom second import *\n"
        )
        assert resolver.lookup("m", "", "f") == Target(DEFINITION, "second", "f")

    def test_reexport_cycles_terminate(self) -> None:
        resolver = project(a="from b import f\n", b="from a import f\n")
        assert resolver.lookup("a", "", "f") is None

    def test_missing_attribute_of_an_analysed_module_is_unknown(self) -> None:
        resolver = project(lib="", m="import lib\n")
        assert resolver.resolve_chain("m", "", "lib.nothing") is None


class TestClasses:
    def test_inherited_methods_follow_the_c3_mro(self) -> None:
        assert calls(
            m="""
            class A:
                def hook(self): ...
            class B(A):
                pass
            class C(A):
                def hook(self): ...
            class D(B, C):
                def run(self):
                    self.hook()
            """
        ) == {("m.D.run", "m.C.hook")}  # C3: D, B, C, A, not depth-first D, B, A

    def test_super_skips_the_current_class(self) -> None:
        assert calls(
            m="""
            class A:
                def save(self): ...
            class B(A):
                def save(self):
                    super().save()
                    def later():
                        super().save()
            """
        ) == {("m.B.save", "m.A.save"), ("m.B.save.<locals>.later", "m.A.save")}

    def test_an_outside_base_hides_what_comes_after_it(self) -> None:
        assert calls(
            m="""
            import threading
            class Mixin:
                def helper(self): ...
            class Worker(threading.Thread, Mixin):
                def own(self): ...
                def run(self):
                    self.own()
                    self.helper()
            """
        ) == {("m.Worker.run", "m.Worker.own")}

    def test_known_empty_outside_bases_are_transparent(self) -> None:
        assert calls(
            m="""
            from abc import ABC
            from typing import Generic, TypeVar
            T = TypeVar("T")
            class Mixin:
                def helper(self): ...
            class Box(ABC, Generic[T], Mixin):
                def run(self):
                    self.helper()
            """
        ) == {("m.Box.run", "m.Mixin.helper")}

    def test_constructors(self) -> None:
        resolver = project(
            m="""
            class WithInit:
                def __init__(self): ...
            class Inherits(WithInit):
                pass
            class Bare:
                pass
            class FromOutside(Exception):
                pass
            def make():
                WithInit()
                Inherits()
                Bare()
                FromOutside()
            """
        )
        found, _ = resolver.resolve_calls()
        assert {(c.callee, c.count) for c in found} == {
            ("WithInit.__init__", 2),  # its own __init__, and the inherited one
            ("Bare", 1),  # no __init__ at all: the class itself is what is called
            ("FromOutside", 1),  # __init__ comes from outside: the class itself
        }

    def test_cls_and_class_attributes(self) -> None:
        assert calls(
            m="""
            class K:
                def __init__(self): ...
                def keys(self): ...
                __iter__ = keys
                @classmethod
                def build(cls):
                    return cls()
                def walk(self):
                    self.__iter__()
                    K.keys(self)
            """
        ) == {
            ("m.K.build", "m.K.__init__"),
            ("m.K.walk", "m.K.keys"),
        }

    def test_attributes_of_attributes_and_instances_are_not_guessed(self) -> None:
        assert calls(
            m="""
            class Engine:
                def start(self): ...
            class Car:
                def __init__(self):
                    self.engine = Engine()
                def drive(self, other):
                    self.engine.start()
                    other.start()
                    self()
            """
        ) == {("m.Car.__init__", "m.Engine")}

    def test_class_body_calls_belong_to_the_module_or_function_that_runs_them(self) -> None:
        assert calls(
            m="""
            def make(): ...
            class C:
                value = make()
            def factory():
                class Local:
                    value = make()
            """
        ) == {("m", "m.make"), ("m.factory", "m.make")}

    def test_inheritance_cycles_terminate(self) -> None:
        resolver = project(m="class A(B):\n    pass\nclass B(A):\n    pass\n")
        assert resolver.class_member("m", "A", "anything") is None


def test_call_statistics_add_up() -> None:
    found, stats = resolve_calls(
        {"m": facts_of("import os\ndef f(x):\n    os.getcwd()\n    x()\n    f(1)\n    g()()\n", "m")}
    )
    assert [(c.caller, c.callee, c.count) for c in found] == [("f", "f", 1)]
    assert (stats.resolved, stats.external, stats.unresolved, stats.dynamic) == (1, 2, 1, 1)


class TestAccelerators:
    """A guarded import of an outside private module takes over the def/class it shadows."""

    SOURCE = """
        def partial(): ...
        class Key: ...
        def keep(): ...
        try:
            from {module} import partial, Key
        except ImportError:
            pass
        def use():
            partial()
            Key()
            keep()
    """

    def test_a_private_outside_module_replaces_a_class_and_takes_over_a_function(self) -> None:
        resolver = project(m=self.SOURCE.format(module="_functools"))
        assert resolver.fallbacks == {"m": ("Key", "partial")}
        assert resolver.shadowed == {("m", "", "Key")}  # the class binding is gone
        assert resolver.lookup("m", "use", "Key") == Target(EXTERNAL, "_functools.Key")
        assert resolver.lookup("m", "use", "partial") is None  # the function stays: a model of its twin
        assert calls(m=self.SOURCE.format(module="_functools")) == {("m.use", "m.keep")}

    def test_a_public_or_analysed_module_changes_nothing(self) -> None:
        for module, extra in (("simplejson", {}), ("_speedups", {"_speedups": "def partial(): ...\nclass Key: ...\n"})):
            resolver = project(m=self.SOURCE.format(module=module), **extra)
            assert resolver.shadowed == set() and resolver.fallbacks == {}, module
            assert resolver.lookup("m", "use", "Key") is None  # two bindings that disagree

    def test_fallback_scopes_are_the_defs_and_what_they_contain(self) -> None:
        resolver = project(m=self.SOURCE.format(module="_functools"))
        assert resolver.is_fallback("m", "Key")
        assert resolver.is_fallback("m", "partial.<locals>.inner")
        assert not resolver.is_fallback("m", "partialmethod")
        assert not resolver.is_fallback("m", "")
        assert not resolver.is_fallback("other", "Key")

    def test_only_functions_nested_in_a_function_twin_are_made_by_c(self) -> None:
        resolver = project(m=self.SOURCE.format(module="_functools"))
        assert resolver.made_by_fallback("m", "partial.<locals>.inner")
        assert not resolver.made_by_fallback("m", "partial")  # the twin itself models the C function
        assert not resolver.made_by_fallback("m", "Key.method")  # a class twin is replaced outright
        assert not resolver.made_by_fallback("m", "keep.<locals>.inner")
