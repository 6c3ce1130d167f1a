"""`analyze_source` on its large-stack thread: reused, and still usable after a fork."""

from __future__ import annotations

import multiprocessing
import threading

from codesmell.run import analyze
from codesmell.run.analyze import analyze_source

SOURCE = b"def f(x):\n    if x:\n        return 1\n    return 2\n"


def _analyse_in_child(queue: multiprocessing.Queue[int]) -> None:
    queue.put(analyze_source(SOURCE, "m.py", "m").functions[0].cyclomatic)


def test_one_thread_serves_every_file() -> None:
    analyze_source(SOURCE, "m.py", "m")
    names = {t.name for t in threading.enumerate()}
    analyze_source(SOURCE, "m.py", "m")
    assert {t.name for t in threading.enumerate()} == names
    assert sum(name.startswith("codesmell-analyse") for name in names) == 1


def test_a_forked_child_gets_its_own_thread() -> None:
    analyze_source(SOURCE, "m.py", "m")  # the parent has its thread now
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[int] = context.Queue()
    child = context.Process(target=_analyse_in_child, args=(queue,))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == 2


def test_deep_nesting_still_parses_on_the_large_stack() -> None:
    depth = analyze.source.MAX_BRACKET_DEPTH
    result = analyze_source(b"x = " + b"(" * depth + b"1" + b")" * depth + b"\n", "m.py", "m")
    assert result.errors == ()


def test_the_collector_is_on_again_after_each_file() -> None:
    import gc

    assert gc.isenabled()
    analyze_source(SOURCE, "m.py", "m")
    analyze_source(b"def (:\n", "bad.py", "bad")  # a file that fails to parse too
    assert gc.isenabled()
