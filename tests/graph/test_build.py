"""Import targets, edge weights and the graphs built from them."""

from __future__ import annotations

import pytest

from codesmell.graph.build import clustering_graph, import_target, runtime_import_graph
from codesmell.graph.facts import ImportFact, ModuleFacts
from codesmell.graph.model import CALL, IMPORT, Edge, GraphOptions
from codesmell.graph.pipeline import build_module_graph

from .projects import facts_of

MODULES = {"pkg": None, "pkg.a": None, "pkg.a.deep": None, "other": None, "ns.mod": None}
PACKAGES = {"pkg", "pkg.a", "ns"}


@pytest.mark.parametrize(
    ("module", "name", "expected"),
    [
        ("pkg.a", None, ("pkg.a", False)),  # import pkg.a
        ("pkg.a.missing", None, ("pkg.a", False)),  # longest analysed prefix
        ("pkg", "a", ("pkg.a", False)),  # from pkg import a  (a submodule)
        ("pkg", "func", ("pkg", False)),  # from pkg import func
        ("pkg.a", "*", ("pkg.a", False)),
        ("numpy.linalg", None, ("numpy", True)),  # outside: its top-level package
        ("numpy", "linalg", ("numpy", True)),
        ("ns.gone", None, None),  # inside an analysed namespace package, but missing
        ("", "m", None),  # a relative import above the top package
    ],
)
def test_import_target(module: str, name: str | None, expected: object) -> None:
    fact = ImportFact("", module, name, None, 0, False)
    assert import_target(fact, MODULES, PACKAGES) == expected


def test_clustering_graph_sums_both_directions_and_kinds_and_drops_self_loops() -> None:
    edges = [
        Edge("a", "b", IMPORT, 1.0, 1),
        Edge("b", "a", IMPORT, 1.0, 1),
        Edge("a", "b", CALL, 0.75, 3),
        Edge("a", "a", CALL, 5.0, 20),
        Edge("b", "c", CALL, 0.0, 1),  # zero weight: no edge, c stays alone
    ]
    graph = clustering_graph(["c", "b", "a"], edges)
    assert list(graph.nodes) == ["a", "b", "c"]
    assert list(graph.edges(data="weight")) == [("a", "b", 2.75)]


def test_runtime_import_graph_leaves_out_type_checking_and_calls() -> None:
    edges = [
        Edge("a", "b", IMPORT, 1.0, 1),
        Edge("b", "a", IMPORT, 1.0, 1, type_checking=True),
        Edge("b", "a", CALL, 1.0, 1),
        Edge("b", "c", IMPORT, 1.0, 1, lazy=True),
    ]
    assert sorted(runtime_import_graph(["a", "b", "c"], edges).edges) == [("a", "b"), ("b", "c")]


def test_weights_follow_the_options() -> None:
    project = [
        (
            "app",
            "app.py",
            facts_of("import lib\nfrom lib import f, g\ndef main():\n    f()\n    g()\n    f()\n", "app"),
        ),
        ("lib", "lib.py", facts_of("def f(): ...\ndef g(): ...\n", "lib")),
    ]
    graph = build_module_graph(project, GraphOptions(import_weight=2.0, call_weight=0.5))
    assert {(e.kind, e.weight, e.count) for e in graph.edges} == {
        (IMPORT, 2.0, 3),  # one pair, three imported names: the weight counts the pair once
        (CALL, 0.5, 2),  # main -> f and main -> g: two function pairs (count), one module pair (weight)
    }


def test_unparsable_files_stay_nodes_and_duplicate_names_keep_the_first_path() -> None:
    project = [
        ("m", "b/m.py", ModuleFacts("m", False)),
        ("m", "a/m.py", ModuleFacts("m", False)),
        ("broken", "broken.py", None),
    ]
    graph = build_module_graph(project, GraphOptions())
    assert [(n.name, n.path) for n in graph.modules] == [("broken", "broken.py"), ("m", "a/m.py")]
    assert graph.stats.duplicate_modules == ("m",)


def test_unplaceable_imports_are_counted() -> None:
    project = [("pkg.m", "pkg/m.py", facts_of("from .... import x\nimport pkg.gone\n", "pkg.m"))]
    graph = build_module_graph(project, GraphOptions())
    assert graph.edges == ()
    assert graph.stats.imports_unresolved == 2


def test_released_facts_build_the_same_graph(planted: list[tuple[str, str, ModuleFacts | None]]) -> None:
    """`release`: the facts handed over (the list emptied, flows dropped as modules compile) change nothing.

    The project has what reads facts after the solve's setup: call stats (the flows' call sites),
    `register()` of a virtual subclass under an `isinstance` guard (the calls), a code-less module
    whose only code is a call and a code-less package (`weighting.is_codeless`).
    """
    extra = [
        ("reg", "reg.py", facts_of(
            "import abc\nclass Base(abc.ABC): ...\nclass Other: ...\nBase.register(Other)\n"
            "def use(x):\n    if isinstance(x, Base):\n        x.run()\n    return x\n", "reg")),
        ("data", "data/__init__.py", facts_of("X = 1\n", "data", is_package=True)),
        ("data.calls", "data/calls.py", facts_of("print(1)\n", "data.calls")),
        ("data.plain", "data/plain.py", facts_of("Y = 2\n", "data.plain")),
    ]
    project = [*planted, *extra]
    kept = build_module_graph(list(project), GraphOptions())
    handed = list(project)
    released = build_module_graph(handed, GraphOptions(), release=True)
    assert handed == []
    assert released == kept
    assert released.stats.calls_resolved == kept.stats.calls_resolved > 0
    assert released.attachments == kept.attachments != ()


def test_graph_of_released_results_drops_their_facts(planted: list[tuple[str, str, ModuleFacts | None]]) -> None:
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.model import FileResult

    results = [FileResult(path, name, graph=facts) for name, path, facts in planted]
    kept = graph_of_results(list(results), GraphOptions())
    handed = list(results)
    assert graph_of_results(handed, GraphOptions(), release=True) == kept
    assert [r.graph for r in handed] == [None] * len(results)
    assert [(r.path, r.module) for r in handed] == [(r.path, r.module) for r in results]


def test_a_released_build_gives_freed_memory_back(
    planted: list[tuple[str, str, ModuleFacts | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solver frees the handed-over flows as it compiles: their heap pages go back (`codesmell.heap`),
    before the compile and before the drain at least, and only when the facts were handed over."""
    from codesmell.graph import pointsto

    calls: list[int] = []
    monkeypatch.setattr(pointsto, "give_back", lambda: calls.append(1))
    monkeypatch.setattr(pointsto, "_GIVE_BACK_BYTES", 1)  # and after every module here
    kept = build_module_graph(list(planted), GraphOptions())
    assert calls == []  # the caller keeps its facts: nothing was freed
    assert build_module_graph(list(planted), GraphOptions(), release=True) == kept
    assert len(calls) >= 2 + sum(1 for _, _, facts in planted if facts is not None and facts.packed_flows)
