"""Benchmark codesmell against its peers on CPython's standard library, in one run.

    python bench/run.py            # everything (a few minutes on 2 cores)
    python bench/run.py --quick    # codesmell metrics/check cold+warm, radon cc, ruff

Corpus: `sysconfig.get_paths()["stdlib"]` with test directories (`test`, `tests`,
`idle_test`), `__pycache__` and site-packages left out, mirrored as a temporary
tree of symlinks so every tool sees the same files. Each tool runs as a
subprocess under a small wrapper that reports wall time, CPU time (user + sys)
and the peak RSS of the largest process in its tree (`RUSAGE_CHILDREN`, taken in
a fresh wrapper process per tool so one tool's peak never leaks into another's).

Also checks that warm (cache-filled) output is byte-identical to cold output,
cross-checks cyclomatic complexity with radon on every function, and checks
that the functions Python's `ast` finds are the ones codesmell reports (by def
line). Results are printed as a table and written as JSON.
"""

from __future__ import annotations

import argparse
import ast
import collections
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_symlink_tree, stdlib_root

BENCH_DIR = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CORPUS = "stdlib"  # name of the symlink tree inside the work directory

# Runs one command; writes {"wall", "user", "sys", "maxrss_kb", "rc"} to argv[1].
_WRAPPER = r"""
import json, resource, subprocess, sys, time
out, stdout_path, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(stdout_path, "wb") as sink:
    start = time.perf_counter()
    rc = subprocess.call(cmd, stdout=sink, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as handle:
    json.dump({"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
               "maxrss_kb": usage.ru_maxrss, "rc": rc}, handle)
"""


@dataclass
class Measurement:
    name: str
    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    maxrss_mb: float = 0.0
    rc: int = 0
    load_before: float = 0.0
    output_bytes: int = 0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def missing_tools(quick: bool) -> list[str]:
    """The peers this run needs that are not installed: said before anything runs, not as a traceback later."""
    needed = ["codesmell", "radon", "ruff"] + ([] if quick else ["lizard", "flake8", "pylint"])
    return [name for name in needed if not (BIN / name).exists() and shutil.which(name) is None]


def measure(name: str, command: list[str], workdir: Path) -> tuple[Measurement, Path]:
    """Run `command` in `workdir`; returns the measurement and the file holding its stdout."""
    stats = workdir / f".{name}.stats.json"
    stdout = workdir / f"{name}.out"
    load = os.getloadavg()[0]
    print(f"  running {name} ...", end="", flush=True)
    subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(stats), str(stdout), *command], cwd=workdir, check=True
    )
    data = json.loads(stats.read_text())
    stats.unlink()
    result = Measurement(
        name=name,
        command=[Path(c).name if i == 0 else c for i, c in enumerate(command)][:12],
        wall=data["wall"],
        cpu=data["user"] + data["sys"],
        maxrss_mb=data["maxrss_kb"] / 1024,
        rc=data["rc"],
        load_before=load,
        output_bytes=stdout.stat().st_size,
    )
    print(f" {result.wall:7.2f} s wall, {result.cpu:7.2f} s cpu, {result.maxrss_mb:7.0f} MB, rc={result.rc}")
    return result, stdout


def _reset_cache(workdir: Path) -> None:
    shutil.rmtree(workdir / ".codesmell_cache", ignore_errors=True)


def run_codesmell(
    label: str, args: list[str], workdir: Path, jobs: int, output_file: str | None = None
) -> list[Measurement]:
    """Cold (empty cache) then warm (cache filled by the cold run); compares their outputs."""
    command = [_tool("codesmell"), *args, "--jobs", str(jobs), CORPUS]
    _reset_cache(workdir)
    cold, cold_out = measure(f"codesmell {label} cold", command, workdir)
    if output_file:
        shutil.copyfile(workdir / output_file, workdir / f"{output_file}.cold")
    warm, warm_out = measure(f"codesmell {label} warm", command, workdir)
    if cold.rc not in (0, 1):
        cold.note = warm.note = f"failed (exit {cold.rc})"
        return [cold, warm]
    if output_file:
        same = (workdir / f"{output_file}.cold").read_bytes() == (workdir / output_file).read_bytes()
        cold.output_bytes = warm.output_bytes = (workdir / output_file).stat().st_size
    else:
        same = cold_out.read_bytes() == warm_out.read_bytes()
    warm.extra["identical_to_cold"] = same
    warm.note = "output identical to cold" if same else "OUTPUT DIFFERS FROM COLD"
    return [cold, warm]


def run_codesmell_at(rev: str, workdir: Path, jobs: int) -> list[Measurement]:
    """Cold and warm `metrics` with the code of commit `rev` (exported with `git archive`), named `metrics@REV`.

    The exported tree is put first on PYTHONPATH, so the same interpreter and dependencies run the old
    code: the before/after ratio of one run, on one machine state.
    """
    code = workdir / f".code-{rev}"
    code.mkdir()
    archive = subprocess.run(["git", "archive", rev, "codesmell"], cwd=BENCH_DIR.parent, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    label = f"metrics@{rev[:12]}"
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code)!r}); "
               "from codesmell.cli import main; sys.exit(main())",
               "metrics", "--format", "json", "--jobs", str(jobs), CORPUS]
    _reset_cache(workdir)
    cold, _ = measure(f"codesmell {label} cold", command, workdir)
    warm, _ = measure(f"codesmell {label} warm", command, workdir)
    _reset_cache(workdir)
    return [cold, warm]


def peers(workdir: Path, quick: bool) -> list[Measurement]:
    runs: list[tuple[str, list[str]]] = [
        ("radon cc", [_tool("radon"), "cc", "-j", CORPUS]),
        (
            "ruff C901+PLR09xx",
            [
                _tool("ruff"),
                "check",
                "--select",
                "C901,PLR0911,PLR0912,PLR0913,PLR0915",
                "--no-cache",
                "--exit-zero",
                "--output-format",
                "concise",
                CORPUS,
            ],
        ),
    ]
    if not quick:
        runs += [
            ("lizard", [_tool("lizard"), "-l", "python", CORPUS]),
            ("flake8 mccabe C901", [_tool("flake8"), "--select", "C901", "--max-complexity", "10", CORPUS]),
            (
                "pylint design R09xx",
                [
                    _tool("pylint"),
                    "--disable=all",
                    "--enable=R0912,R0913,R0914,R0915,R0917",
                    "-j",
                    "1",
                    "--recursive=y",
                    "--score=n",
                    CORPUS,
                ],
            ),
        ]
    return [measure(name, command, workdir)[0] for name, command in runs]


def crosscheck(workdir: Path, metrics_json: Path) -> dict[str, Any]:
    """Radon cyclomatic agreement and `ast` def lines vs codesmell's, on every file."""
    sys.path.insert(0, str(BENCH_DIR.parent))
    from tests.metrics.crosscheck import compare_with_radon  # a test helper: not shipped in the package

    @dataclass(frozen=True)
    class _Function:  # the two fields compare_with_radon reads
        line: int
        cyclomatic: int

    report = json.loads(metrics_json.read_text(encoding="utf-8"))
    rated = agree = missing = radon_failed = 0
    ast_files = ast_mismatch_files = ast_functions = 0
    disagreements: list[str] = []
    ast_mismatches: list[str] = []
    for entry in report["files"]:
        path = workdir / entry["path"]
        text = path.read_bytes().decode("utf-8", "replace")
        functions = [_Function(f["line"], f["cyclomatic"]) for f in entry["functions"]]
        try:
            comparisons = compare_with_radon(text, functions)  # type: ignore[arg-type]
        except Exception:
            radon_failed += 1
            comparisons = []
        for c in comparisons:
            rated += 1
            if c.ours is None:
                missing += 1
            elif c.ours == c.radon:
                agree += 1
            elif len(disagreements) < 20:
                disagreements.append(
                    f"{entry['path']}:{c.line} {c.name}: radon {c.radon}, codesmell {c.ours}"
                )
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        ast_files += 1
        ast_lines = collections.Counter(
            n.lineno for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        )
        ours = collections.Counter(f["line"] for f in entry["functions"])
        ast_functions += sum(ast_lines.values())
        if ast_lines != ours:
            ast_mismatch_files += 1
            if len(ast_mismatches) < 20:
                ast_mismatches.append(
                    f"{entry['path']}: ast-only {sorted((ast_lines - ours).elements())[:5]}, "
                    f"codesmell-only {sorted((ours - ast_lines).elements())[:5]}"
                )
    return {
        "radon_rated_functions": rated,
        "radon_agree": agree,
        "radon_agreement_pct": round(100 * agree / rated, 3) if rated else None,
        "radon_functions_missing_in_codesmell": missing,
        "radon_failed_files": radon_failed,
        "radon_disagreement_examples": disagreements,
        "ast_files": ast_files,
        "ast_functions": ast_functions,
        "ast_files_mismatched": ast_mismatch_files,
        "ast_mismatch_examples": ast_mismatches,
    }


def _machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("codesmell", "libcst", "radon", "lizard", "flake8", "mccabe", "pylint", "ruff"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "?"
    return found


def print_table(results: list[Measurement]) -> None:
    by_name = {m.name: m for m in results}
    radon = by_name.get("radon cc")
    cold = by_name.get("codesmell metrics cold")
    print()
    print("ratios: wall time over radon cc's and over cold `codesmell metrics`; cpu = user + sys of the tree")
    print(
        f"{'tool':<28} {'wall s':>8} {'cpu s':>8} {'/radon':>7} {'cpu/radon':>9} {'/cs cold':>8} {'peak MB':>8}  note"
    )
    for m in results:
        r_radon = f"{m.wall / radon.wall:.2f}" if radon and radon.wall else "-"
        r_cpu = f"{m.cpu / radon.cpu:.2f}" if radon and radon.cpu else "-"
        r_cold = f"{m.wall / cold.wall:.2f}" if cold and cold.wall else "-"
        print(
            f"{m.name:<28} {m.wall:8.2f} {m.cpu:8.2f} {r_radon:>7} {r_cpu:>9} {r_cold:>8} {m.maxrss_mb:8.0f}  {m.note}"
        )


def targets(results: list[Measurement]) -> list[tuple[str, bool | None, str]]:
    by_name = {m.name: m for m in results}
    radon = by_name.get("radon cc")
    checks: list[tuple[str, bool | None, str]] = []

    def ratio(name: str, limit: float, label: str) -> None:
        m = by_name.get(name)
        if m is None or radon is None or m.note.startswith("failed"):
            checks.append((label, None, "not measured"))
            return
        value = m.wall / radon.wall
        checks.append((label, value <= limit, f"{value:.2f}x radon cc (limit {limit}x)"))

    ratio("codesmell metrics cold", 3.0, "cold metrics <= 3x radon cc")
    ratio("codesmell metrics warm", 0.15, "warm metrics <= 0.15x radon cc")
    ratio("codesmell graph cold", 4.0, "cold graph <= 4x radon cc")
    cold = by_name.get("codesmell metrics cold")
    for peer in ("pylint design R09xx", "flake8 mccabe C901"):
        if cold is not None and peer in by_name:
            checks.append(
                (
                    f"cold metrics faster than {peer}",
                    cold.wall < by_name[peer].wall,
                    f"{cold.wall:.1f} s vs {by_name[peer].wall:.1f} s",
                )
            )
    # the `--before` rows (name@REV) time another commit's code; their output is not compared
    warm = [m for m in results if m.name.endswith(" warm") and "@" not in m.name and not m.note.startswith("failed")]
    checks.append(
        (
            "warm output byte-identical to cold",
            all(m.extra.get("identical_to_cold") for m in warm),
            ", ".join(f"{m.name}: {m.extra.get('identical_to_cold')}" for m in warm),
        )
    )
    peak = max((m.maxrss_mb for m in results if m.name.startswith("codesmell")), default=0.0)
    checks.append(("peak RSS of any codesmell process < 1.5 GB", peak < 1536, f"{peak:.0f} MB"))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="codesmell metrics/check, radon cc and ruff only"
    )
    parser.add_argument("--jobs", type=int, default=0, help="codesmell --jobs (default 0: every core)")
    parser.add_argument(
        "--json", metavar="FILE", help="results file (default: bench/results/<date>[-quick].json)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (outputs of every tool)")
    parser.add_argument("--no-halstead", action="store_true",
                        help="leave out `metrics --halstead` (opt-in, about ten minutes cold: radon's mi_visit)")
    parser.add_argument(
        "--before", metavar="REV",
        help="also time cold/warm `metrics` with the code of commit REV, in this run (a before/after figure)",
    )
    args = parser.parse_args(argv)
    missing = missing_tools(args.quick)
    if missing:
        print(
            f"bench/run.py: not installed: {', '.join(missing)}; the peers come with `pip install -e '.[bench]'`",
            file=sys.stderr,
        )
        return 2

    started = dt.datetime.now(dt.timezone.utc)
    # An editable install has no bytecode of codesmell's own modules until a process writes it, and
    # PYTHONDONTWRITEBYTECODE=1 (set on some machines, and in many container images) stops that: every
    # process and worker then compiles them from source again. Measured on the stdlib, 2026-12-03: cold
    # metrics 3.7x radon cc instead of 2.3x. A wheel install (`pip install .`) has the bytecode, so the
    # benchmark writes it first, as pip does.
    compileall.compile_dir(str(BENCH_DIR.parent / "codesmell"), quiet=1)
    workdir = Path(tempfile.mkdtemp(prefix="codesmell-bench-"))
    try:
        files = build_symlink_tree(workdir / CORPUS)
        lines = sum(f.read_bytes().count(b"\n") for f in files)
        print(f"corpus: {len(files)} files, {lines} lines from {stdlib_root()} (tests left out)")
        print(f"work directory: {workdir}")
        results: list[Measurement] = []
        if args.before:
            results += run_codesmell_at(args.before, workdir, args.jobs)
        results += run_codesmell("metrics", ["metrics", "--format", "json"], workdir, args.jobs)
        metrics_json = workdir / "codesmell metrics cold.out"
        results += run_codesmell("check", ["check", "--format", "json"], workdir, args.jobs)
        if not args.quick and not args.no_halstead:
            # what --halstead (radon's h_visit and mi_visit on each file) adds to a cold metrics run;
            # minutes on the stdlib: radon's raw line counts, which mi_visit needs, are superlinear
            # on long literals (html/entities.py alone: 42 s)
            results += run_codesmell("metrics halstead", ["metrics", "--halstead", "--format", "json"], workdir,
                                     args.jobs)
        if not args.quick:
            results += run_codesmell("graph", ["graph", "--format", "json"], workdir, args.jobs)
            results += run_codesmell(
                "report", ["report", "-o", "report.html"], workdir, args.jobs, output_file="report.html"
            )
        results += peers(workdir, args.quick)
        print("cross-checking with radon and ast ...", flush=True)
        cross = crosscheck(workdir, metrics_json)
        print_table(results)
        print()
        print(
            f"radon cyclomatic agreement: {cross['radon_agreement_pct']} % of {cross['radon_rated_functions']} "
            f"functions ({cross['radon_functions_missing_in_codesmell']} rated by radon but not reported)"
        )
        for example in cross["radon_disagreement_examples"][:5]:
            print(f"  {example}")
        print(
            f"ast def lines: {cross['ast_files'] - cross['ast_files_mismatched']} of {cross['ast_files']} files "
            f"match exactly ({cross['ast_functions']} functions)"
        )
        for example in cross["ast_mismatch_examples"][:5]:
            print(f"  {example}")
        print()
        checks = targets(results)
        for label, ok, detail in checks:
            mark = "n/a " if ok is None else ("PASS" if ok else "FAIL")
            print(f"  [{mark}] {label}: {detail}")
        out = (
            Path(args.json)
            if args.json
            else (BENCH_DIR / "results" / f"{started:%Y-%m-%d}{'-quick' if args.quick else ''}.json")
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "date": started.isoformat(timespec="seconds"),
                    "machine": _machine(),
                    "versions": _versions(),
                    "corpus": {"root": str(stdlib_root()), "files": len(files), "lines": lines},
                    "jobs": args.jobs,
                    "quick": args.quick,
                    "load_average_after": os.getloadavg(),
                    "results": [asdict(m) for m in results],
                    "crosscheck": cross,
                    "targets": [
                        {"target": label, "ok": ok, "detail": detail} for label, ok, detail in checks
                    ],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"\nresults written to {out}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
