"""extract_module_facts: what one parsed file declares and references."""

from __future__ import annotations

import json
import pickle

import pytest

from codesmell.graph.facts import (
    ALIAS,
    CLASS,
    CLS,
    COMPREHENSION,
    DEF,
    FUNCTION,
    GLOBAL,
    LAMBDA,
    NONLOCAL,
    OPAQUE,
    SELF,
    BindingFact,
    CallFact,
    ImportFact,
    ModuleFacts,
    ScopeFact,
    resolve_relative,
)

from .projects import ModuleInput, facts_of


def imports_of(
    source: str, name: str = "pkg.sub.mod", is_package: bool = False
) -> list[tuple[str, str, str | None, str | None, int, bool]]:
    facts = facts_of(source, name, is_package)
    return [(f.scope, f.module, f.name, f.alias, f.level, f.type_checking) for f in facts.imports]


def bindings_of(source: str) -> set[tuple[str, str, str, str]]:
    return {(b.scope, b.name, b.kind, b.target) for b in facts_of(source).bindings}


def calls_of(source: str) -> dict[tuple[str, str], int]:
    return {(c.scope, c.target): c.count for c in facts_of(source).calls}


class TestImports:
    def test_plain_and_aliased_imports(self) -> None:
        assert imports_of("import a.b as c, os\nimport x.y.z\n") == [
            ("", "a.b", None, "c", 0, False),
            ("", "os", None, None, 0, False),
            ("", "x.y.z", None, None, 0, False),
        ]

    def test_bound_names(self) -> None:
        facts = facts_of("import a.b as c\nimport x.y\nfrom m import f as g, h\nfrom n import *\n")
        assert [f.bound_name for f in facts.imports] == ["c", "x", "g", "h", None]

    @pytest.mark.parametrize(
        ("source", "module", "is_package", "expected"),
        [
            ("from . import m", "pkg.sub.mod", False, ("pkg.sub", "m", 1)),
            ("from .m import f", "pkg.sub.mod", False, ("pkg.sub.m", "f", 1)),
            ("from .. import m", "pkg.sub.mod", False, ("pkg", "m", 2)),
            ("from ..x.y import f", "pkg.sub.mod", False, ("pkg.x.y", "f", 2)),
            ("from . import m", "pkg.sub", True, ("pkg.sub", "m", 1)),
            ("from .. import m", "pkg.sub", True, ("pkg", "m", 2)),
            ("from ...core import P", "a.b.c.leaf", False, ("a.core", "P", 3)),
            # climbing above the top-level package cannot be resolved
            ("from ... import m", "pkg.sub.mod", False, ("", "m", 3)),
            ("from . import m", "toplevel", False, ("", "m", 1)),
        ],
    )
    def test_relative_imports_resolve_against_the_module(
        self, source: str, module: str, is_package: bool, expected: object
    ) -> None:
        [(_, base, name, _, level, _)] = imports_of(source, module, is_package)
        assert (base, name, level) == expected

    def test_type_checking_imports_are_marked_and_else_branch_is_not(self) -> None:
        source = (
            "import typing\n"
            "if typing.TYPE_CHECKING:\n    from a import A\n"
            "else:\n    from b import B\n"
            "if TYPE_CHECKING:\n    import c\n"
        )
        assert [(f[1], f[5]) for f in imports_of(source)] == [
            ("typing", False),
            ("a", True),
            ("b", False),
            ("c", True),
        ]

    def test_imports_inside_functions_and_classes_keep_their_scope(self) -> None:
        source = "def f():\n    import json\nclass C:\n    def m(self):\n        from os import path\n"
        assert [(f[0], f[1]) for f in imports_of(source)] == [("f", "json"), ("C.m", "os")]

    def test_star_import(self) -> None:
        assert imports_of("from .x import *") == [("", "pkg.sub.x", "*", None, 1, False)]


class TestDefinitions:
    SOURCE = (
        "import abc\n"
        "class Base(abc.ABC, Generic[T], *extra, metaclass=Meta):\n"
        "    @property\n"
        "    def name(self): ...\n"
        "    @functools.lru_cache(maxsize=None)\n"
        "    def cached(self): ...\n"
        "    class Inner(make_base()): ...\n"
        "def outer():\n"
        "    def inner():\n"
        "        class Local: ...\n"
        "    return [x for x in inner()] or (lambda: 0)\n"
    )

    def test_qualnames_follow_dunder_qualname(self) -> None:
        scopes = {s.qualname: s for s in facts_of(self.SOURCE).scopes}
        named = {q: s.kind for q, s in scopes.items() if "<" not in q.split(".")[-1]}
        assert named == {
            "Base": CLASS,
            "Base.name": FUNCTION,
            "Base.cached": FUNCTION,
            "Base.Inner": CLASS,
            "outer": FUNCTION,
            "outer.<locals>.inner": FUNCTION,
            "outer.<locals>.inner.<locals>.Local": CLASS,
        }
        assert scopes["outer.<locals>.inner"].parent == "outer"
        assert scopes["Base.Inner"].parent == "Base"
        pseudo = sorted(s.kind for q, s in scopes.items() if "<" in q.split(".")[-1])
        assert pseudo == [COMPREHENSION, LAMBDA]

    def test_bases_and_decorators_as_written(self) -> None:
        scopes = {s.qualname: s for s in facts_of(self.SOURCE).scopes}
        # Generic[T] counts as Generic; *extra and a call are not dotted names
        assert scopes["Base"].bases == ("abc.ABC", "Generic", "")
        assert scopes["Base.Inner"].bases == ("",)
        assert scopes["Base.name"].decorators == ("property",)
        assert scopes["Base.cached"].decorators == ("functools.lru_cache",)


class TestBindings:
    def test_first_parameter_of_methods(self) -> None:
        source = (
            "class C:\n"
            "    def m(self, a, *args, b, **kw): ...\n"
            "    @classmethod\n"
            "    def c(klass, a): ...\n"
            "    @staticmethod\n"
            "    def s(a): ...\n"
            "    def __new__(cls): ...\n"
            "    def __init_subclass__(cls): ...\n"
        )
        found = bindings_of(source)
        assert ("C.m", "self", SELF, "C") in found
        assert {("C.m", n, OPAQUE, "") for n in ("a", "args", "b", "kw")} <= found
        assert ("C.c", "klass", CLS, "C") in found
        assert ("C.s", "a", OPAQUE, "") in found
        assert ("C.__new__", "cls", CLS, "C") in found
        assert ("C.__init_subclass__", "cls", CLS, "C") in found

    def test_function_parameters_are_opaque_not_self(self) -> None:
        assert ("f", "self", OPAQUE, "") in bindings_of("def f(self): ...\n")

    def test_aliases_and_other_assignments(self) -> None:
        source = (
            "g = mod.f\n"
            "h: Callable = g\n"
            "x = f()\n"
            "a, (b, *c) = t\n"
            "d = e = f\n"
            "n += 1\n"
            "class K:\n    __iter__ = keys\n    size: int\n"
        )
        found = bindings_of(source)
        assert ("", "g", ALIAS, "mod.f") in found
        assert ("", "h", ALIAS, "g") in found
        assert {("", n, OPAQUE, "") for n in ("x", "a", "b", "c", "d", "e", "n")} <= found
        assert ("K", "__iter__", ALIAS, "keys") in found
        # an annotation without a value binds nothing outside functions
        assert not any(name == "size" for _, name, _, _ in found)

    def test_every_other_binding_form_is_opaque(self) -> None:
        source = (
            "def f(p=1):\n"
            "    for i, j in x: ...\n"
            "    with a as w, b as (y, z): ...\n"
            "    try: ...\n"
            "    except E as err: ...\n"
            "    if (n := 3): ...\n"
            "    [q for q in r if (walrus := q)]\n"
            "    match v:\n"
            "        case [first, *rest]: ...\n"
            "        case {**others}: ...\n"
            "        case P() as bound: ...\n"
            "    annotated: int\n"
        )
        found = {name for scope, name, kind, _ in bindings_of(source) if scope == "f" and kind == OPAQUE}
        assert found == {
            "p", "i", "j", "w", "y", "z", "err", "n", "walrus",
            "first", "rest", "others", "bound", "annotated",
        }  # fmt: skip

    def test_global_and_nonlocal_are_recorded(self) -> None:
        source = "def f():\n    global g\n    def h():\n        nonlocal x\n"
        found = bindings_of(source)
        assert ("f", "g", GLOBAL, "") in found
        assert ("f.<locals>.h", "x", NONLOCAL, "") in found

    def test_definitions_bind_their_names_where_they_are_written(self) -> None:
        found = bindings_of("def f():\n    def g(): ...\nclass C:\n    def m(self): ...\n")
        assert {b for b in found if b[2] == DEF} == {
            ("", "f", DEF, "f"),
            ("f", "g", DEF, "f.<locals>.g"),
            ("", "C", DEF, "C"),
            ("C", "m", DEF, "C.m"),
        }


class TestCalls:
    def test_call_chains_by_scope_with_counts(self) -> None:
        source = (
            "f()\nf()\n"
            "def g(x=default()):\n"
            "    mod.sub.h(x)\n"
            "    return lambda: self_less()\n"
            "class C(make()):\n"
            "    attr = factory()\n"
            "    def m(self):\n"
            "        self.other()\n"
            "        super().m()\n"
        )
        calls = calls_of(source)
        assert calls[("", "f")] == 2
        assert calls[("", "default")] == 1  # defaults run where the def runs
        assert calls[("", "make")] == 1  # so do bases
        assert calls[("g", "mod.sub.h")] == 1
        assert calls[("C", "factory")] == 1
        assert calls[("C.m", "self.other")] == 1
        assert calls[("C.m", "super().m")] == 1
        [(lambda_scope, _)] = [key for key in calls if key[1] == "self_less"]
        assert lambda_scope.startswith("g.<locals>.<lambda")

    def test_decorators_are_calls_in_the_enclosing_scope(self) -> None:
        calls = calls_of("class C:\n    @dec\n    @pkg.wrap(1)\n    def m(self): ...\n")
        assert calls == {("C", "dec"): 1, ("C", "pkg.wrap"): 1}

    def test_callees_that_are_not_dotted_names_are_only_counted(self) -> None:
        facts = facts_of("f()()\nx[0]()\ngetattr(o, 'n')()\nf().g()\n")
        assert facts.dynamic_calls == 4
        assert {c.target for c in facts.calls} == {"f", "getattr"}

    def test_annotations_are_not_walked(self) -> None:
        assert calls_of("def f(x: make_type()) -> other(): ...\ny: build() = 1\n") == {}


class TestModuleLevel:
    def test_literal_all(self) -> None:
        assert facts_of("__all__ = ['a', 'b']\n__all__ += ('c',)\n").all_names == ("a", "b", "c")

    def test_computed_all_is_unknown(self) -> None:
        assert facts_of("__all__ = ['a'] + other.__all__\n").all_names is None
        assert facts_of("x = 1\n").all_names is None

    def test_resolve_relative_helper(self) -> None:
        assert resolve_relative("a.b.c", False, 0, "x.y") == "x.y"
        assert resolve_relative("a.b.c", False, 2, None) == "a"
        assert resolve_relative("a.b.c", True, 3, "z") == "a.z"
        assert resolve_relative("a.b.c", True, 4, "z") == ""


class TestSerialisation:
    def test_json_round_trip_is_exact_for_every_fixture_module(
        self, planted: list[ModuleInput], import_styles: list[ModuleInput]
    ) -> None:
        for _, _, facts in [*planted, *import_styles]:
            text = json.dumps(facts.to_json(), sort_keys=True)
            assert ModuleFacts.from_json(json.loads(text)) == facts

    def test_round_trip_keeps_none_all_and_explicit_values(self) -> None:
        facts = ModuleFacts(
            module="m",
            is_package=True,
            imports=(ImportFact("", "a", None, "b", 0, True),),
            bindings=(BindingFact("", "x", ALIAS, "y.z"),),
            calls=(CallFact("", "f", 3),),
            dynamic_calls=2,
            all_names=(),
        )
        assert ModuleFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts
        assert ModuleFacts.from_json(facts.to_json()).all_names == ()

    def test_facts_pickle_for_worker_processes(self, planted: list[ModuleInput]) -> None:
        for _, _, facts in planted:
            assert pickle.loads(pickle.dumps(facts)) == facts

    def test_facts_pickle_as_plain_tuples(self) -> None:
        facts = ModuleFacts(
            module="pkg",
            is_package=True,
            imports=(ImportFact("f", "a.b", "c", None, 1, True),),
            scopes=(ScopeFact("C", CLASS, "", ("Base", ""), ("dec",)),),
            bindings=(BindingFact("", "x", ALIAS, "y.z"),),
            calls=(CallFact("C", "f", 3),),
            dynamic_calls=2,
            all_names=("x",),
        )
        rebuild, state = facts.__reduce__()
        # Nothing but builtins in the payload: no per-fact dataclass pickling (the flows: packed bytes).
        pending: list[object] = list(state)
        while pending:
            item = pending.pop()
            assert isinstance(item, (str, int, bool, tuple, bytes, type(None))), item
            if isinstance(item, tuple):
                pending.extend(item)
        assert rebuild(*state) == facts
        restored = pickle.loads(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
        assert restored == facts
        assert type(restored.scopes[0]) is ScopeFact


def test_newer_syntax_is_handled() -> None:
    source = (
        "type Alias = make_alias()\n"
        "def f[T](x: T) -> T:\n    return g(x)\n"
        "async def h():\n    async with a() as b:\n        await b.c()\n"
        "try:\n    pass\nexcept* ValueError as group:\n    handle(group)\n"
    )
    facts = facts_of(source)
    calls = {(c.scope, c.target) for c in facts.calls}
    # the alias value is evaluated lazily: no call at definition time
    assert calls == {("f", "g"), ("h", "a"), ("h", "b.c"), ("", "handle")}
    assert {(b.scope, b.name) for b in facts.bindings if b.kind == OPAQUE} >= {
        ("", "Alias"),
        ("h", "b"),
        ("", "group"),
    }


def test_deeply_nested_code_is_walked() -> None:
    depth = 60
    source = "".join(f"{'    ' * i}def f{i}():\n" for i in range(depth)) + "    " * depth + "leaf()\n"
    facts = facts_of(source)
    [call] = facts.calls
    assert call.target == "leaf"
    assert call.scope.count("<locals>") == depth - 1


def test_packed_flows_unpack_with_their_strings_shared_across_modules() -> None:
    """The solver keeps names out of every module's flows: one string each, not one per occurrence."""
    from codesmell.graph.facts import interned

    name = "".join(["sel", "f_attr"])  # made at run time: not interned by the compiler
    other = "".join(["sel", "f_attr"])
    assert name is not other
    first = ModuleFacts.of("a", False, flows=(("eval", "", ("a", ("n", name), "x")),))
    second = ModuleFacts.from_json(ModuleFacts.of("b", False, flows=(("eval", "", ("n", other)),)).to_json())
    assert first.flows[0][2][1][1] is second.flows[0][2][1]
    shared = ("n", name)
    pair = interned(((shared, shared), ("n", other)))
    assert pair == ((shared, shared), ("n", other))
    assert pair[0][0] is pair[0][1] and pair[0][0] is not pair[1]  # which tuples are one object is kept


class TestGuardedImports:
    """`ImportFact.guarded`: a `from` import a `try` catching ImportError puts over the name."""

    @staticmethod
    def guarded(source: str) -> dict[tuple[str, str], bool]:
        facts = facts_of(source, "m", False)
        return {(f.scope, f.bound_name or "*"): f.guarded for f in facts.imports}

    def test_a_try_catching_import_error_guards_its_from_imports(self) -> None:
        assert self.guarded(
            "def partial(): ...\n"
            "try:\n    from _functools import partial, reduce as fold\n    import _json\nexcept ImportError:\n    pass\n"
        ) == {("", "partial"): True, ("", "fold"): True, ("", "_json"): False}

    def test_the_errors_that_guard(self) -> None:
        for caught in ("ImportError", "ModuleNotFoundError", "(OSError, ImportError)", "builtins.ImportError",
                       "Exception", ""):
            source = f"try:\n    from _x import f\nexcept {caught}:\n    pass\n".replace("except :", "except:")
            assert self.guarded(source) == {("", "f"): True}, caught
        assert self.guarded("try:\n    from _x import f\nexcept (OSError, ValueError):\n    pass\n") == {
            ("", "f"): False
        }

    def test_a_fallback_in_the_handler_keeps_the_guard(self) -> None:
        assert self.guarded("try:\n    from _x import f\nexcept ImportError:\n    def f(): ...\n") == {("", "f"): True}

    def test_a_binding_after_the_try_lifts_the_guard(self) -> None:
        source = "try:\n    from _x import f, g\nexcept ImportError:\n    pass\ndef f(): ...\n"
        assert self.guarded(source) == {("", "f"): False, ("", "g"): True}
        source = "try:\n    from _x import f\nexcept ImportError:\n    pass\nelse:\n    f = None\n"
        assert self.guarded(source) == {("", "f"): False}

    def test_only_imports_of_the_try_s_own_scope(self) -> None:
        source = "try:\n    def load():\n        from _x import f\nexcept ImportError:\n    pass\n"
        assert self.guarded(source) == {("load", "f"): False}
        source = "def load():\n    try:\n        from _x import f\n    except ImportError:\n        f = None\n"
        assert self.guarded(source) == {("load", "f"): True}

    def test_an_inner_handler_s_import_is_guarded_by_the_outer_try(self) -> None:
        source = (
            "try:\n    try:\n        from _a import f\n    except ImportError:\n        from _b import f\n"
            "    from _c import g\nexcept ImportError:\n    pass\n"
        )
        facts = facts_of(source, "m", False)
        assert [(f.module, f.guarded) for f in facts.imports] == [("_a", True), ("_b", True), ("_c", True)]

    def test_guarded_survives_json_and_pickle(self) -> None:
        facts = ModuleFacts(module="m", is_package=False, imports=(ImportFact("", "_x", "f", None, 0, False, 3, 4, True),))
        assert ModuleFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts
        assert pickle.loads(pickle.dumps(facts)).imports[0].guarded
