"""The whole-graph cache: warm graphs equal cold ones, any input change misses, bad entries are rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import libcst as cst
import pytest
from conftest import REPO

from codesmell.graph.facts import extract_module_facts
from codesmell.graph.model import Call, Community, Edge, GraphOptions, GraphStats, ModuleGraph, ModuleNode
from codesmell.graph.pipeline import graph_of_results
from codesmell.model import FileResult
from codesmell.run.cache import CACHE_DIR_NAME
from codesmell.run.graphcache import (
    GRAPH_SUFFIX,
    TEXT_SUFFIX,
    GraphCache,
    cached_graph_of_results,
    cached_rendering_chunks,
    decode_graph,
    encode_graph,
    graph_key,
)

SOURCES = {
    "pkg/__init__.py": ("pkg", True, "from pkg.a import run\n"),
    "pkg/a.py": ("pkg.a", False, "from pkg import b\n\ndef run():\n    return b.helper()\n"),
    "pkg/b.py": ("pkg.b", False, "def helper():\n    return 1\n"),
}


def _results(sources: dict[str, tuple[str, bool, str]] = SOURCES) -> list[FileResult]:
    results = []
    for path, (module, is_package, text) in sources.items():
        facts = extract_module_facts(cst.parse_module(text), module, is_package)
        sha = hashlib.sha256(text.encode()).hexdigest()
        results.append(FileResult(path, module, graph=facts, sha256=sha))
    return results


def _entries(root: Path, suffix: str) -> list[Path]:
    return sorted((root / CACHE_DIR_NAME).rglob("*" + suffix))


def test_entry_round_trip_gives_the_same_graph() -> None:
    results = _results()
    graph = graph_of_results(results, GraphOptions())
    key = graph_key(results, GraphOptions())
    assert decode_graph(encode_graph(key, graph), key, GraphOptions()) == graph
    assert any(call.callee == "pkg.b.helper" for call in graph.calls)


def test_a_stored_entry_is_encode_graphs_bytes(tmp_path: Path) -> None:
    # `GraphCache.store` pickles into the file as it goes; the file is what `encode_graph` makes
    results = _results()
    graph = graph_of_results(results, GraphOptions())
    key = graph_key(results, GraphOptions())
    GraphCache(tmp_path).store(key, graph)
    (entry,) = _entries(tmp_path, GRAPH_SUFFIX)
    assert entry.read_bytes() == encode_graph(key, graph)
    assert GraphCache(tmp_path).load(key, GraphOptions()) == graph
    assert not list(entry.parent.glob("*.tmp"))


def test_key_changes_with_content_path_modules_and_options() -> None:
    results = _results()
    key = graph_key(results, GraphOptions())
    edited = [replace(results[2], sha256=hashlib.sha256(b"other").hexdigest()), *results[:2]]
    moved = [replace(results[2], path="elsewhere/b.py"), *results[:2]]
    assert graph_key(list(reversed(results)), GraphOptions()) == key  # order of the run does not matter
    assert graph_key(edited, GraphOptions()) != key
    assert graph_key(moved, GraphOptions()) != key
    assert graph_key(results[:2], GraphOptions()) != key
    assert graph_key(results, GraphOptions(seed=7)) != key


def test_warm_graph_comes_from_the_cache(tmp_path: Path) -> None:
    results = _results()
    cold = cached_graph_of_results(results, GraphOptions(), tmp_path)
    (entry,) = _entries(tmp_path, GRAPH_SUFFIX)
    assert cached_graph_of_results(results, GraphOptions(), tmp_path) == cold
    # the stored graph is what a warm run returns: a different graph under the same key shows it was read
    other = replace(cold, modularity=0.5)
    GraphCache(tmp_path).store(entry.name.removesuffix(GRAPH_SUFFIX), other)
    assert cached_graph_of_results(results, GraphOptions(), tmp_path) == other


def test_rendering_is_cached_per_variant(tmp_path: Path) -> None:
    results = _results()
    calls: list[str] = []

    def render(graph: ModuleGraph) -> list[str]:
        calls.append("x")
        return [f"{len(graph.calls)} calls"]

    def rendering(variant: str) -> str:
        return "".join(cached_rendering_chunks(results, GraphOptions(), tmp_path, variant, render))

    assert rendering("a") == "1 calls"
    assert rendering("a") == "1 calls"
    assert calls == ["x"]
    assert rendering("b") == "1 calls"
    assert calls == ["x", "x"]
    assert len(_entries(tmp_path, TEXT_SUFFIX)) == 2


def test_rendering_in_pieces_is_stored_once_every_piece_went_by(tmp_path: Path) -> None:
    results = _results()
    calls: list[str] = []

    def render(graph: ModuleGraph) -> list[str]:
        calls.append("x")
        return ["1 ", "calls", " \u00e9"]

    pieces = cached_rendering_chunks(results, GraphOptions(), tmp_path, "a", render)
    assert next(pieces) == "1 "
    pieces.close()  # the reader stopped (a closed pipe): nothing stored, no temporary file left
    assert not _entries(tmp_path, TEXT_SUFFIX)
    assert not [p for p in tmp_path.rglob("*.tmp")]
    assert "".join(cached_rendering_chunks(results, GraphOptions(), tmp_path, "a", render)) == "1 calls \u00e9"
    assert len(_entries(tmp_path, TEXT_SUFFIX)) == 1
    assert "".join(cached_rendering_chunks(results, GraphOptions(), tmp_path, "a", render)) == "1 calls \u00e9"
    assert calls == ["x", "x"]
    # the stored entry is what a later run reads, whatever its renderer would give
    assert "".join(cached_rendering_chunks(results, GraphOptions(), tmp_path, "a", lambda graph: ["other"])) == (
        "1 calls \u00e9"
    )
    assert "".join(cached_rendering_chunks(results, GraphOptions(), None, "a", render)) == "1 calls \u00e9"


def test_every_graph_class_pickles_as_its_constructor_call() -> None:
    """Each object is `cls(*fields)` in the entry (no `dataclasses.fields` per object when pickled)."""
    graph = graph_of_results(_results(), GraphOptions())
    objects = [graph, graph.options, graph.stats, *graph.modules, *graph.edges, *graph.calls, *graph.communities,
               *graph.levels]
    assert {type(o) for o in objects} >= {ModuleGraph, GraphOptions, GraphStats, ModuleNode, Edge, Call, Community}
    for value in objects:
        cls, args = value.__reduce__()
        assert cls is type(value) and cls(*args) == value
        assert pickle.loads(pickle.dumps(value, protocol=5)) == value


def _forge(entry: Path, header: object, *parts: object) -> None:
    """Replace the entry's payload with pickles of `header` and `parts` under a valid digest."""
    key = entry.name.removesuffix(GRAPH_SUFFIX)
    data = entry.read_bytes()
    magic = data[: data.index(key.encode("ascii"))]
    payload = b"".join(pickle.dumps(record, protocol=5) for record in (header, *parts))
    entry.write_bytes(magic + key.encode("ascii") + hashlib.sha256(payload).digest() + payload)


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > pwned.txt",))


@pytest.mark.parametrize(
    "kind", ["damaged", "code", "code in a part", "shape", "fields", "options", "key", "fewer parts", "more parts",
             "calls in the header"]
)
def test_bad_entries_are_rebuilt_never_trusted(tmp_path: Path, kind: str) -> None:
    results = _results()
    cold = cached_graph_of_results(results, GraphOptions(), tmp_path)
    (entry,) = _entries(tmp_path, GRAPH_SUFFIX)
    key = entry.name.removesuffix(GRAPH_SUFFIX)
    bare = replace(cold, calls=())
    _forge(entry, (key, bare, 1), cold.calls)
    assert GraphCache(tmp_path).load(key, GraphOptions()) == cold  # the forger writes what `store` does
    if kind == "damaged":
        entry.write_bytes(entry.read_bytes()[:-10])
    elif kind == "code":
        _forge(entry, (key, _Boom(), 0))
    elif kind == "code in a part":
        _forge(entry, (key, bare, 1), (_Boom(),))
    elif kind == "shape":
        _forge(entry, (key, bare, 1), (("not", "a", "call"),))
    elif kind == "fields":  # a real Call, made by the entry with arguments of the wrong types
        _forge(entry, (key, bare, 1), (Call(1, 2, "x"),))  # type: ignore[arg-type]
    elif kind == "options":
        _forge(entry, (key, replace(bare, options=GraphOptions(seed=1)), 1), cold.calls)
    elif kind == "key":
        _forge(entry, ("0" * 64, bare, 1), cold.calls)
    elif kind == "fewer parts":
        _forge(entry, (key, bare, 2), cold.calls)
    elif kind == "more parts":
        _forge(entry, (key, bare, 1), cold.calls, cold.calls)
    else:
        _forge(entry, (key, cold, 1), cold.calls)
    assert GraphCache(tmp_path).load(key, GraphOptions()) is None
    assert cached_graph_of_results(results, GraphOptions(), tmp_path) == cold
    assert not (tmp_path / "pwned.txt").exists()


def test_calls_are_stored_in_parts_each_its_own_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several parts (the memo of one part at a time, `_dump_graph`) give back every call in order."""
    from codesmell.run import graphcache

    results = _results()
    graph = graph_of_results(results, GraphOptions())
    many = replace(graph, calls=tuple(Call(f"pkg.a.f{i}", "pkg.b.helper", i + 1) for i in range(7)))
    key = graph_key(results, GraphOptions())
    monkeypatch.setattr(graphcache, "_CALLS_PER_PART", 3)
    data = encode_graph(key, many)
    assert data.count(b"pkg.b.helper") == 3  # written once per part: each part has a memo of its own
    assert decode_graph(data, key, GraphOptions()) == many
    monkeypatch.setattr(graphcache, "_CALLS_PER_PART", 50)
    assert decode_graph(encode_graph(key, many), key, GraphOptions()) == many


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for i in range(7):
        sources = dict(SOURCES, **{"pkg/b.py": ("pkg.b", False, f"def helper():\n    return {i}\n")})
        cached_graph_of_results(_results(sources), GraphOptions(), tmp_path)
    assert len(_entries(tmp_path, GRAPH_SUFFIX)) == 4


def test_cli_warm_graph_output_is_byte_identical_and_follows_edits(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.codesmell]\n", encoding="utf-8")
    for path, (_, _, text) in SOURCES.items():
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")

    def graph(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "codesmell", "graph", "pkg", "--format", "json", *extra],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cold = graph("--no-cache")
    assert graph() == cold  # fills the cache
    assert _entries(tmp_path, GRAPH_SUFFIX) and _entries(tmp_path, TEXT_SUFFIX)
    assert graph() == cold  # served from it
    assert graph("--level", "function") == graph("--level", "function", "--no-cache")
    (tmp_path / "pkg/b.py").write_text(
        "def helper():\n    return 1\n\ndef other():\n    helper()\n", encoding="utf-8"
    )
    assert graph() == graph("--no-cache") != cold
