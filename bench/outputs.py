"""Record every command's output on a tree, or compare two recordings byte for byte.

A refactoring of the command glue must not change a byte of what the commands
print; this runs the real console entry point (`python -m codesmell`) with
`--no-cache` and saves stdout, stderr and the exit status of each run.

    python bench/outputs.py record OUT_DIR [--stdlib] [--fixtures]
    python bench/outputs.py compare BEFORE_DIR AFTER_DIR

Record before a change (outside the checkout), record after, compare.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# (name, arguments after the target path); report writes to a file named by {out}
RUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("metrics.json", ("metrics", "--format", "json")),
    ("metrics.csv", ("metrics", "--format", "csv")),
    ("metrics.txt", ("metrics", "--format", "text")),
    ("check.txt", ("check", "--format", "text", "--color", "never")),
    ("check.json", ("check", "--format", "json")),
    ("check.sarif", ("check", "--format", "sarif")),
    ("check.github", ("check", "--format", "github")),
    ("graph.json", ("graph", "--format", "json")),
    ("graph.dot", ("graph", "--format", "dot")),
    ("graph.graphml", ("graph", "--format", "graphml")),
    ("report.html", ("report",)),
)
STDLIB_RUNS = ("metrics.json", "check.json", "check.sarif", "graph.json", "graph.dot", "graph.graphml", "report.html")


def fixture_targets() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def run_one(target: Path, name: str, args: Sequence[str], out: Path) -> None:
    """Run one command on `target` from its parent, saving `<name>`, `<name>.stderr` and `<name>.status` under `out`.

    The target is named relative to its parent, so the outputs do not depend on where the checkout is.
    """
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "codesmell", *args, target.name, "--no-cache", "--jobs", "2", "--no-progress"]
    if args[0] == "report":
        command += ["-o", str(out / name)]
    done = subprocess.run(command, capture_output=True, cwd=target.parent, check=False)
    if args[0] != "report":
        (out / name).write_bytes(done.stdout)
    # the report's stderr names the output file, which differs between recordings
    (out / f"{name}.stderr").write_bytes(done.stderr.replace(str(out).encode(), b"<OUT>"))
    (out / f"{name}.status").write_text(f"{done.returncode}\n")


def record(out: Path, targets: Sequence[tuple[str, Path]], names: Sequence[str] | None = None) -> None:
    for label, target in targets:
        for name, args in RUNS:
            if names is None or name in names:
                run_one(target, name, args, out / label)


def differences(before: Path, after: Path) -> Iterator[str]:
    """Relative paths whose bytes differ or that exist on one side only."""
    left = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    right = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    for rel in sorted(left ^ right):
        yield f"only in {'before' if rel in left else 'after'}: {rel}"
    for rel in sorted(left & right):
        if (before / rel).read_bytes() != (after / rel).read_bytes():
            yield f"differs: {rel}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--stdlib", action="store_true")
    rec.add_argument("--fixtures", action="store_true")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.action == "record":
        if args.fixtures or not args.stdlib:
            record(args.out / "fixtures", [(p.name, p) for p in fixture_targets()])
        if args.stdlib:
            record(args.out / "stdlib", [("stdlib", Path(sysconfig.get_paths()["stdlib"]))], STDLIB_RUNS)
        return 0
    found = list(differences(args.before, args.after))
    for line in found:
        print(line)
    print(f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
