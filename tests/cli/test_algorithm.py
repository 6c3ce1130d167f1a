"""`--algorithm louvain|leiden` and `algorithm = ...` of [tool.codesmell] on every command that clusters."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_cli

PLANTED = FIXTURES / "planted_communities"
STOCK_ALERTS = "shopfront.billing.stock_alerts"


def planted_copy(tmp_path: Path, table: str) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(PLANTED, root)
    (root / "pyproject.toml").write_text(f"[tool.codesmell]\n{table}")
    return root


def graph_json(*args: str, cwd: Path) -> dict[str, object]:
    done = run_cli("graph", "--jobs", "1", "--no-cache", *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    document: dict[str, object] = json.loads(done.stdout)
    return document


def test_graph_with_leiden_names_it_and_finds_the_misfiled_module() -> None:
    document = graph_json("--algorithm", "leiden", "src", cwd=PLANTED)
    assert document["options"]["algorithm"] == "leiden"  # type: ignore[index]
    assert [m["module"] for m in document["misplaced"]] == [STOCK_ALERTS]  # type: ignore[attr-defined]
    assert document["splits"] == []
    louvain = graph_json("src", cwd=PLANTED)
    assert "algorithm" not in louvain["options"]  # type: ignore[operator]  (unchanged without the option)
    as_sets = [sorted(sorted(c["modules"]) for c in d["communities"]) for d in (document, louvain)]  # type: ignore[attr-defined]
    assert as_sets[0] == as_sets[1]


def test_the_config_key_chooses_leiden_and_the_option_overrides_it(tmp_path: Path) -> None:
    root = planted_copy(tmp_path, 'algorithm = "leiden"\n')
    assert graph_json("src", cwd=root)["options"]["algorithm"] == "leiden"  # type: ignore[index]
    assert "algorithm" not in graph_json("--algorithm", "louvain", "src", cwd=root)["options"]  # type: ignore[operator]


def test_a_bad_config_value_exits_2_and_says_why(tmp_path: Path) -> None:
    root = planted_copy(tmp_path, 'algorithm = "infomap"\n')
    done = run_cli("graph", "--no-cache", "src", cwd=root)
    assert done.returncode == 2
    assert "algorithm must be one of 'louvain', 'leiden', got 'infomap'" in done.stderr
    assert run_cli("graph", "--algorithm", "infomap", "src", cwd=PLANTED).returncode == 2  # argparse's choices


def test_function_level_colours_functions_by_the_leiden_communities() -> None:
    functions = graph_json("--level", "function", "--algorithm", "leiden", "src", cwd=PLANTED)["functions"]
    modules = graph_json("--algorithm", "leiden", "src", cwd=PLANTED)["modules"]
    community = {m["name"]: m["community"] for m in modules}  # type: ignore[attr-defined]
    assert functions and all(f["community"] == community[f["module"]] for f in functions)  # type: ignore[attr-defined]


def test_report_names_the_algorithm_in_its_footer(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = run_cli("report", "--jobs", "1", "--no-cache", "--algorithm", "leiden", "-o", str(out), "src", cwd=PLANTED)
    assert done.returncode == 0, done.stderr
    html = out.read_text()
    assert "Leiden communities (Traag et al. 2019), connected by construction" in html
    assert "Louvain communities" not in html
    assert STOCK_ALERTS in html


def test_check_runs_its_architecture_gate_on_leiden_communities(tmp_path: Path) -> None:
    root = planted_copy(tmp_path, "[tool.codesmell.gate]\nmin-modularity = 0.5\n")
    for algorithm in ("louvain", "leiden"):
        done = run_cli("check", "--jobs", "1", "--no-cache", "--algorithm", algorithm, "src", cwd=root)
        assert done.returncode == 0, (algorithm, done.stdout, done.stderr)
    strict = planted_copy(tmp_path / "strict", "[tool.codesmell.gate]\nmin-modularity = 0.99\n")
    done = run_cli("check", "--jobs", "1", "--no-cache", "--algorithm", "leiden", "src", cwd=strict)
    assert done.returncode == 1
    assert "modularity" in done.stderr


def test_suggest_moves_finds_the_planted_functions_with_leiden() -> None:
    done = run_cli("suggest", "--moves", "--no-cache", "--jobs", "1", "--format", "json", "--algorithm", "leiden",
                   "clinic", cwd=FIXTURES / "misplaced_functions")
    assert done.returncode == 0, done.stderr
    assert sorted(m["function"] for m in json.loads(done.stdout)["moves"]) == [
        "clinic.billing.payments.format_owner_address",
        "clinic.patients.vaccines.next_free_slot",
        "clinic.scheduling.booking.invoice_total_for_visit",
    ]


@pytest.mark.parametrize("missing", ["leidenalg", "igraph"])
@pytest.mark.parametrize("command", [["graph"], ["report", "-o", "never.html"], ["suggest", "--moves"]])
def test_without_the_extra_leiden_exits_2_naming_it(tmp_path: Path, missing: str, command: list[str]) -> None:
    # `sys.modules[name] = None` is how Python spells "not installed": the import raises ImportError
    script = (
        f"import sys; sys.modules[{missing!r}] = None; from codesmell.cli import main; "
        f"sys.exit(main({[*command, '--algorithm', 'leiden', '--no-cache', 'src']!r}))"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], cwd=PLANTED, env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'codesmell[leiden]'" in done.stderr
    assert f"{missing} is missing" in done.stderr
    assert not (PLANTED / "never.html").exists()


def test_without_the_extra_louvain_still_runs() -> None:
    script = (
        "import sys; sys.modules['leidenalg'] = None; sys.modules['igraph'] = None; "
        "from codesmell.cli import main; sys.exit(main(['graph', '--no-cache', '--jobs', '1', 'src']))"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", script], cwd=PLANTED, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [m["module"] for m in json.loads(done.stdout)["misplaced"]] == [STOCK_ALERTS]
