"""The 3-million-line corpus (issue 18): the standard library plus large real projects.

    python bench/monorepo.py --dest /work/cache/monorepo

Fetches each project at a pinned version with pip (`pip download --no-deps`, with
`--require-hashes` so pip refuses an artifact whose sha256 differs from the one
recorded here; pip itself checks the download against the index), unpacks it,
and mirrors its `.py` files as a tree of symlinks, one top-level directory per
project (`<dest>/django/django/db/...`, `<dest>/stdlib/json/...`). codesmell names
modules after the real paths the links point to, so module names stay right.

Sdists are used where pip can fetch them without building anything beyond
setuptools metadata; projects whose sdist needs a compiler or meson (pandas,
scipy, matplotlib) come as the CPython 3.11 manylinux wheel, whose `.py` files
(tests included) are the project's Python sources.

Idempotent: cached archives are checked against their hash instead of fetched
again, unpacked trees are reused, and a tree whose READY matches what would be
built is left alone. The tree is built beside `dest` and renamed into place with
READY already in it, so a reader who sees READY sees the whole tree.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import sha256_of, stdlib_files, stdlib_root

TARGET_LINES = 3_000_000
WHEEL_TAGS = ("--python-version", "3.11", "--platform", "manylinux2014_x86_64", "--implementation", "cp")


@dataclass(frozen=True)
class Project:
    directory: str  # top-level directory in the tree
    requirement: str  # NAME==VERSION
    filename: str  # the artifact pip downloads
    sha256: str
    wheel: bool

    @property
    def unpacked_name(self) -> str:
        """Where the artifact is unpacked under the source cache: the sdist's own top directory."""
        if self.wheel:
            return self.requirement.replace("==", "-")
        return self.filename.removesuffix(".tar.gz")


PROJECTS = (
    Project(
        "django",
        "Django==5.1.4",
        "Django-5.1.4.tar.gz",
        "de450c09e91879fa5a307f696e57c851955c910a438a35e6b4c895e86bedc82a",
        wheel=False,
    ),
    Project(
        "sqlalchemy",
        "sqlalchemy==2.0.36",
        "sqlalchemy-2.0.36.tar.gz",
        "7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5",
        wheel=False,
    ),
    Project(
        "sympy",
        "sympy==1.13.3",
        "sympy-1.13.3.tar.gz",
        "b27fd2c6530e0ab39e275fc9b683895367e51d5da91baa8d3d64db2565fec4d9",
        wheel=False,
    ),
    Project(
        "pandas",
        "pandas==2.2.3",
        "pandas-2.2.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "c124333816c3a9b03fbeef3a9f230ba9a737e9e5bb4060aa2107a86cc0a497fc",
        wheel=True,
    ),
    Project(
        "scipy",
        "scipy==1.14.1",
        "scipy-1.14.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "fef8c87f8abfb884dac04e97824b61299880c43f4ce675dd2cbeadd3c9b466d2",
        wheel=True,
    ),
    Project(
        "matplotlib",
        "matplotlib==3.9.2",
        "matplotlib-3.9.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "8912ef7c2362f7193b5819d17dae8629b34a95c58603d781329712ada83f9447",
        wheel=True,
    ),
)


def fetch(project: Project, cache: Path) -> Path:
    """The verified artifact in `cache`, downloaded by pip if it is not there yet."""
    artifact = cache / project.filename
    if artifact.exists():
        found = sha256_of(artifact)
        if found != project.sha256:
            raise SystemExit(f"{artifact}: sha256 {found}, expected {project.sha256}: refusing it")
        return artifact
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".download-") as tmp:
        requirements = Path(tmp, "requirements.txt")
        requirements.write_text(f"{project.requirement} --hash=sha256:{project.sha256}\n")
        kind = ["--only-binary", ":all:", *WHEEL_TAGS] if project.wheel else ["--no-binary", ":all:"]
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes"]
        command += [*kind, "-r", str(requirements), "-d", tmp]
        subprocess.run(command, check=True)
        downloaded = Path(tmp, project.filename)
        if not downloaded.exists() or sha256_of(downloaded) != project.sha256:
            raise SystemExit(f"pip did not produce {project.filename} with sha256 {project.sha256}")
        os.replace(downloaded, artifact)
    return artifact


def py_members(artifact: Path, wheel: bool) -> list[str]:
    """The `.py` paths inside the artifact, relative to its unpacked root, sorted."""
    if wheel:
        with zipfile.ZipFile(artifact) as archive:
            names = [name for name in archive.namelist() if name.endswith(".py")]
    else:
        with tarfile.open(artifact) as archive:
            names = [
                m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile() and m.name.endswith(".py")
            ]
    return sorted(names)


def unpack(project: Project, artifact: Path, src: Path) -> Path:
    """The unpacked tree under `src`, reused when it is already there."""
    root = src / project.unpacked_name
    if root.is_dir():
        return root
    src.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=src, prefix=".unpack-") as tmp:
        if project.wheel:
            with zipfile.ZipFile(artifact) as archive:
                archive.extractall(Path(tmp, project.unpacked_name))
        else:
            with tarfile.open(artifact) as archive:
                archive.extractall(tmp, filter="data")
        os.replace(Path(tmp, project.unpacked_name), root)
    return root


def physical_lines(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def project_files(project: Project, cache: Path, src: Path) -> list[tuple[str, Path]]:
    """(path in the tree, real file) for every `.py` of the project."""
    artifact = fetch(project, cache)
    root = unpack(project, artifact, src)
    files = []
    for member in py_members(artifact, project.wheel):
        real = root / member
        if not real.is_file():
            raise SystemExit(f"{real}: in {artifact.name} but missing from the unpacked tree; delete {root}")
        files.append((f"{project.directory}/{member}", real))
    return files


def stdlib_entries() -> list[tuple[str, Path]]:
    root = stdlib_root()
    return [(f"stdlib/{file.relative_to(root).as_posix()}", file) for file in stdlib_files(root)]


def manifest(entries: dict[str, list[tuple[str, Path]]]) -> dict[str, object]:
    projects: dict[str, dict[str, int | str]] = {}  # name -> files, lines, version
    for name, files in entries.items():
        projects[name] = {"files": len(files), "lines": sum(physical_lines(real) for _, real in files)}
    total_files = sum(int(p["files"]) for p in projects.values())
    total_lines = sum(int(p["lines"]) for p in projects.values())
    versions = {p.directory: p.requirement for p in PROJECTS}
    versions["stdlib"] = f"CPython {sys.version.split()[0]}"
    for name, info in projects.items():
        info["version"] = versions[name]
    return {"projects": projects, "total": {"files": total_files, "lines": total_lines}}


def build(dest: Path, entries: dict[str, list[tuple[str, Path]]], ready_text: str) -> None:
    """Symlinks for every file, READY last, then the whole tree renamed into `dest`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}-new-"))
    for files in entries.values():
        for relative, real in files:
            link = staging / relative
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(real)
    ready_tmp = staging / ".READY.tmp"
    ready_tmp.write_text(ready_text)
    os.replace(ready_tmp, staging / "READY")
    staging.chmod(0o755)
    if dest.exists():
        old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}-old-"))
        os.replace(dest, old / dest.name)
        os.replace(staging, dest)
        shutil.rmtree(old)
    else:
        os.replace(staging, dest)


def ready_text(info: dict[str, object]) -> str:
    """READY: a table for people, then the same as one JSON line for scripts."""
    projects = info["projects"]
    total = info["total"]
    assert isinstance(projects, dict) and isinstance(total, dict)
    lines = [f"{'project':<12} {'version':<22} {'files':>7} {'lines':>10}"]
    for name, p in projects.items():
        lines.append(f"{name:<12} {p['version']:<22} {p['files']:>7} {p['lines']:>10,}")
    lines.append(f"{'total':<12} {'':<22} {total['files']:>7} {total['lines']:>10,}")
    lines.append("json: " + json.dumps(info, sort_keys=True))
    return "\n".join(lines) + "\n"


def read_ready(dest: Path) -> dict[str, object]:
    """The JSON line of `dest/READY` (for the benchmark and other scripts)."""
    for line in (dest / "READY").read_text().splitlines():
        if line.startswith("json: "):
            return dict(json.loads(line[len("json: ") :]))
    raise ValueError(f"{dest}/READY has no json line")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("/work/cache/monorepo"))
    parser.add_argument("--cache", type=Path, default=Path("/work/cache/pypi"), help="downloaded artifacts")
    parser.add_argument("--src", type=Path, default=Path("/work/cache/src"), help="unpacked artifacts")
    parser.add_argument("--force", action="store_true", help="rebuild the tree even if READY matches")
    args = parser.parse_args(argv)

    entries = {"stdlib": stdlib_entries()}
    for project in PROJECTS:
        entries[project.directory] = project_files(project, args.cache, args.src)
    info = manifest(entries)
    text = ready_text(info)
    sys.stdout.write(text.split("json: ")[0])
    total = info["total"]
    assert isinstance(total, dict)
    if total["lines"] < TARGET_LINES:
        raise SystemExit(f"only {total['lines']:,} lines, below {TARGET_LINES:,}: add a project")
    ready = args.dest / "READY"
    if not args.force and ready.exists() and ready.read_text() == text:
        print(f"{args.dest}: up to date")
        return 0
    build(args.dest, entries, text)
    print(f"{args.dest}: built, READY written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
