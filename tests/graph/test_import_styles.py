"""fixtures/import_styles: every import and call style, against edges and calls written by hand."""

from __future__ import annotations

from codesmell.graph.model import CALL, IMPORT, GraphOptions
from codesmell.graph.pipeline import build_module_graph

from .projects import ModuleInput

# (source, target) of every import edge the fixture must produce, and no others.
EXPECTED_IMPORTS = {
    ("styles", "styles.core"),  # from styles.core import run as start
    ("styles", "styles.util"),  # from . import util
    ("styles.core", "styles.util"),  # from styles.util import decorate / helper as h
    ("styles.sub.deep", "styles.core"),  # from .. import core
    ("styles.sub.deep", "styles.util"),  # from ..util import other
    ("styles.sub.inner.leaf", "styles"),  # from ... import start (a function, not a module)
    ("styles.sub.inner.leaf", "styles.core"),  # from ...core import Plain as P
    ("styles.consumer", "styles.core"),  # import styles.core
    ("styles.consumer", "styles.util"),  # import styles.util as u; from styles import util; from .util ...
    ("styles.consumer", "styles"),  # from styles import start
    ("styles.consumer", "styles.sub.deep"),  # from styles.sub.deep import *
    ("styles.consumer", "styles.sub.inner"),  # under if TYPE_CHECKING
    ("styles.consumer", "styles.sub.inner.leaf"),  # inside main()
}

# caller -> callee, fully qualified, with call-site counts.
EXPECTED_CALLS = {
    ("styles.util.other", "styles.util.helper"): 1,
    ("styles.core", "styles.util.decorate"): 1,  # @decorate runs at import time
    ("styles.core", "styles.util.helper"): 1,  # Config.DEFAULT = h("cfg") in a class body
    ("styles.core.Base.__init__", "styles.core.Base.setup"): 1,
    ("styles.core.Base.setup", "styles.util.helper"): 1,
    # cls("default"): cls holds what calls pass, and only Derived.create() is called
    ("styles.core.Base.create", "styles.core.Derived.__init__"): 1,
    ("styles.core.Derived.__init__", "styles.core.Base.__init__"): 1,  # super().__init__
    ("styles.core.Derived.run", "styles.core.Base.greet"): 1,
    ("styles.core.Derived.run", "styles.core.Base.version"): 1,
    ("styles.core.Derived.run", "styles.core.Base.create"): 1,
    ("styles.core.Derived.run", "styles.core.Derived.helper_method"): 1,
    ("styles.core.Derived.helper_method", "styles.core.Derived.helper_method.<locals>.nested"): 1,
    ("styles.core.Derived.helper_method.<locals>.nested", "styles.util.helper"): 1,
    ("styles.core.run", "styles.core.Derived.__init__"): 1,
    ("styles.core.run", "styles.core.Derived.run"): 1,  # derived = Derived("x"); derived.run()
    # @decorate returns `wrapper`: calls of `run` run the wrapper, which calls the original
    ("styles.util.decorate.<locals>.wrapper", "styles.core.run"): 1,
    ("styles.core.run", "styles.core.Plain"): 1,  # no __init__: the class itself
    ("styles.sub.deep.Deep.go", "styles.core.Base.setup"): 1,
    ("styles.sub.deep.Deep.go", "styles.util.other"): 1,
    ("styles.sub.inner.leaf.make", "styles.core.Plain"): 1,
    ("styles.sub.inner.leaf.make", "styles.util.decorate.<locals>.wrapper"): 1,  # styles.start
    ("styles.consumer", "styles.consumer.main"): 1,
    ("styles.consumer.main", "styles.util.helper"): 3,  # u.helper(1), h2(3), getattr(util, "helper")()
    ("styles.consumer.main", "styles.util.decorate.<locals>.wrapper"): 3,  # core.run(), start(), alias()
    ("styles.consumer.main", "styles.util.other"): 1,
    ("styles.consumer.main", "styles.core.Base.__init__"): 1,  # Deep() via the star import
    ("styles.consumer.main", "styles.sub.inner.leaf.make"): 1,
}


def test_import_edges_are_exactly_the_hand_written_ones(import_styles: list[ModuleInput]) -> None:
    graph = build_module_graph(import_styles, GraphOptions())
    imports = {(e.source, e.target) for e in graph.edges if e.kind == IMPORT}
    assert imports == EXPECTED_IMPORTS


def test_type_checking_and_function_level_imports_are_marked(import_styles: list[ModuleInput]) -> None:
    graph = build_module_graph(import_styles, GraphOptions())
    edges = {(e.source, e.target): e for e in graph.edges if e.kind == IMPORT}
    checking = edges[("styles.consumer", "styles.sub.inner")]
    lazy = edges[("styles.consumer", "styles.sub.inner.leaf")]
    assert (checking.type_checking, checking.lazy) == (True, False)
    assert (lazy.type_checking, lazy.lazy) == (False, True)
    plain = edges[("styles.consumer", "styles.util")]
    assert (plain.type_checking, plain.lazy, plain.count) == (False, False, 3)


def test_calls_are_exactly_the_hand_written_ones(import_styles: list[ModuleInput]) -> None:
    graph = build_module_graph(import_styles, GraphOptions())
    assert {(c.caller, c.callee): c.count for c in graph.calls} == EXPECTED_CALLS


def test_call_edges_count_distinct_function_pairs_across_modules(import_styles: list[ModuleInput]) -> None:
    graph = build_module_graph(import_styles, GraphOptions(call_weight=0.5, hub_weighting=0.0))
    calls = {(e.source, e.target): e for e in graph.edges if e.kind == CALL}
    # main -> helper, main -> other, main -> decorate's wrapper (styles.core.run is decorated)
    assert calls[("styles.consumer", "styles.util")].count == 3
    assert calls[("styles.consumer", "styles.util")].weight == 0.5  # one module pair: call_weight once
    # leaf.make -> Plain; leaf.make -> wrapper (start is the decorated run)
    assert calls[("styles.sub.inner.leaf", "styles.core")].count == 1
    assert calls[("styles.sub.inner.leaf", "styles.util")].count == 1
    # the wrapper calls the original run
    assert calls[("styles.util", "styles.core")].count == 1
    assert ("styles.core", "styles.core") not in calls


def test_unresolvable_calls_are_counted_not_invented(import_styles: list[ModuleInput]) -> None:
    graph = build_module_graph(import_styles, GraphOptions())
    callers = {c.caller for c in graph.calls}
    assert "styles.consumer.shadowed" not in callers
    assert "styles.consumer.shadow_local" not in callers
    # getattr(util, "helper")() has no dotted callee
    assert graph.stats.calls_dynamic == 1
    # helper() and u.helper() on parameters that no call passes anything to
    assert graph.stats.calls_unresolved == 2
    # functools.wraps(func), getattr, os.path.join, len, print (decorators are not call sites)
    assert graph.stats.calls_external == 5


def test_outside_modules_become_nodes_only_when_asked(import_styles: list[ModuleInput]) -> None:
    default = build_module_graph(import_styles, GraphOptions())
    assert not any(node.external for node in default.modules)
    graph = build_module_graph(import_styles, GraphOptions(external=True))
    outside = {node.name for node in graph.modules if node.external}
    assert outside == {"functools", "os", "typing"}  # __future__ is a directive, not a dependency
    assert all(node.path == "" for node in graph.modules if node.external)
    imports = {(e.source, e.target) for e in graph.edges if e.kind == IMPORT}
    assert imports - EXPECTED_IMPORTS == {
        ("styles.util", "functools"),
        ("styles.consumer", "os"),
        ("styles.consumer", "typing"),
    }
