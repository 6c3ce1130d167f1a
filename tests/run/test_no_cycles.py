"""The per-file analysis leaves its tree to reference counting, not to the cyclic collector.

A LibCST tree is about a million objects for a large file. When anything the analysis
keeps refers back to it through a reference cycle (a recursive closure, an exception kept
with its traceback, whose frames hold their callers' locals), the whole tree outlives the
file, and the next collection traverses every node of it: 10-15 % of the analysis of
files with long functions.
"""

from __future__ import annotations

import gc
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import libcst as cst
import pytest

from codesmell.run.analyze import analyze_source

STDLIB = Path(sysconfig.get_paths()["stdlib"])
# long functions with refused Extract Method runs (returns, too many inputs), methods,
# nested functions and classes: every pass of the per-file analysis has work here
FILES = ("argparse.py", "typing.py", "tarfile.py")


@contextmanager
def _collected_garbage() -> Iterator[list[object]]:
    """What only the cyclic collector would free of what the block drops."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    garbage: list[object] = []
    try:
        yield garbage
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            garbage.extend(gc.garbage)
        finally:
            gc.garbage.clear()
            gc.set_debug(0)
            if enabled:
                gc.enable()


@pytest.mark.parametrize("with_graph", [False, True])
def test_no_node_of_the_tree_is_left_to_the_cyclic_collector(with_graph: bool) -> None:
    for name in FILES:
        data = (STDLIB / name).read_bytes()
        analyze_source(data, name, name[:-3], with_graph=with_graph)  # imports, caches
        with _collected_garbage() as garbage:
            result = analyze_source(data, name, name[:-3], with_graph=with_graph)
            assert result.errors == ()
            assert any(f.suggestions for f in result.functions)
            del result
        nodes = [type(o).__name__ for o in garbage if isinstance(o, cst.CSTNode)]
        assert nodes == [], f"{name}: {len(nodes)} nodes in reference cycles"
