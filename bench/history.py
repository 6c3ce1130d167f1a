"""Benchmark `codesmell history` on a real history: 21 consecutive releases of requests, one commit each.

    python bench/history.py              # build the repository if needed, time, print, write results
    python bench/history.py --rounds 3   # best of three for each figure
    python bench/history.py --repo DIR --path codesmell --output bench/results/history-codesmell.md
                                         # the same runs over an existing repository's history of PATH

The repository is built from the release sdists (pinned below, downloaded with
`pip download --no-deps --no-binary :all: requests==X -d /work/cache/pypi` when
missing, unpacked under /work/cache/src/requests-X): each release's whole tree
(package, tests, docs, setup files) replaces the previous one and is committed
with a fixed author and a date one week after the previous, so the repository
is the same on every machine. Times, each a fresh `codesmell` process:

- `cold metrics`: `codesmell metrics REPO --no-cache --format json` over the newest revision;
- `cold history`: `codesmell history REPO --format json` with the cache emptied first;
- `warm history`: the same again, every blob now in the cache.

The target (issue 19): cold history <= 3x cold metrics, and the warm run far below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

VERSIONS = (
    "2.20.0", "2.20.1", "2.21.0", "2.22.0", "2.23.0", "2.24.0", "2.25.0", "2.25.1", "2.26.0", "2.27.0",
    "2.27.1", "2.28.0", "2.28.1", "2.28.2", "2.29.0", "2.30.0", "2.31.0", "2.32.0", "2.32.1", "2.32.2", "2.32.3",
)
PYPI_CACHE = Path("/work/cache/pypi")
SRC_CACHE = Path("/work/cache/src")
REPO = Path("/work/cache/history/requests-releases")
BENCH_DIR = Path(__file__).resolve().parent
START = dt.datetime(2020, 1, 6, 12, 0, tzinfo=dt.timezone.utc)


def _sdist(version: str) -> Path:
    path = PYPI_CACHE / f"requests-{version}.tar.gz"
    if not path.exists():
        PYPI_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        f"requests=={version}", "-d", str(PYPI_CACHE)], check=True)
    return path


def _unpacked(version: str) -> Path:
    target = SRC_CACHE / f"requests-{version}"
    if not target.is_dir():
        SRC_CACHE.mkdir(parents=True, exist_ok=True)
        with tarfile.open(_sdist(version)) as archive:
            archive.extractall(SRC_CACHE, filter="data")
    return target


def _git(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def build_repository() -> None:
    """One commit per release, oldest first; rebuilt only when missing or incomplete."""
    if (REPO / ".git").is_dir():
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=REPO, capture_output=True, text=True)
        if count.returncode == 0 and count.stdout.strip() == str(len(VERSIONS)):
            return
        shutil.rmtree(REPO)
    REPO.mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
           "GIT_CONFIG_GLOBAL": str(REPO.parent / "empty.gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    (REPO.parent / "empty.gitconfig").write_text("")
    _git(["init", "-q", "-b", "main"], env)
    for number, version in enumerate(VERSIONS):
        for entry in REPO.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        source = _unpacked(version)
        for entry in source.iterdir():
            target = REPO / entry.name
            shutil.copytree(entry, target, symlinks=True) if entry.is_dir() else shutil.copy2(entry, target)
        date = (START + dt.timedelta(weeks=number)).isoformat()
        _git(["add", "-A"], env)
        _git(["commit", "-q", "-m", f"requests {version}"], {**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


# `history` analysing every blob whole (no segments), for comparison: the engine's cold cost per revision.
_WHOLE = (
    "import sys; from pathlib import Path; from codesmell.config import load_config; "
    "from codesmell.history.run import HistoryOptions, read_history; from codesmell.history.output import to_json; "
    "sys.stdout.write(to_json(read_history(['.'], load_config(None, start=Path('.')), "
    "HistoryOptions(segments=False))))"
)


def _timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU of the process tree) of `python ARGS` in the repository."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # -P: never import a `codesmell` package of the analysed repository (codesmell's own history)
    subprocess.run([sys.executable, "-P", *args], cwd=cwd, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _clear_cache(repo: Path) -> None:
    shutil.rmtree(repo / ".codesmell_cache", ignore_errors=True)


def runs(path: str) -> dict[str, list[str]]:
    return {
        "cold_metrics": ["-m", "codesmell", "metrics", path, "--no-cache", "--format", "json"],
        "cold_history": ["-m", "codesmell", "history", path, "--format", "json"],  # after emptying the cache
        "warm_history": ["-m", "codesmell", "history", path, "--format", "json"],
        "whole_history": ["-c", _WHOLE.replace("['.']", repr([path]))],  # no cache, every blob whole
    }


def measure(rounds: int, repo: Path, path: str) -> dict[str, tuple[float, float]]:
    """Best (wall, CPU) of `rounds` for each run, the runs interleaved so a load change hits all alike."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, args in runs(path).items():
            if name == "cold_history":
                _clear_cache(repo)
            wall, cpu = _timed(args, repo)
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    _clear_cache(repo)
    return best


def _facts(repo: Path, path: str) -> dict[str, int]:
    def git(*args: str) -> list[str]:
        return subprocess.run(["git", *args, "--", path], cwd=repo, capture_output=True, text=True).stdout.splitlines()

    newest = sum(1 for name in git("ls-tree", "-r", "--name-only", "HEAD") if name.endswith(".py"))
    distinct = sum(1 for line in git("rev-list", "--objects", "HEAD") if line.endswith(".py"))
    commits = len(git("rev-list", "--first-parent", "HEAD"))
    return {"commits": commits, "py_files_newest": newest, "py_blobs_distinct": distinct}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--output", default=str(BENCH_DIR / "results" / "history.md"))
    parser.add_argument("--repo", help="an existing repository instead of the requests releases")
    parser.add_argument("--path", default=".", help="the analysed path inside --repo (default: .)")
    args = parser.parse_args()
    if args.repo:
        repo, path = Path(args.repo).resolve(), args.path
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True)
        title = f"`codesmell history {path}` over the history of {repo.name} (HEAD {head.stdout.strip()})"
    else:
        build_repository()
        repo, path = REPO, "."
        title = f"`codesmell history` on {len(VERSIONS)} releases of requests ({VERSIONS[0]} .. {VERSIONS[-1]})"
    facts = _facts(repo, path)
    times = measure(args.rounds, repo, path)
    base_wall, base_cpu = times["cold_metrics"]

    def row(label: str, name: str) -> str:
        wall, cpu = times[name]
        return f"| {label} | {wall:.2f} | {wall / base_wall:.2f} | {cpu:.2f} | {cpu / base_cpu:.2f} |"

    ratio = times["cold_history"][0] / base_wall
    load = os.getloadavg()[0]
    lines = [
        f"# {title}",
        "",
        f"{dt.date.today().isoformat()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, best of {args.rounds}; `python bench/history.py`.",
        "",
        f"Repository: {facts['commits']} commits touching `{path}`; the newest revision holds "
        f"{facts['py_files_newest']} `.py` files, the whole history {facts['py_blobs_distinct']} distinct `.py` blobs.",
        "",
        "| run | wall (s) | × | CPU (s) | × |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("cold `metrics` over the newest revision (`--no-cache`)", "cold_metrics"),
        row(f"cold `history` over all {facts['commits']} commits (empty cache)", "cold_history"),
        row("warm `history` (second run, cache filled)", "warm_history"),
        row("for comparison: cold `history` analysing every blob whole (no segments, no cache)", "whole_history"),
        "",
        f"Target: cold history ≤ 3× cold metrics (wall): {'met' if ratio <= 3 else 'MISSED'} ({ratio:.2f}×). "
        f"Load average when done: {load:.1f} on {os.cpu_count()} cores (the machine is shared; CPU time is the "
        "steadier figure).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
