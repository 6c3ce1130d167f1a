"""Do the module communities match the code's own subsystems? Django, SQLAlchemy and sympy.

```
python bench/communities.py fetch                  # sdists at pinned versions, sha256 checked, unpacked
python bench/communities.py run --before main      # figures with this code and with main's, same run
python bench/communities.py run --write            # ... and rewrite the figures in bench/results/communities.md
python bench/communities.py measure django         # one project, this code, JSON on stdout
```

Sources: the sdists below (from PyPI via `pip download --no-deps --no-binary :all:`), cached
in /work/cache/pypi, checked against the sha256 recorded here, unpacked under /work/cache/src.
Each project's package directory is analysed with codesmell's public API (`analyze_paths`
then `module_graph`, default options), `tests` directories left out (only sympy has them inside
its package). Nothing is imported or executed.

Figures per project: modules, modules without code (attached by rule, see README), communities,
singletons, modularity, adjusted mutual information (AMI, `bench/ami.py`) between the
communities and three reference labelings — the package each file lives in (all modules, and
the modules with code only: the code-less ones are placed by the attachment rule, not by
evidence), and the subsystem (the first three parts of the package name: `django.contrib.admin`,
`sqlalchemy.dialects.postgresql`, `sympy.physics.quantum`) — the communities' dominant package
and its share, and the misplaced modules with a seeded sample of 20 for reading.

`--before REV` runs the same measurement with the code of commit REV (exported with
`git archive`, first on PYTHONPATH), so before and after come from one run on one machine state.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from ami import ami_of  # noqa: E402  (bench/ is not a package)
from corpus import sha256_of  # noqa: E402

PYPI_CACHE = Path(os.environ.get("CODESMELL_PYPI_CACHE", "/work/cache/pypi"))
SRC_CACHE = Path(os.environ.get("CODESMELL_SRC_CACHE", "/work/cache/src"))
RESULT_CACHE = Path(os.environ.get("CODESMELL_BENCH_CACHE", "/work/cache/bench-communities"))
RESULTS = BENCH_DIR / "results" / "communities.md"
SAMPLE_SEED = 14  # issue 14
SAMPLE_SIZE = 20

# name: (requirement, sdist file, sha256, unpacked directory, package directory inside it)
PROJECTS: dict[str, tuple[str, str, str, str, str]] = {
    "django": (
        "Django==5.1.4",
        "Django-5.1.4.tar.gz",
        "de450c09e91879fa5a307f696e57c851955c910a438a35e6b4c895e86bedc82a",
        "Django-5.1.4",
        "django",
    ),
    "sqlalchemy": (
        "SQLAlchemy==2.0.36",
        "sqlalchemy-2.0.36.tar.gz",
        "7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5",
        "sqlalchemy-2.0.36",
        "lib/sqlalchemy",
    ),
    "sympy": (
        "sympy==1.13.3",
        "sympy-1.13.3.tar.gz",
        "b27fd2c6530e0ab39e275fc9b683895367e51d5da91baa8d3d64db2565fec4d9",
        "sympy-1.13.3",
        "sympy",
    ),
}


def fetch(name: str) -> Path:
    """The project's package directory, downloading and unpacking the pinned sdist if needed."""
    requirement, sdist, expected, unpacked, package = PROJECTS[name]
    archive = PYPI_CACHE / sdist
    if not archive.exists():
        PYPI_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", requirement,
             "-d", str(PYPI_CACHE)],
            check=True,
        )  # fmt: skip
    actual = sha256_of(archive)
    if actual != expected:
        raise SystemExit(f"{archive}: sha256 {actual}, expected {expected}")
    root = SRC_CACHE / unpacked
    if not root.exists():
        SRC_CACHE.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(SRC_CACHE, filter="data")
    return root / package


def subsystem(package: str) -> str:
    return ".".join(package.split(".")[:3])


def is_codeless(facts: Any) -> bool:
    """The README's definition: no import, no def/class, no call (kept here so old code can be measured)."""
    return not facts.imports and not facts.scopes and not facts.calls and not facts.dynamic_calls


# Options compared by `run --ablation` (this code only; main's GraphOptions lacks the last two).
ABLATION: tuple[dict[str, float], ...] = (
    {"hub_weighting": 0.0, "attach_weight": 0.0},
    {"hub_weighting": 0.0, "attach_weight": 1.0},
    {"hub_weighting": 1.0, "attach_weight": 0.0},
    {"hub_weighting": 0.5, "attach_weight": 1.0},
    {"hub_weighting": 1.0, "attach_weight": 1.0},
    {"hub_weighting": 2.0, "attach_weight": 1.0},
    {"hub_weighting": 1.0, "attach_weight": 1.0, "resolution": 2.0},
)


def measure(
    name: str, jobs: int, cache_label: str | None, variants: list[dict[str, float]] | None = None
) -> dict[str, Any]:
    """Figures for one project with the codesmell on sys.path (public API only).

    With `variants`, the figures for each set of `GraphOptions` keywords are under
    "variants" as well (one analysis, several clusterings).
    """
    from codesmell import analyze_paths
    from codesmell.config import Config

    source = fetch(name)
    cache_root = RESULT_CACHE / cache_label / name if cache_label else Path(tempfile.gettempdir())
    cache_root.mkdir(parents=True, exist_ok=True)
    config = Config(extend_exclude=("tests",), root=str(cache_root))
    results = analyze_paths(
        [source], config=config, jobs=jobs, cache=cache_label is not None, with_graph=True
    )
    figures = graph_figures(name, results, None)
    if variants:
        figures["variants"] = [{"options": v, **graph_figures(name, results, v)} for v in variants]
    return figures


def graph_figures(name: str, results: list[Any], options: dict[str, float] | None) -> dict[str, Any]:
    from codesmell import module_graph

    if options is None:
        graph = module_graph(results)
    else:
        from codesmell.graph.model import GraphOptions

        graph = module_graph(results, GraphOptions(**options))  # type: ignore[arg-type]
    facts = {result.module: result.graph for result in results if result.graph is not None}
    nodes = [node for node in graph.modules if not node.external]
    community = {node.name: node.community for node in nodes}
    package = {node.name: node.package for node in nodes}
    code = sorted(m for m in community if m in facts and not is_codeless(facts[m]))
    sizes = [len(c.modules) for c in graph.communities]
    described: list[dict[str, Any]] = []
    for c in graph.communities:
        by_subsystem = Counter(subsystem(package[m]) for m in c.modules if m in package)
        top_subsystem, top_count = min(by_subsystem.items(), key=lambda item: (-item[1], item[0]))
        described.append(
            {
                "id": c.id,
                "size": len(c.modules),
                "named": c.dominant_package,
                "share": c.dominant_share,
                "name": getattr(c, "name", ""),
                "subsystem": top_subsystem,
                "subsystem_share": top_count / len(c.modules),
            }
        )
    misplaced: list[dict[str, Any]] = [
        {
            "module": item.module,
            "package": item.package,
            "community": item.community,
            "dominant_package": item.dominant_package,
            "share": item.share,
            "reason": getattr(item, "reason", ""),
            "score": getattr(item, "score", 0.0),
        }
        for item in graph.misplaced
    ]
    # The verdicts come surest first (`Misplaced.score`); older code sorts them by name, so sample.
    ranked = any(item["score"] for item in misplaced)
    sample = (
        misplaced[:SAMPLE_SIZE]
        if ranked
        else sorted(
            random.Random(SAMPLE_SEED).sample(misplaced, min(SAMPLE_SIZE, len(misplaced))),
            key=lambda item: item["module"],
        )
    )
    for item in sample:
        item["imports"] = sorted(
            {e.target for e in graph.edges if e.source == item["module"] and e.kind == "import"}
        )
        item["imported_by"] = sorted(
            {e.source for e in graph.edges if e.target == item["module"] and e.kind == "import"}
        )
        item["community_of"] = {
            m: community[m] for m in item["imports"] + item["imported_by"] if m in community
        }
    return {
        "project": name,
        "requirement": PROJECTS[name][0],
        "sha256": PROJECTS[name][2],
        "modules": len(nodes),
        "codeless": len(nodes) - len(code),
        "communities": len(graph.communities),
        "singletons": sum(1 for size in sizes if size == 1),
        "largest": max(sizes, default=0),
        "modularity": graph.modularity,
        "ami_package": ami_of(community, package),
        "ami_package_code": ami_of({m: community[m] for m in code}, {m: package[m] for m in code}),
        "ami_subsystem": ami_of(community, {m: subsystem(p) for m, p in package.items()}),
        "owned": sum(1 for c in described if c["size"] >= 3 and c["share"] > 0.5),
        "sized": sum(1 for c in described if c["size"] >= 3),
        "community_list": described,
        "misplaced": misplaced,
        "sample": sample,
    }


def export_code(rev: str, destination: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", rev, "codesmell"], cwd=BENCH_DIR.parent, check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    return destination


def measure_in_subprocess(
    name: str, jobs: int, rev: str | None, cache: bool, workdir: Path, ablation: bool = False
) -> dict[str, Any]:
    env = dict(os.environ)
    label = None
    if rev is not None:
        code = workdir / rev.replace("/", "_")
        if not code.exists():
            code.mkdir(parents=True)
            export_code(rev, code)
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        label = f"before-{rev}"
    else:
        label = "current"
    command = [sys.executable, str(Path(__file__).resolve()), "measure", name, "--jobs", str(jobs)]
    if cache:
        command += ["--cache-label", label]
    if ablation:
        command.append("--ablation")
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def summary_table(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "| project | code | modules | code-less | communities | singletons | largest | modularity "
        "| AMI package | AMI package (code only) | AMI subsystem | communities >50 % one package | misplaced |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, f in rows:
        lines.append(
            f"| {f['project']} | {label} | {f['modules']} | {f['codeless']} | {f['communities']} "
            f"| {f['singletons']} | {f['largest']} | {f['modularity']:.3f} | {f['ami_package']:.3f} "
            f"| {f['ami_package_code']:.3f} | {f['ami_subsystem']:.3f} | {f['owned']} of {f['sized']} "
            f"| {len(f['misplaced'])} |"
        )
    return lines


def community_table(figures: dict[str, Any], min_size: int = 3) -> list[str]:
    """Every community of at least `min_size` modules: what it is named after and that package's share."""
    lines = [
        "| id | modules | named after (dominant package) | its share | largest subsystem | its share | name |",
        "|---:|---:|---|---:|---|---:|---|",
    ]
    shown = [c for c in figures["community_list"] if c["size"] >= min_size]
    for c in shown:
        lines.append(
            f"| {c['id']} | {c['size']} | `{c['named']}` | {c['share']:.0%} | `{c['subsystem']}` "
            f"| {c['subsystem_share']:.0%} | {c.get('name', '')} |"
        )
    rest = len(figures["community_list"]) - len(shown)
    if rest:
        lines += ["", f"({rest} communities of fewer than {min_size} modules not shown.)"]
    return lines


def ablation_table(after: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| project | options | communities | singletons | modularity | AMI package | AMI package (code only) "
        "| AMI subsystem | communities >50 % one package | misplaced |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for figures in after:
        for v in figures.get("variants", []):
            options = ", ".join(f"{k.replace('_', '-')} {value:g}" for k, value in v["options"].items())
            lines.append(
                f"| {figures['project']} | {options} | {v['communities']} | {v['singletons']} "
                f"| {v['modularity']:.3f} | {v['ami_package']:.3f} | {v['ami_package_code']:.3f} "
                f"| {v['ami_subsystem']:.3f} | {v['owned']} of {v['sized']} | {len(v['misplaced'])} |"
            )
    return lines


def sample_lines(figures: dict[str, Any]) -> list[str]:
    lines = []
    for item in figures["sample"]:
        imports = ", ".join(f"{m} [{item['community_of'].get(m)}]" for m in item["imports"]) or "-"
        users = ", ".join(f"{m} [{item['community_of'].get(m)}]" for m in item["imported_by"]) or "-"
        lines.append(
            f"- `{item['module']}` (package `{item['package']}`) -> community {item['community']} "
            f"(`{item['dominant_package']}`, {item['share']:.0%}), score {item.get('score', 0):.3f}: "
            f"{item.get('reason', '')}; imports: {imports}; imported by: {users}"
        )
    return lines


def render(before: list[tuple[str, dict[str, Any]]], after: list[dict[str, Any]]) -> str:
    rows: list[tuple[str, dict[str, Any]]] = []
    for figures in after:
        rows.extend((label, b) for label, b in before if b["project"] == figures["project"])
        rows.append(("this branch", figures))
    out = ["<!-- figures: written by `python bench/communities.py run --before main --write` -->", ""]
    out += summary_table(rows)
    for figures in after:
        out += ["", f"#### {figures['requirement']}: communities of 3 modules or more (this branch)", ""]
        out += community_table(figures)
        for label, b in before:
            if b["project"] == figures["project"]:
                out += ["", f"#### {figures['requirement']}: communities of 3 modules or more ({label})", ""]
                out += community_table(b)
    if any("variants" in figures for figures in after):
        out += ["", "#### The two adjustments one at a time, and other strengths (this branch)", ""]
        out += ablation_table(after)
    for label, b in before:
        if "variants" in b:
            out += ["", f"#### The same ablation with {label}'s code ({b['project']})", ""]
            out += ablation_table([b])
    out += ["", "<!-- /figures -->"]
    return "\n".join(out) + "\n"


def write_results(text: str) -> None:
    """Replace the figures block of the results file, keeping the hand-written verdicts around it."""
    start, end = "<!-- figures", "<!-- /figures -->"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if start in old and end in old:
        head = old[: old.index(start)]
        tail = old[old.index(end) + len(end) :].lstrip("\n")
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old + ("\n" if old else "") + text
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="download (if needed), check and unpack the pinned sdists")
    one = commands.add_parser("measure", help="one project with this code, JSON on stdout")
    one.add_argument("project", choices=sorted(PROJECTS))
    one.add_argument("--jobs", type=int, default=2)
    one.add_argument("--cache-label", default=None, help=f"reuse results cached under {RESULT_CACHE}/LABEL")
    one.add_argument("--ablation", action="store_true", help="also cluster with every option set of ABLATION")
    run = commands.add_parser("run", help="every project, printed as tables")
    run.add_argument("--projects", default=",".join(PROJECTS))
    run.add_argument("--before", metavar="REV", help="also measure with the code of commit REV")
    run.add_argument("--jobs", type=int, default=2)
    run.add_argument("--no-cache", action="store_true", help="analyse every file again")
    run.add_argument(
        "--write", action="store_true", help=f"rewrite the figures in {RESULTS.relative_to(BENCH_DIR.parent)}"
    )
    run.add_argument("--json", type=Path, help="also save every figure as JSON here")
    run.add_argument("--samples", action="store_true", help="print the misplaced modules sampled for reading")
    run.add_argument("--ablation", action="store_true", help="also each adjustment alone and other strengths")
    run.add_argument(
        "--before-json", type=Path, metavar="PATH",
        help="take the 'before' figures from a --json file of an earlier run (its 'after'), labelled by --before",
    )  # fmt: skip
    args = parser.parse_args(argv)

    if args.command == "fetch":
        for name in PROJECTS:
            print(name, fetch(name))
        return 0
    if args.command == "measure":
        variants = list(ABLATION) if args.ablation else None
        print(json.dumps(measure(args.project, args.jobs, args.cache_label, variants)))
        return 0

    names = args.projects.split(",")
    with tempfile.TemporaryDirectory(prefix="codesmell-communities-") as work:
        after = [
            measure_in_subprocess(n, args.jobs, None, not args.no_cache, Path(work), args.ablation)
            for n in names
        ]
        if args.before_json:
            saved = json.loads(args.before_json.read_text(encoding="utf-8"))["after"]
            before = [(args.before or "before", f) for f in saved if f["project"] in names]
        elif args.before:
            before = [(f"{args.before}", measure_in_subprocess(n, args.jobs, args.before, not args.no_cache, Path(work)))
                      for n in names]  # fmt: skip
        else:
            before = []
    text = render(before, after)
    print(text)
    if args.samples:
        for figures in after:
            print(
                f"\n{figures['project']}: {len(figures['misplaced'])} misplaced, sample of {len(figures['sample'])}"
            )
            print("\n".join(sample_lines(figures)))
    if args.json:
        args.json.write_text(
            json.dumps({"after": after, "before": [b for _, b in before]}, indent=1), encoding="utf-8"
        )
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
