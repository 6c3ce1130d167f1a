"""The points-to solve never fails on code where its rules meet on the same names.

A crash on real code (SQLAlchemy's tests: a class body's `first = index_property(...)`,
where another class decorates a method `first` with a descriptor class) came from three
rules meeting on one name. Each template below is a few top-level statements exercising
one thing the solve models (descriptor classes, decorators, `type(self)`, `__class__`
stores, dict subclasses, `exec`, `super()`, `functools.partial`, containers, ...), all
written with the same few names, so that any two (here) or three (`-m slow`) of them
put together make the rules meet. The three of that crash are `_DESCRIPTOR`,
`_DECORATED_METHOD` and `_ASSIGNED_DESCRIPTOR`.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest

import codesmell
from codesmell.config import Config

_DESCRIPTOR = (
    "class Memo:\n"
    "    def __init__(self, f=None):\n"
    "        self.f = f\n"
    "    def __get__(self, obj, cls=None):\n"
    "        return self.f(obj)\n"
)
_DECORATED_METHOD = "class A:\n    @Memo\n    def first(self):\n        return self.value\nA().first\n"
_ASSIGNED_DESCRIPTOR = "class B:\n    first = Memo(value)\nB().first\n"

TEMPLATES = (
    _DESCRIPTOR,
    _DECORATED_METHOD,
    _ASSIGNED_DESCRIPTOR,
    "class C(A):\n    def value(self):\n        return type(self)(self.first)\nC().value()\n",
    "class C(B):\n    def first(self):\n        return self.__class__.value(self)\nC().first()\n",
    "class B(A):\n    def first(self):\n        return super().first()\nB().first()\n",
    "class B(dict):\n    def first(self, k):\n        self[k] = A()\n        return self[k].value\n",
    "class A:\n    @property\n    def first(self):\n        return value()\n"
    "    @classmethod\n    def value(cls):\n        return cls()\n",
    "def first(x, k=None):\n    x.__class__ = k\n    return x.value()\n",
    "def deco(fn):\n    import functools\n    return functools.update_wrapper(lambda *a: fn(*a), fn)\n",
    "def deco(fn):\n    env = {'fn': fn}\n    exec('def w(): return fn()', env)\n    return env['w']\n",
    "def deco(fn=None, *, name=None):\n    if fn is None:\n        return lambda g: deco(g, name=name)\n    return fn\n",
    "@deco\ndef value():\n    return first()\n",
    "class A:\n    @deco\n    def first(self):\n        return self.value\n",
    "@Memo\ndef first(self):\n    return value\n",
    "class Memo:\n    def __init__(self, f):\n        self.f = f\n    def __call__(self, *a):\n        return self.f(*a)\n",
    "for x in A():\n    x.first()\nwith B() as c:\n    c.value(c.first)\n",
    "getattr(A(), 'first')()\nimport functools\nvalue = functools.partial(first, 1)\n",
    "first, *value = (A, B, first)\n",
    "handlers = {'x': first, 'y': A}\nhandlers['x']()\n",
    "try:\n    from p.m0 import first\nexcept ImportError:\n    first = None\n",
    "value = A.first\nvalue(B())\n",
)


def _calls(files: list[str]) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp, "p")
        package.mkdir()
        (package / "__init__.py").write_text("")
        for index, source in enumerate(files):
            compile(source, f"m{index}.py", "exec")  # the templates make valid Python only
            (package / f"m{index}.py").write_text(source)
        graph = codesmell.module_graph([str(package)], config=Config(), jobs=1)
        return sorted((call.caller, call.callee, call.kind) for call in graph.calls)


def test_the_crash_of_three_rules_meeting_is_a_case_here() -> None:
    found = _calls([_DESCRIPTOR + _DECORATED_METHOD + _ASSIGNED_DESCRIPTOR])
    assert ("p.m0", "p.m0.Memo.__get__", "implicit") in found


def test_every_two_templates_in_one_module_and_across_two() -> None:
    for first, second in itertools.product(TEMPLATES, repeat=2):
        _calls([first + second])
        _calls([first, "from p.m0 import *\n" + second])


def test_the_same_output_twice() -> None:
    files = ["".join(TEMPLATES[:11]), "from p.m0 import *\n" + "".join(TEMPLATES[11:])]
    assert _calls(files) == _calls(files)


@pytest.mark.slow
def test_every_three_templates_in_one_module() -> None:
    for parts in itertools.product(TEMPLATES, repeat=3):
        _calls(["".join(parts)])
