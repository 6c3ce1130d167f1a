"""The public API: typed results, and no lasting change to the calling process."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import libcst as cst
import pytest
from conftest import FIXTURES, REPO

import codesmell
from codesmell.config import Config, ConfigError
from codesmell.model import FileResult

BRANCHY = "def f(x):\n    if x:\n        return 1\n    for i in x:\n        pass\n    return 2\n"


def process_state() -> dict[str, object]:
    """Everything the engine is allowed to change only while it runs."""
    return {
        "recursion_limit": sys.getrecursionlimit(),
        "gc_enabled": gc.isenabled(),
        "gc_frozen": gc.get_freeze_count(),
        "threads": threading.active_count(),
        "post_init": cst.CSTNode.__dict__["__post_init__"],
        "codegen": cst.CSTNode.__dict__["_codegen"],
    }


def test_analyze_source_measures_the_function() -> None:
    before = process_state()
    result = codesmell.analyze_source(BRANCHY, "mod.py", "mod")
    assert isinstance(result, FileResult)
    (function,) = result.functions
    # 1 + `if` + `for` (cyclomatic); statements: if, return, for, pass, return
    assert (function.qualname, function.cyclomatic, function.statements, function.sloc) == ("f", 3, 5, 6)
    assert process_state() == before


def test_analyze_source_reports_bad_input_as_errors() -> None:
    result = codesmell.analyze_source(b"def f(:\n", "broken.py")
    assert result.functions == ()
    assert [error.code for error in result.errors] == ["CSM901"]


def test_fifty_calls_leave_the_process_as_it_was() -> None:
    sys.setrecursionlimit(1234)  # a host's own choice must survive
    try:
        before = process_state()
        for _ in range(50):
            assert codesmell.analyze_source(BRANCHY).functions[0].cyclomatic == 3
        assert process_state() == before
    finally:
        sys.setrecursionlimit(1000)


def test_calls_from_threads_leave_the_process_as_it_was() -> None:
    before = process_state()
    found: list[int] = []

    def work() -> None:
        for _ in range(5):
            found.append(codesmell.analyze_source(BRANCHY).functions[0].cyclomatic)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [3] * 15
    assert process_state() == before


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        codesmell.analyze_source(BRANCHY)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_analyze_paths_and_check_paths_on_a_fixture() -> None:
    before = process_state()
    results = codesmell.analyze_paths([FIXTURES / "long_methods"])
    assert results and all(isinstance(r, FileResult) for r in results)
    check = codesmell.check_paths([FIXTURES / "long_methods"])
    # the same findings the CLI prints (`codesmell check fixtures/long_methods`), from the same results
    assert {r.path for r in check.results} == {r.path for r in results}
    assert check.failed and check.findings
    assert check.reasons == (f"{len(check.findings)} function finding(s) over the per-function thresholds",)
    clean = codesmell.check_paths([FIXTURES / "long_methods"], config=Config(select=("CSM999",)))
    assert clean.findings == () and not clean.failed
    assert process_state() == before


def test_module_graph_matches_the_graph_of_already_analysed_results() -> None:
    before = process_state()
    root = FIXTURES / "planted_communities" / "src"
    graph = codesmell.module_graph([root])
    results = codesmell.analyze_paths([root], with_graph=True)
    assert codesmell.module_graph(results) == graph
    assert {m.name.split(".")[1] for m in graph.modules if "." in m.name} >= {"catalog", "billing"}
    assert process_state() == before


def test_bad_arguments_and_config_raise(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        codesmell.analyze_paths(["."], jobs=-1)
    (tmp_path / "pyproject.toml").write_text("[tool.codesmell\n", encoding="utf-8")
    (tmp_path / "a.py").write_text(BRANCHY, encoding="utf-8")
    with pytest.raises(ConfigError):
        codesmell.analyze_paths([tmp_path])


def test_importing_registers_no_fork_hook_and_a_forked_child_still_analyses() -> None:
    script = (
        "import os, sys\n"
        "calls = []\n"
        "os.register_at_fork = lambda **hooks: calls.append(hooks)\n"
        "import codesmell.run.analyze, codesmell.api, codesmell.run.engine\n"
        "ours = [h for hooks in calls for h in hooks.values() if (getattr(h, '__module__', '') or '').startswith('codesmell')]\n"
        "assert ours == [], ours  # the standard library's own hooks (threading, random, logging) are not ours\n"
        "source = b'def f(x):\\n    if x:\\n        return 1\\n'\n"
        "assert codesmell.run.analyze.analyze_source(source, 'a.py').functions[0].cyclomatic == 2\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    ok = codesmell.run.analyze.analyze_source(source, 'a.py').functions[0].cyclomatic == 2\n"
        "    os._exit(0 if ok else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_module_graph_refuses_paths_mixed_with_results() -> None:
    result = codesmell.analyze_source("import b\n", "a.py", "a", with_graph=True)
    with pytest.raises(TypeError):
        codesmell.module_graph([result, "b.py"])


def test_an_analysis_thread_started_outside_the_api_is_left_running() -> None:
    from codesmell.run.analyze import analyze_source as engine_analyze_source
    from codesmell.run.analyze import large_stack_thread_running, release_large_stack_thread

    engine_analyze_source(BRANCHY.encode(), "a.py")  # the engine itself keeps its thread for the next file
    assert large_stack_thread_running()
    before = process_state()
    codesmell.analyze_source(BRANCHY)
    assert large_stack_thread_running()
    assert process_state() == before
    release_large_stack_thread()
    assert not large_stack_thread_running()
