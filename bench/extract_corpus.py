"""Extract the top candidate of every flagged function of the standard library, in a tmp copy.

For each file of the benchmark corpus (bench/corpus.py): analyse it like the
engine does, and for every function with Extract Method suggestions apply the
best one to the original text (each extraction on its own, so line numbers
stay those of the analysis), write the result into a tmp copy of the file and
check that it re-parses with LibCST and `compile()`s, and that the parent's
SLOC went down. Prints the counts (and the failures) and exits 1 if any
extraction produced code that does not parse or compile.

    python bench/extract_corpus.py [--jobs N] [--limit FILES] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import stdlib_files, stdlib_root
from codesmell.extract.candidates import NotExtractable
from codesmell.extract.transform import ParsedFile, extract_parsed
from codesmell.run.analyze import analyze_source


@dataclass
class Tally:
    files: int = 0
    flagged: int = 0  # functions above the SLOC floor
    with_candidate: int = 0
    extracted: int = 0
    reparsed: int = 0
    compiled: int = 0
    sloc_dropped: int = 0
    renamed: int = 0  # the suggested name clashed with an identifier elsewhere in the file
    refused: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "files",
            "flagged",
            "with_candidate",
            "extracted",
            "reparsed",
            "compiled",
            "sloc_dropped",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refused.update(other.refused)
        self.failures.extend(other.failures)


def _reason(message: str) -> str:
    """A refusal message without its names and lines, for counting."""
    return message.split("'")[0].split("(")[0].strip()


def run_file(task: tuple[Path, Path, Path]) -> Tally:
    source, root, copy_root = task
    tally = Tally(files=1)
    data = source.read_bytes()
    relative = source.relative_to(root)
    result = analyze_source(data, str(relative), with_graph=False)
    if result.errors:
        return tally
    text = data.decode("utf-8") if not data.startswith(b"\xef\xbb\xbf") else data[3:].decode("utf-8")
    text = text.replace("\r\n", "\n")
    from codesmell.extract import SLOC_FLOOR

    flagged = [f for f in result.functions if f.sloc > SLOC_FLOOR]
    tally.flagged = len(flagged)
    parsed: ParsedFile | None = None
    target = copy_root / relative
    for function in flagged:
        if not function.suggestions:
            continue
        tally.with_candidate += 1
        top = function.suggestions[0]
        where = f"{relative}:{top.start_line}-{top.end_line} ({function.qualname})"
        try:
            parsed = parsed or ParsedFile(text)
            try:
                done = extract_parsed(
                    parsed, top.start_line, top.end_line, top.name, str(target), verify=False
                )
            except NotExtractable as exc:
                if "already used" not in str(exc):
                    raise
                # as `codesmell extract FILE:A-B` without --name: a fresh name from the same base
                done = extract_parsed(parsed, top.start_line, top.end_line, None, str(target), verify=False)
                tally.renamed += 1
        except NotExtractable as exc:
            tally.refused[_reason(str(exc))] += 1
            tally.failures.append(f"refused {where}: {exc}")
            continue
        except Exception as exc:  # a crash of ours counts, with its reason
            tally.refused[f"crash: {type(exc).__name__}"] += 1
            tally.failures.append(f"crash {where}: {type(exc).__name__}: {exc}")
            continue
        tally.extracted += 1
        target.write_text(done.source, encoding="utf-8")
        try:
            cst.parse_module(done.source)
            tally.reparsed += 1
        except Exception as exc:
            tally.failures.append(f"does not re-parse {where}: {exc}")
            continue
        try:
            compile(done.source, str(target), "exec", dont_inherit=True)
            tally.compiled += 1
        except (SyntaxError, ValueError) as exc:
            tally.failures.append(f"does not compile {where}: {exc}")
            continue
        after = analyze_source(done.source.encode("utf-8"), str(relative), with_graph=False)
        parent = next((f for f in after.functions if f.line == function.line), None)
        if parent is not None and parent.sloc < function.sloc:
            tally.sloc_dropped += 1
        else:
            tally.failures.append(f"SLOC did not drop {where}")
    target.write_bytes(data)  # leave the copy as it was, for the next run
    return tally


BEHAVIOUR_MODULES = (
    "textwrap",
    "argparse",
    "difflib",
    "shlex",
    "calendar",
    "fractions",
    "statistics",
    "configparser",
    "ipaddress",
    "csv",
    "gettext",
    "smtplib",
    "base64",
    "quopri",
)


def _stdlib_tests(module: str, path_dir: Path) -> subprocess.CompletedProcess[str]:
    """`python -m unittest test.test_MODULE` with `path_dir` (holding MODULE.py) first on the path."""
    env = dict(os.environ, PYTHONPATH=str(path_dir), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "unittest", "-q", f"test.test_{module}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        cwd=path_dir,
    )


def behaviour_module(module: str) -> tuple[str, int, int, list[str]]:
    """Apply each top suggestion of `module` alone and run its stdlib tests: (module, applied, passed, failures)."""
    source = stdlib_root() / f"{module}.py"
    data = source.read_bytes()
    text = data.decode("utf-8")
    result = analyze_source(data, source.name, with_graph=False)
    parsed = ParsedFile(text)
    applied = passed = 0
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix=f"codesmell-{module}-") as tmp:
        target = Path(tmp) / source.name
        baseline = _stdlib_tests(module, Path(tmp))  # the unmodified module is found in the stdlib
        if baseline.returncode != 0:
            return module, 0, 0, [f"{module}: tests fail before any extraction"]
        for function in result.functions:
            if not function.suggestions:
                continue
            top = function.suggestions[0]
            try:
                done = extract_parsed(parsed, top.start_line, top.end_line, None, str(target))
            except NotExtractable as exc:
                failures.append(f"{module}:{top.start_line}-{top.end_line} refused: {exc}")
                continue
            applied += 1
            target.write_text(done.source, encoding="utf-8")
            run = _stdlib_tests(module, Path(tmp))
            if run.returncode == 0:
                passed += 1
            else:
                tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
                failures.append(
                    f"{module}:{top.start_line}-{top.end_line} ({function.qualname}) tests fail: {tail}"
                )
    return module, applied, passed, failures


def behaviour(modules: list[str], jobs: int) -> int:
    """Run every module's own stdlib tests after each single extraction."""
    started = time.perf_counter()
    applied = passed = 0
    with ProcessPoolExecutor(jobs) as pool:
        for module, a, p, failures in pool.map(behaviour_module, modules):
            applied += a
            passed += p
            print(f"{module:14s} extractions {a:3d}  tests still pass {p:3d}")
            for line in failures:
                print("  " + line)
    print(
        f"behaviour: {passed}/{applied} extractions keep the module's stdlib tests passing"
        f" ({time.perf_counter() - started:.0f}s)"
    )
    return 0 if passed == applied else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--keep", metavar="DIR", help="copy the corpus here and keep it")
    parser.add_argument("--show", type=int, default=20, help="failures to print")
    parser.add_argument(
        "--behaviour",
        nargs="*",
        metavar="MODULE",
        help="instead: apply each top suggestion of these pure-Python stdlib modules"
        " and run their own tests (default list when none given)",
    )
    args = parser.parse_args(argv)
    if args.behaviour is not None:
        return behaviour(args.behaviour or list(BEHAVIOUR_MODULES), args.jobs)
    root = stdlib_root()
    files = stdlib_files(root)
    if args.limit:
        files = files[: args.limit]
    copy_root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="codesmell-extract-"))
    for file in files:
        destination = copy_root / file.relative_to(root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, destination)
    started = time.perf_counter()
    total = Tally()
    tasks = [(file, root, copy_root) for file in files]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for tally in pool.map(run_file, tasks, chunksize=4):
                total.add(tally)
    else:
        for task in tasks:
            total.add(run_file(task))
    elapsed = time.perf_counter() - started
    print(f"corpus: {root} ({total.files} files), copy in {copy_root}")
    print(f"flagged functions (SLOC > floor): {total.flagged}")
    print(f"with a suggestion:                {total.with_candidate}")
    print(f"extracted (top suggestion):       {total.extracted}")
    print(f"re-parse with LibCST:             {total.reparsed}")
    print(f"compile():                        {total.compiled}")
    print(f"parent SLOC dropped:              {total.sloc_dropped}")
    print(f"suggested name taken, renamed:    {total.renamed}")
    for reason, count in total.refused.most_common():
        print(f"refused by extract: {count:5d}  {reason}")
    print(f"time: {elapsed:.1f}s")
    for line in total.failures[: args.show]:
        print("  " + line)
    if not args.keep:
        shutil.rmtree(copy_root, ignore_errors=True)
    return 1 if total.reparsed != total.extracted or total.compiled != total.extracted else 0


if __name__ == "__main__":
    sys.exit(main())
