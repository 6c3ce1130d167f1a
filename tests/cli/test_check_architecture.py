"""The architecture drift gate (CSM3xx) through the real CLI, on a copy of `fixtures/planted_communities`.

The fixture's communities (README there): catalog, accounts, billing and
reporting; billing imports catalog, reporting imports billing and accounts;
catalog and accounts are independent. `accounts.user` <-> `accounts.permissions`
is its one import cycle.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

PKG = "src/shopfront"
ALL_GATES = """no-new-cycles = true
no-new-community-edges = true
no-moved-modules = true
max-community-edge-growth = 0.5
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "codesmell tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "codesmell tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def shop(tmp_path: Path, gate: str = ALL_GATES, baseline: bool = True) -> Path:
    """A copy of the fixture with a pyproject.toml holding `gate`."""
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "planted_communities", root)
    setting = 'baseline = "codesmell-baseline.json"\n' if baseline else ""
    (root / "pyproject.toml").write_text(f"[tool.codesmell]\n{setting}\n[tool.codesmell.gate]\n{gate}")
    return root


def check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("check", "--jobs", "1", "--no-cache", *args, "src", cwd=root)


def insert(root: Path, module: str, after: int, text: str) -> int:
    """Insert `text` as a line after line `after` of `module`'s file; the new line's number."""
    path = root / PKG / module
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(after, text + "\n")
    path.write_text("".join(lines))
    return after + 1


def codes(stdout: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in stdout.splitlines()]


def test_unchanged_tree_with_a_baseline_passes(tmp_path: Path) -> None:
    root = shop(tmp_path)
    done = check(root)  # no baseline recorded yet: the relative gates cannot run
    assert done.returncode == 2
    assert "records no communities or imports" in done.stderr
    assert check(root, "--update-baseline").returncode == 0
    recorded = json.loads((root / "codesmell-baseline.json").read_text())["project"]
    assert "shopfront.billing.invoice -> shopfront.catalog.pricing" in recorded["imports"]
    assert ["shopfront.accounts.permissions", "shopfront.accounts.user"] in recorded["cycles"]
    done = check(root)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_new_cycle_fails_at_the_import_that_closes_it(tmp_path: Path) -> None:
    root = shop(tmp_path)
    assert check(root, "--update-baseline").returncode == 0
    # search imports inventory; inventory importing search closes a new cycle
    line = insert(root, "catalog/inventory.py", 3, "from shopfront.catalog import search")
    done = check(root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{PKG}/catalog/inventory.py:{line}:1: CSM301 new import cycle shopfront.catalog.inventory -> "
        "shopfront.catalog.search -> shopfront.catalog.inventory: shopfront.catalog.inventory imports "
        "shopfront.catalog.search (against baseline)"
    ]
    assert "gate failed: new import cycle: shopfront.catalog.inventory -> shopfront.catalog.search" in done.stderr
    assert "accounts" not in done.stdout  # the legacy cycle is in the baseline


def test_an_import_between_independent_communities_fails_at_its_line(tmp_path: Path) -> None:
    root = shop(tmp_path)
    assert check(root, "--update-baseline").returncode == 0
    line = insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    done = check(root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{PKG}/catalog/search.py:{line}:1: CSM302 new dependency between communities: shopfront.catalog.search "
        "imports shopfront.accounts.user; shopfront.catalog (6 modules) did not depend on "
        "shopfront.accounts (5 modules) (against baseline)"
    ]
    assert "1 x CSM302 new dependency between communities (no-new-community-edges)" in done.stderr
    # a noqa comment for CSM302 on the import line accepts it
    path = root / PKG / "catalog/search.py"
    path.write_text(path.read_text().replace("import user\n", "import user  # " + "noqa: CSM302\n"))
    assert check(root).returncode == 0


def test_reclustering_that_renumbers_communities_reports_no_moved_module(tmp_path: Path) -> None:
    root = shop(tmp_path)
    assert check(root, "--update-baseline").returncode == 0
    before = graph_ids(root)
    for name in ("tables", "totals"):  # reporting grows past catalog: every community id shifts
        (root / PKG / f"reporting/{name}.py").write_text("from . import formatting, summary\n")
    after = graph_ids(root)
    assert before["shopfront.reporting.summary"] != after["shopfront.reporting.summary"]
    assert before["shopfront.catalog.search"] != after["shopfront.catalog.search"]
    done = check(root)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr


def graph_ids(root: Path) -> dict[str, int]:
    done = run_cli("graph", "--jobs", "1", "--no-cache", "--format", "json", "src", cwd=root)
    return {m["name"]: m["community"] for m in json.loads(done.stdout)["modules"]}


def move_formatting_to_accounts(root: Path) -> int:
    """reporting.formatting stops being used by reporting and imports accounts instead; its new import line."""
    reporting = root / PKG / "reporting"
    for name in ("export.py", "summary.py"):
        path = reporting / name
        path.write_text("".join(row for row in path.read_text().splitlines(keepends=True)
                                if not row.startswith("from .formatting import")))
    charts = reporting / "charts.py"
    charts.write_text(charts.read_text().replace("from . import formatting, summary", "from . import summary"))
    return insert(root, "reporting/formatting.py", 2, "from shopfront.accounts import auth, permissions, session, user")


def test_a_module_that_moves_is_reported_once_at_an_import_that_pulls_it(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="no-moved-modules = true\nno-new-community-edges = true\n")
    assert check(root, "--update-baseline").returncode == 0
    before = graph_ids(root)
    line = move_formatting_to_accounts(root)
    after = graph_ids(root)
    assert after["shopfront.reporting.formatting"] == after["shopfront.accounts.user"]
    assert before["shopfront.accounts.user"] != after["shopfront.accounts.user"]  # renumbered too
    done = check(root)
    assert done.returncode == 1
    # only the move: reporting already imported accounts (export -> user), so its new imports
    # join no independent communities, and removed imports are no drift
    assert done.stdout.splitlines() == [
        f"{PKG}/reporting/formatting.py:{line}:1: CSM304 module shopfront.reporting.formatting moved from community "
        "shopfront.reporting (5 modules) to shopfront.accounts (5 modules) (shopfront.reporting.formatting imports "
        "shopfront.accounts.auth) (against baseline)"
    ]


def test_growth_of_the_imports_between_two_communities(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="max-community-edge-growth = 0.5\n")
    assert check(root, "--update-baseline").returncode == 0
    # reporting -> billing: summary imports invoice (1 import); a second one is +100%
    line = insert(root, "reporting/charts.py", 2, "from shopfront.billing import tax")
    done = check(root)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{PKG}/reporting/charts.py:{line}:1: CSM303 dependency of shopfront.reporting (5 modules) "
                                  "on shopfront.billing (5 modules) grew from 1 to 2 imports (+100% > "
                                  "max-community-edge-growth 50%)")
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace("0.5", "1.0"))
    assert check(root).returncode == 0  # +100% is allowed by 1.0


def test_modularity_drop_is_shown_at_the_import_that_lowers_it(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="max-modularity-drop = 0.005\nmin-modularity = 0.1\n")
    assert check(root, "--update-baseline").returncode == 0
    line = insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    done = check(root)
    assert done.returncode == 1
    assert codes(done.stdout) == ["CSM306"]
    # 0.693: the shop graph with call edges weighed once per module pair (0.695 when per function pair)
    assert done.stdout.startswith(f"{PKG}/catalog/search.py:{line}:1: CSM306 modularity dropped from 0.693 to ")
    assert "gate failed: modularity dropped from 0.693" in done.stderr


def test_without_a_baseline_the_relative_gates_exit_2_and_cycles_fail(tmp_path: Path) -> None:
    done = check(shop(tmp_path, baseline=False))
    assert done.returncode == 2
    assert "no-new-community-edges, max-community-edge-growth, no-moved-modules compare(s)" in done.stderr
    assert "--diff REF" in done.stderr
    done = check(shop(tmp_path / "cycles", gate="no-new-cycles = true\n", baseline=False))
    assert done.returncode == 1  # no reference: every cycle is new, named once at one of its imports
    assert done.stdout.splitlines() == [
        f"{PKG}/accounts/permissions.py:5:1: CSM301 new import cycle shopfront.accounts.permissions -> "
        "shopfront.accounts.user -> shopfront.accounts.permissions: shopfront.accounts.permissions imports "
        "shopfront.accounts.user"
    ]


def test_a_baseline_recorded_without_communities_cannot_judge_them(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="no-new-cycles = true\n")
    assert check(root, "--update-baseline").returncode == 0
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + "no-moved-modules = true\n")
    done = check(root)
    assert done.returncode == 2
    assert "records no communities" in done.stderr and "--update-baseline" in done.stderr
    assert check(root, "--exit-zero").returncode == 2  # a gate that cannot run never passes


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_carries_the_finding_and_its_location(tmp_path: Path, fmt: str) -> None:
    root = shop(tmp_path)
    assert check(root, "--update-baseline").returncode == 0
    line = insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    done = check(root, "--format", fmt)
    assert done.returncode == 1
    path = f"{PKG}/catalog/search.py"
    if fmt == "text":
        assert done.stdout.startswith(f"{path}:{line}:1: CSM302 ")
    elif fmt == "json":
        document = json.loads(done.stdout)
        (finding,) = document["findings"]
        assert (document["summary"]["architecture"], document["summary"]["errors"]) == (1, 0)
        assert (finding["path"], finding["line"], finding["col"], finding["code"]) == (path, line, 1, "CSM302")
        assert finding["edge"] == ["shopfront.catalog.search", "shopfront.accounts.user"]
        assert finding["gate"] == "no-new-community-edges" and finding["reference"] == "baseline"
    elif fmt == "sarif":
        import jsonschema

        document = json.loads(done.stdout)
        schema = json.loads((Path(__file__).parents[1] / "output" / "sarif-schema-2.1.0.json").read_text())
        jsonschema.Draft4Validator(schema).validate(document)
        run = document["runs"][0]
        (result,) = run["results"]
        region = result["locations"][0]["physicalLocation"]["region"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (result["ruleId"], result["level"], uri, region["startLine"], region["startColumn"]) == (
            "CSM302", "error", path, line, 1)
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "CSM302"
    else:
        assert done.stdout.startswith(f"::error file={path},line={line},col=1,title=CSM302::new dependency")


# -- --diff REF: what this change adds against the base commit ---------------------


def git(cwd: Path, *args: str) -> str:
    """git with an empty global configuration (a file of ours: on a shared machine /dev/null may not be a device)."""
    config = cwd.parent / "gitconfig"
    config.touch()
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env={**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": str(config)}, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_diff_judges_what_the_change_adds_against_the_base_commit(tmp_path: Path) -> None:
    root = shop(tmp_path, baseline=False)  # no baseline: the base commit is the reference
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    done = check(root, "--diff", "HEAD")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr  # the legacy cycle is not new

    line = insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    cycle = insert(root, "catalog/inventory.py", 3, "from shopfront.catalog import search")
    status = git(root, "status", "--porcelain")
    done = check(root, "--diff", "HEAD")
    assert done.returncode == 1
    assert sorted(codes(done.stdout)) == ["CSM301", "CSM302"]
    assert f"{PKG}/catalog/search.py:{line}:1: CSM302 " in done.stdout
    assert f"{PKG}/catalog/inventory.py:{cycle}:1: CSM301 " in done.stdout
    assert "(against HEAD)" in done.stdout
    assert git(root, "status", "--porcelain") == status  # the base was read from blobs, nothing checked out

    git(root, "commit", "-q", "-am", "the change")  # once committed, HEAD has it: nothing new
    assert check(root, "--diff", "HEAD").returncode == 0
    assert check(root, "--diff", "HEAD~1").returncode == 1


def test_diff_and_baseline_together_report_what_is_new_against_both(tmp_path: Path) -> None:
    root = shop(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    assert check(root, "--update-baseline").returncode == 0  # the new import is accepted in the baseline
    line = insert(root, "catalog/inventory.py", 3, "from shopfront.catalog import search")
    done = check(root, "--diff", "HEAD")
    assert done.returncode == 1
    assert codes(done.stdout) == ["CSM301"]  # new against HEAD and the baseline; CSM302 is only new against HEAD
    assert f"{PKG}/catalog/inventory.py:{line}:1: CSM301 " in done.stdout


def test_diff_runs_the_community_gates_even_when_the_baseline_cannot(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="no-new-cycles = true\n")
    assert check(root, "--update-baseline").returncode == 0  # records cycles and imports, no communities
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text() + "no-new-community-edges = true\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    line = insert(root, "catalog/search.py", 6, "from shopfront.accounts import user")
    assert check(root).returncode == 2  # against the baseline alone it cannot run
    done = check(root, "--diff", "HEAD")  # the base commit can judge it; the baseline is left out
    assert done.returncode == 1
    assert done.stdout.startswith(f"{PKG}/catalog/search.py:{line}:1: CSM302 ")


def test_a_baseline_clustered_by_another_algorithm_cannot_judge_communities(tmp_path: Path) -> None:
    """Louvain's communities against Leiden's would report moves that are only the algorithm's: exit 2, not a verdict."""
    root = shop(tmp_path)
    assert check(root, "--update-baseline").returncode == 0  # Louvain, the default: recorded without a name
    assert "algorithm" not in json.loads((root / "codesmell-baseline.json").read_text())["project"]
    done = check(root, "--algorithm", "leiden")
    assert done.returncode == 2 and done.stdout == ""
    assert "clustered by louvain, and this run clusters by leiden" in done.stderr
    assert "--update-baseline" in done.stderr
    assert check(root, "--algorithm", "leiden", "--update-baseline").returncode == 0
    assert json.loads((root / "codesmell-baseline.json").read_text())["project"]["algorithm"] == "leiden"
    done = check(root, "--algorithm", "leiden")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    done = check(root)  # Louvain now, against Leiden's record
    assert done.returncode == 2 and "clustered by leiden, and this run clusters by louvain" in done.stderr


def test_a_cycles_only_baseline_does_not_care_which_algorithm_clusters(tmp_path: Path) -> None:
    root = shop(tmp_path, gate="no-new-cycles = true\n")
    assert check(root, "--update-baseline").returncode == 0
    done = check(root, "--algorithm", "leiden")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
