"""`--executor dask|tcp://HOST:PORT`, run for real: a `dask.distributed` LocalCluster of worker processes.

The cluster (scheduler in this process, two worker processes with a nanny each)
is started by the tests; the command line runs in a subprocess, as a user runs
it, and connects to it over TCP. A plugin on the scheduler counts the tasks it
is given, which is how the tests see what travels and what does not.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REPO, modules_after, run_cli

from codesmell.config import ConfigError, config_from_table
from codesmell.run.executors import ExecutorSpec, parse_executor

distributed = pytest.importorskip("distributed")  # in the test extra; a lean install has no Dask

from distributed import Client, LocalCluster  # noqa: E402
from distributed.diagnostics.plugin import SchedulerPlugin  # noqa: E402

from codesmell.run.dask_executor import BATCH_SIZE, DaskExecutor  # noqa: E402


class TaskCounter(SchedulerPlugin):  # type: ignore[misc]
    """How many times the scheduler set each task running (more than once: its worker died)."""

    def __init__(self) -> None:
        self.started: Counter[str] = Counter()
        self.finished: set[str] = set()

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if finish == "processing":
            self.started[str(key)] += 1
        elif finish == "memory":
            self.finished.add(str(key))

    def analysis_tasks(self) -> list[str]:
        return [key for key in self.started if key.startswith("codesmell-analyse-")]


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[LocalCluster, TaskCounter]]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as local:
        counter = TaskCounter()
        local.scheduler.add_plugin(counter)
        yield local, counter


def cli(*args: str, cwd: Path, **env: str) -> Any:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return run_cli(*args, cwd=cwd)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


@pytest.mark.parametrize(
    ("text", "spec"),
    [("local", ExecutorSpec("local")), ("dask", ExecutorSpec("dask")),
     ("tcp://10.0.0.5:8786", ExecutorSpec("scheduler", "tcp://10.0.0.5:8786")),
     ("tcp://scheduler.internal:8786", ExecutorSpec("scheduler", "tcp://scheduler.internal:8786")),
     ("tcp://[::1]:8786", ExecutorSpec("scheduler", "tcp://[::1]:8786"))],
)
def test_specs(text: str, spec: ExecutorSpec) -> None:
    assert parse_executor(text) == spec
    assert str(spec) == text


@pytest.mark.parametrize("text", ["", "Dask", "processes", "tcp://host", "tcp://host:0", "tcp://host:65536",
                                  "tls://host:8786", "host:8786", "tcp://ho st:1"])
def test_unknown_specs_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected local, dask or tcp://HOST:PORT"):
        parse_executor(text)


def test_config_key() -> None:
    assert config_from_table({}).executor == "local"
    assert config_from_table({"executor": "dask"}).executor == "dask"
    assert config_from_table({"executor": "tcp://127.0.0.1:8786"}).executor == "tcp://127.0.0.1:8786"
    for bad in ("threads", 2):
        with pytest.raises(ConfigError, match="executor"):
            config_from_table({"executor": bad})


def test_unknown_spec_on_the_command_line_exits_2(tmp_path: Path) -> None:
    done = run_cli("metrics", "--executor", "threads", str(FIXTURES / "long_methods"), cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown executor 'threads'" in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_scheduler_exits_2_quickly_and_the_gate_never_passes(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.monotonic()
    done = cli("check", "--no-cache", "--exit-zero", "--executor", address, str(FIXTURES / "long_methods"),
               cwd=tmp_path, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="1s")
    assert done.returncode == 2, done.stderr
    assert f"codesmell: error: executor {address}: cannot use the Dask scheduler at {address}" in done.stderr
    assert time.monotonic() - started < 20
    assert done.stdout == ""


def test_the_command_line_overrides_the_configured_executor(tmp_path: Path) -> None:
    project = copy_fixture("long_methods", tmp_path)
    address = f"tcp://127.0.0.1:{_free_port()}"
    (project / "pyproject.toml").write_text(f'[tool.codesmell]\nexecutor = "{address}"\n', encoding="utf-8")
    configured = cli("metrics", "--no-cache", ".", cwd=project, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="1s")
    assert configured.returncode == 2, configured.stderr
    assert f"executor {address}: cannot use the Dask scheduler" in configured.stderr
    overridden = run_cli("metrics", "--no-cache", "--executor", "local", ".", cwd=project)
    assert overridden.returncode == 0, overridden.stderr


@pytest.mark.parametrize(
    ("command", "fixtures"),
    [(["metrics", "--format", "json"], ["long_methods", "bad_input"]), (["check", "--format", "json"], ["long_methods"]),
     (["graph", "--format", "json"], ["planted_communities"])],
)
def test_a_scheduler_gives_byte_identical_output(
    cluster: tuple[LocalCluster, TaskCounter], command: list[str], fixtures: list[str], tmp_path: Path
) -> None:
    local_cluster, counter = cluster
    paths = [str(FIXTURES / name) for name in fixtures]
    before = len(counter.analysis_tasks())
    local = run_cli(*command, "--no-cache", "--jobs", "1", *paths, cwd=tmp_path)  # any --jobs gives the same
    remote = run_cli(*command, "--no-cache", "--executor", local_cluster.scheduler_address, *paths, cwd=tmp_path)
    assert remote.returncode == local.returncode, remote.stderr
    assert remote.stdout == local.stdout
    assert len(counter.analysis_tasks()) > before  # the work did go to the cluster


def test_history_on_a_scheduler_is_byte_identical(cluster: tuple[LocalCluster, TaskCounter], tmp_path: Path) -> None:
    from tests.history.gitrepo import Repo

    local_cluster, counter = cluster
    repo = Repo(tmp_path / "repo")
    repo.commit("one", "2024-01-01", files={"pkg/__init__.py": "", "pkg/a.py": "def f(x):\n    return x\n"})
    repo.commit("two", "2024-02-01", "bob", files={"pkg/a.py": "def f(x):\n    if x:\n        return 1\n    return x\n"})
    repo.commit("three", "2024-03-01", files={"pkg/b.py": "def g(y):\n    for i in y:\n        print(i)\n"})
    before = len(counter.analysis_tasks())
    local = run_cli("history", "--format", "json", "--no-cache", "--jobs", "1", "pkg", cwd=repo.root)
    remote = run_cli("history", "--format", "json", "--no-cache", "--executor", local_cluster.scheduler_address,
                     "pkg", cwd=repo.root)
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)["commits"]
    assert len(counter.analysis_tasks()) > before


def test_the_cache_stays_on_the_client(cluster: tuple[LocalCluster, TaskCounter], tmp_path: Path) -> None:
    local_cluster, counter = cluster
    project = copy_fixture("planted_communities", tmp_path)
    address = local_cluster.scheduler_address
    before = len(counter.analysis_tasks())
    cold = cli("graph", "--format", "json", "--executor", address, ".", cwd=project, CODESMELL_STATS="1")
    assert "cached=0 analysed=22" in cold.stderr, cold.stderr
    files_per_task = 4  # dask_executor.BATCH_SIZE
    assert len(counter.analysis_tasks()) - before == -(-22 // files_per_task)
    after_cold = len(counter.started)
    warm = cli("graph", "--format", "json", "--executor", address, ".", cwd=project, CODESMELL_STATS="1")
    assert "cached=22 analysed=0" in warm.stderr, warm.stderr
    assert warm.stdout == cold.stdout
    assert len(counter.started) == after_cold  # the scheduler was given nothing


def test_a_local_dask_cluster_gives_byte_identical_output_and_a_warm_run_starts_none(tmp_path: Path) -> None:
    project = copy_fixture("long_methods", tmp_path)
    local = run_cli("metrics", "--format", "json", "--no-cache", "--jobs", "1", ".", cwd=project)
    cold = cli("metrics", "--format", "json", "--executor", "dask", "--jobs", "2", ".", cwd=project,
               CODESMELL_STATS="1")
    assert "analysed=7" in cold.stderr, cold.stderr
    assert cold.stdout == local.stdout
    modules, stderr = modules_after(["metrics", "--executor", "dask", "."], project)
    assert "cached=7 analysed=0" in stderr
    assert "distributed" not in modules  # no cluster was started, Dask was not even imported


def _slow_project(root: Path, files: int = 16) -> Path:
    """Files big enough (1,081 lines each) that two workers take seconds over them."""
    body = "".join(
        f"def f{k}(a, b):\n    if a and b:\n        return [x for x in a if x]\n"
        f"    for x in range({k}):\n        if x % 3:\n            b += x\n    while b:\n        b -= 1\n    return a\n"
        for k in range(120)
    )
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for i in range(files):
        (package / f"m{i:02d}.py").write_text(f"import pkg.m{(i + 1) % files:02d}\n" + body, encoding="utf-8")
    return root


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: tuple[LocalCluster, TaskCounter], tmp_path: Path
) -> None:
    import subprocess
    import sys

    local_cluster, counter = cluster
    project = _slow_project(tmp_path)
    expected = run_cli("metrics", "--format", "json", "--no-cache", "pkg", cwd=project)
    assert expected.returncode == 0, expected.stderr
    before = set(counter.analysis_tasks())
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    run = subprocess.Popen(
        [sys.executable, "-m", "codesmell", "metrics", "--format", "json", "--no-cache", "--executor",
         local_cluster.scheduler_address, "pkg"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    with Client(local_cluster.scheduler_address, set_as_default=False) as client:
        pids = client.run(os.getpid)
        victim = None
        deadline = time.monotonic() + 60
        while victim is None and time.monotonic() < deadline and run.poll() is None:
            finished = [k for k in counter.analysis_tasks() if k not in before and k in counter.finished]
            busy = {w: keys for w, keys in client.processing().items() if keys}
            if finished and busy:  # mid-run: a task done, others running
                victim = next(iter(busy))
            else:
                time.sleep(0.02)
        assert victim is not None, "the run ended before a worker could be killed"
        os.kill(pids[victim], signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr
    assert stdout == expected.stdout
    paths = [f["path"] for f in json.loads(stdout)["files"]]
    assert len(paths) == len(set(paths)) == 17
    mine = [key for key in counter.analysis_tasks() if key not in before]
    assert len(mine) == -(-17 // 4)  # each batch submitted once...
    assert any(counter.started[key] > 1 for key in mine)  # ...and one, at least, run again after the kill


def test_workers_running_another_codesmell_stop_the_run(
    cluster: tuple[LocalCluster, TaskCounter], monkeypatch: pytest.MonkeyPatch
) -> None:
    from codesmell.run import dask_executor
    from codesmell.run.executors import ExecutorError

    local_cluster, _ = cluster
    monkeypatch.setattr(dask_executor, "worker_identity", lambda: "codesmell 0.0.1, libcst 1.0.0, Python 3.10")
    with DaskExecutor(local_cluster.scheduler_address) as executor, pytest.raises(
        ExecutorError, match=r"a Dask worker runs codesmell .*; this client runs codesmell 0\.0\.1"
    ):
        list(executor.map(abs, range(3)))


def test_a_task_that_fails_on_a_worker_stops_the_run(cluster: tuple[LocalCluster, TaskCounter]) -> None:
    from codesmell.run.executors import ExecutorError

    local_cluster, _ = cluster

    def unimportable(n: int) -> int:
        raise ModuleNotFoundError("No module named 'codesmell'")

    with DaskExecutor(local_cluster.scheduler_address) as executor, pytest.raises(
        ExecutorError, match=r"a task failed on the Dask cluster at tcp://.*ModuleNotFoundError"
    ):
        list(executor.map(unimportable, range(3)))


def test_a_task_that_kills_every_worker_becomes_its_own_error(cluster: tuple[LocalCluster, TaskCounter]) -> None:
    """As the local pool isolates a file that crashes LibCST: only that item is lost, the rest come back."""
    local_cluster, _ = cluster

    def crash_on_three(n: int) -> int:
        if n == 3:
            os._exit(1)
        return n * n

    scheduler = local_cluster.scheduler
    saved, scheduler.allowed_failures = scheduler.allowed_failures, 0  # KilledWorker at the first death
    try:
        with DaskExecutor(local_cluster.scheduler_address, crashed=lambda n: -1) as executor:
            assert list(executor.map(crash_on_three, range(10))) == [0, 1, 4, -1, 16, 25, 36, 49, 64, 81]
    finally:
        scheduler.allowed_failures = saved
    with Client(local_cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)  # the nannies restart the workers it killed


def test_a_cluster_reports_what_it_keeps_busy_once_connected(cluster: tuple[LocalCluster, TaskCounter]) -> None:
    """The engine sizes its batches by it; before the first file is sent it knows nothing (and imports nothing)."""
    local_cluster, _ = cluster
    with DaskExecutor(local_cluster.scheduler_address) as executor:
        assert executor.capacity is None
        assert list(executor.map(abs, [-1, -2])) == [1, 2]
        # 2 worker threads: max(8, 4 per thread) batches of BATCH_SIZE files outstanding.
        assert executor.capacity == 8 * BATCH_SIZE
