"""An interrupted run leaves the old file or the new one, never part of one.

`-o FILE` outputs and cache entries are written to a temporary file and renamed into
place. These tests SIGKILL real runs at moments spread over a run's length (measured
first, on this machine) and look at what is left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, run_cli

from codesmell.run.cache import ENTRY_SUFFIX, read_entry

FILES, FUNCTIONS = 4, 300  # a run of about a second; megabytes of JSON, so the write itself takes time
KILL_AT = (0.5, 0.85, 0.95, 1.1)  # fractions of a complete run: before, around and after the write


def write_input(project: Path, generation: int) -> None:
    """Different function names per generation: a complete output says which input it came from."""
    for f in range(FILES):
        (project / f"gen_{f}.py").write_text(
            "".join(
                f"def handler_g{generation}_{f}_{i}(message, state):\n"
                f"    if message.kind == {i}:\n        return state + {i}\n    return state\n\n"
                for i in range(FUNCTIONS)
            ),
            encoding="utf-8",
        )


def start(project: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.Popen(
        [sys.executable, "-m", "codesmell", *args], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def kill_after(process: subprocess.Popen[bytes], delay: float) -> None:
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its workers, like a CI timeout does
        process.wait()


def timed_run(project: Path, *args: str) -> float:
    begin = time.monotonic()
    done = run_cli(*args, cwd=project)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - begin


def metrics_generation(out: Path) -> int:
    """Parse `out` completely and say which input generation it describes."""
    functions = [fn["qualname"] for f in json.loads(out.read_text(encoding="utf-8"))["files"] for fn in f["functions"]]
    assert len(functions) == FILES * FUNCTIONS
    generations = {name.split("_")[1] for name in functions}
    assert len(generations) == 1, generations
    return int(generations.pop()[1:])


def assert_cache_entries_parse(project: Path) -> int:
    entries = list((project / ".codesmell_cache").rglob("*" + ENTRY_SUFFIX))
    for entry in entries:
        assert read_entry(entry) is not None  # never half an entry: whole, with the key it is named by
    return len(entries)


def test_killed_metrics_run_leaves_old_or_new_output_and_whole_cache_entries(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    out = tmp_path / "out.json"
    write_input(project, 0)
    args = ("metrics", ".", "--format", "json", "--jobs", "2", "-o", str(out))
    length = timed_run(project, *args)  # generation 0, complete; also fills the cache
    assert metrics_generation(out) == 0
    for generation, fraction in enumerate(KILL_AT, start=1):
        previous = out.read_bytes()
        old = metrics_generation(out)
        write_input(project, generation)  # new names: nothing of this generation is cached
        kill_after(start(project, *args), length * fraction)
        if out.read_bytes() != previous:
            assert metrics_generation(out) == generation  # replaced: by the whole new file
        else:
            assert metrics_generation(out) == old
        assert_cache_entries_parse(project)
    # A run after all the kills trusts what the cache holds and writes a complete file.
    timed_run(project, *args)
    assert metrics_generation(out) == len(KILL_AT)
    assert assert_cache_entries_parse(project) >= FILES


def test_killed_report_run_leaves_old_or_new_report(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    out = tmp_path / "report.html"
    write_input(project, 0)
    args = ("report", ".", "--jobs", "2", "--no-cache", "-o", str(out))
    length = timed_run(project, *args)
    for generation, fraction in enumerate((0.9,), start=1):
        previous = out.read_bytes()
        write_input(project, generation)
        kill_after(start(project, *args), length * fraction)
        html = out.read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>"), "a cut-off report"
        if out.read_bytes() != previous:
            assert f"handler_g{generation}_" in html and f"handler_g{generation - 1}_" not in html


def test_writing_to_dev_null_leaves_it_a_device(tmp_path: Path) -> None:
    import stat

    (tmp_path / "m.py").write_text("def f():\n    return 1\n")
    before = os.stat(os.devnull)
    assert stat.S_ISCHR(before.st_mode)
    for command in (["metrics", "--format", "json", "-o", os.devnull, "m.py"], ["report", "-o", os.devnull, "m.py"]):
        done = run_cli(*command, "--no-cache", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        after = os.stat(os.devnull)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    from codesmell.fsio import atomic_write

    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    atomic_write(tmp_path / "link.json", "new")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
