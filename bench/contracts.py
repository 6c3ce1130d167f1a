"""Generated contracts on a real project: flask 3.1.0's sources, run by lint-imports and tach.

    python bench/contracts.py [--sdist PATH]   # default: /work/cache/pypi/flask-3.1.0.tar.gz,
                                              # else `pip download` into a temporary directory

Writes bench/results/contracts.md: whether both tools pass on the generated files, and
whether they fail once an import pointing up the layers is added.
"""

from __future__ import annotations

import argparse
import configparser
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SDIST = Path("/work/cache/pypi/flask-3.1.0.tar.gz")
BIN = Path(sys.executable).parent


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env})


def _sdist(given: str | None, work: Path) -> Path:
    if given:
        return Path(given)
    if SDIST.exists():
        return SDIST
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "flask==3.1.0",
          "-d", str(work)], work)
    return next(work.glob("flask-3.1.0.tar.gz"))


def _check(root: Path) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    lint = _run([str(BIN / "lint-imports"), ".importlinter", "--no-cache", "--no-logo"], root, PYTHONPATH="src")
    tach = _run([str(BIN / "tach"), "check"], root)
    return lint, tach


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdist")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(_sdist(args.sdist, work)) as archive:
            archive.extractall(work, filter="data")
        root = work / "flask-3.1.0"
        for fmt, name in (("importlinter", ".importlinter"), ("tach", "tach.toml")):
            done = _run([sys.executable, "-m", "codesmell", "graph", "src", "--no-cache", "--format", fmt,
                         "-o", name], root)
            done.check_returncode()
        config = configparser.ConfigParser()
        config.read(root / ".importlinter")
        contracts = [s for s in config.sections() if s.startswith("importlinter:contract:")]
        ignored = sum(len(config[s].get("ignore_imports", "").split("\n")) - 1 for s in contracts
                      if config[s].get("ignore_imports"))
        tach_modules = (root / "tach.toml").read_text().count("[[modules]]")
        before = _check(root)
        layers = config["importlinter:contract:layers-level-1"]["layers"].strip().splitlines()
        top, bottom = layers[0].split(" : ")[0].strip(), layers[-1].split(" : ")[-1].strip()
        target = root / "src" / (bottom.replace(".", "/") + ".py")
        target.write_text(target.read_text() + f"\nimport {top}\n")
        after = _check(root)
    lines = [
        "# Generated contracts on flask 3.1.0 (`python bench/contracts.py`)",
        "",
        f"`codesmell graph src --format importlinter`: {len(contracts)} contracts "
        f"({', '.join(s.split(':')[-1] for s in contracts)}), {ignored} imports ignored in all; "
        f"`--format tach`: {tach_modules} tach modules.",
        "",
        "| check | as generated | after adding `import " + top + "` to `" + bottom + "` (bottom layer) |",
        "|---|---|---|",
        f"| `lint-imports` | exit {before[0].returncode} | exit {after[0].returncode} |",
        f"| `tach check` | exit {before[1].returncode} | exit {after[1].returncode} |",
        "",
        "lint-imports as generated:",
        "",
        "```",
        *[line for line in before[0].stdout.splitlines() if "KEPT" in line or "BROKEN" in line or "Contracts:" in line],
        "```",
        "",
        "after the added import:",
        "",
        "```",
        *[line for line in after[0].stdout.splitlines() if "BROKEN" in line or " -> " in line][:6],
        *[line for line in (after[1].stdout + after[1].stderr).splitlines() if "[FAIL]" in line][:3],
        "```",
        "",
    ]
    out = HERE / "results" / "contracts.md"
    out.write_text("\n".join(lines))
    print(out.read_text())
    return 0 if before[0].returncode == before[1].returncode == 0 and after[0].returncode and after[1].returncode else 1


if __name__ == "__main__":
    sys.exit(main())
