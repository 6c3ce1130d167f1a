"""The architecture gate's parts: its keys, where an import is written, the findings against a reference."""

from __future__ import annotations

import pickle

import pytest

from codesmell.config import Config, ConfigError
from codesmell.graph.drift import Architecture, architecture_of
from codesmell.graph.facts import ModuleFacts
from codesmell.rules.gate import (
    GateConfig,
    Locator,
    architecture_findings,
    default_graph,
    judge,
    parse_gate,
)
from codesmell.run.analyze import analyze_source

MULTI_LINE = "import os\n\nif True:\n    from pkg import (\n        b,\n        c as d,\n    )\n"


def test_new_keys_parse_and_validate() -> None:
    gate = parse_gate({
        "no-new-community-edges": True, "max_community_edge_growth": 0.5, "no-moved-modules": True,
        "max-modularity-drop": 0.05,
    })
    assert (gate.no_new_community_edges, gate.max_community_edge_growth, gate.no_moved_modules) == (True, 0.5, True)
    assert gate.max_modularity_drop == 0.05 and gate.uses_graph and gate.uses_reference
    assert not parse_gate({"no-new-cycles": True}).uses_reference
    for table, message in [
        ({"no-moved-modules": 1}, "no-moved-modules must be true or false"),
        ({"no-new-community-edges": "yes"}, "no-new-community-edges must be true or false"),
        ({"max-community-edge-growth": -1}, "max-community-edge-growth must be a non-negative number"),
        ({"max-modularity-drop": 2}, "max-modularity-drop must be between 0 and 1"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parse_gate(table)


def test_import_facts_carry_the_line_and_indent_of_each_imported_name() -> None:
    result = analyze_source(MULTI_LINE.encode(), "pkg/a.py", "pkg.a")
    facts = result.graph
    assert [(f.module, f.name, f.line, f.col) for f in facts.imports] == [
        ("os", None, 1, 0), ("pkg", "b", 5, 8), ("pkg", "c", 6, 8),
    ]
    # the cache (JSON) and the pool (pickle) keep them
    assert ModuleFacts.from_json(facts.to_json()) == facts
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_locator_finds_every_import_of_a_module_pair_in_source_order() -> None:
    results = [
        analyze_source(MULTI_LINE.encode(), "pkg/a.py", "pkg.a"),
        analyze_source(b"", "pkg/__init__.py", "pkg", is_package=True),
        analyze_source(b"X = 1\n", "pkg/b.py", "pkg.b"),
        analyze_source(b"import pkg.b\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import b\n",
                       "pkg/e.py", "pkg.e"),
    ]
    locator = Locator(results, Config())
    assert locator.imports(("pkg.a", "pkg.b")) == [("pkg/a.py", 5, 8)]
    assert locator.imports(("pkg.a", "pkg")) == [("pkg/a.py", 6, 8)]  # `c` is no module: the package
    assert locator.imports(("pkg.e", "pkg.b")) == [("pkg/e.py", 1, 0), ("pkg/e.py", 4, 4)]
    assert locator.imports(("pkg.e", "pkg.b"), runtime=True) == [("pkg/e.py", 1, 0)]
    assert locator.at(("pkg.b", "pkg.a")) == ("pkg/b.py", 1, 0)  # no such import: the module's first line


def _results(files: dict[str, str]) -> list:
    return [analyze_source(text.encode(), f"{name.replace('.', '/')}.py", name) for name, text in files.items()]


def test_relative_gates_without_a_reference_cannot_run() -> None:
    results = _results({"a": "import b\n", "b": "X = 1\n"})
    graph = default_graph(results)
    with pytest.raises(ConfigError, match="no-moved-modules compare"):
        architecture_findings(GateConfig(no_moved_modules=True), results, Config(), graph, [])


def test_findings_are_located_selected_and_kept_only_when_every_reference_agrees() -> None:
    before = _results({"a": "import b\n", "b": "X = 1\n", "c": "import d\n", "d": "X = 2\n"})
    reference = architecture_of(default_graph(before))
    assert reference.communities == (("a", "b"), ("c", "d"))
    now = _results({"a": "import b\n", "b": "X = 1\n", "c": "import d\nimport a\n", "d": "X = 2\n"})
    gate = GateConfig(no_new_community_edges=True)
    (finding,) = architecture_findings(gate, now, Config(), default_graph(now), [("baseline", reference)])
    assert (finding.path, finding.line, finding.col, finding.code, finding.severity) == ("c.py", 2, 0, "CSM302", "error")
    assert finding.extra["edge"] == ["c", "a"] and finding.extra["reference"] == "baseline"
    assert judge(gate, [finding], {}, None) == ["1 x CSM302 new dependency between communities (no-new-community-edges)"]
    # ignored by code, or already there in a second reference: gone
    assert architecture_findings(gate, now, Config(ignore=("CSM302",)), default_graph(now), [("b", reference)]) == []
    same = architecture_of(default_graph(now))
    assert architecture_findings(gate, now, Config(), default_graph(now), [("x", reference), ("y", same)]) == []


def test_a_reference_without_imports_names_a_new_cycle_once() -> None:
    now = _results({"a": "import b\n", "b": "import c\n", "c": "import a\n"})
    gate = GateConfig(no_new_cycles=True)
    findings = architecture_findings(gate, now, Config(), default_graph(now), [("baseline", Architecture(cycles=()))])
    assert [(f.path, f.line, f.code, f.extra["cycle"]) for f in findings] == [("a.py", 1, "CSM301", ["a", "b", "c", "a"])]
    assert judge(gate, findings, {}, None) == ["new import cycle: a -> b -> c -> a"]


def test_modularity_against_a_reference_passes_an_unchanged_tree() -> None:
    results = _results({"a": "import b\n", "b": "X = 1\n", "c": "import d\nimport a\n", "d": "X = 2\n", "e": "import d\n"})
    graph = default_graph(results)
    reference = architecture_of(graph)
    assert round(reference.modularity or 0, 4) != reference.modularity  # the record rounds it
    recorded = Architecture(modularity=round(reference.modularity or 0, 4))
    gate = GateConfig(min_modularity=0.99, max_modularity_drop=0.0)
    assert architecture_findings(gate, results, Config(), graph, [("baseline", recorded)]) == []
    (low,) = architecture_findings(GateConfig(min_modularity=0.99), results, Config(), graph, [])
    assert (low.code, low.path, low.line) == ("CSM305", "pyproject.toml", 1)  # no import to blame, no pyproject
    assert low.message.startswith("modularity 0.") and low.message.endswith("< min-modularity 0.99")


def test_a_module_is_reported_as_moved_only_when_its_own_imports_changed() -> None:
    from dataclasses import replace

    files = {"a": "import b\nimport c\n", "b": "import c\n", "c": "X = 1\n", "x": "import y\nimport z\n",
             "y": "import z\n", "z": "X = 2\n"}
    results = _results(files)
    graph = default_graph(results)
    now = architecture_of(graph)
    assert now.communities == (("a", "b", "c"), ("x", "y", "z"))
    gate = GateConfig(no_moved_modules=True)
    # the reference clustered c with x, y, z although the imports were the same: Louvain's doing, not the code's
    reshuffled = replace(now, communities=(("a", "b"), ("c", "x", "y", "z")))
    assert architecture_findings(gate, results, Config(), graph, [("baseline", reshuffled)]) == []
    # the same reference without c's import from b: c's own imports changed, so its move is reported
    fewer = replace(reshuffled, imports=now.imports - {("b", "c")})
    (moved,) = architecture_findings(gate, results, Config(), graph, [("baseline", fewer)])
    assert (moved.code, moved.extra["subject"], moved.path, moved.line) == ("CSM304", "c", "b.py", 1)
