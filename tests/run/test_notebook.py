"""Jupyter notebooks: code cells measured, IPython syntax ignored, locations by cell (nbformat writes them)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from conftest import run_cli, tangled

from codesmell.model import NotebookMap
from codesmell.run.notebook import NotebookError, notebook_source


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> None:
    """cells: (kind, source) with kind "code" or "markdown"."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src)
                      for kind, src in cells]
    nbformat.write(notebook, str(path))


def test_code_cells_are_joined_and_ipython_syntax_becomes_inert(tmp_path: Path) -> None:
    write_notebook(tmp_path / "n.ipynb", [
        ("markdown", "# Title\nSome *text*."),
        ("code", "%matplotlib inline\nimport os\n!pip install requests\nfiles = !ls\nos?"),
        ("code", "%%bash\necho hello\nfor x in y; do :; done"),
        ("code", "def f(x):\n    if x:\n        %time g()\n    return x"),
    ])
    converted = notebook_source((tmp_path / "n.ipynb").read_bytes())
    assert converted.text.split("\n") == [
        "pass", "import os", "pass", "files = None", "pass",
        "", "", "",
        "def f(x):", "    if x:", "        pass", "    return x", "",
    ]
    # cells are numbered among all the notebook's cells, markdown included, from 1
    assert converted.map.starts == (1, 6, 9)
    assert converted.map.cells == (2, 3, 4)
    assert converted.map.locate(10) == (4, 2)
    assert converted.map.locate(5) == (2, 5)
    raw_lines = (tmp_path / "n.ipynb").read_text().split("\n")
    # each joined line maps to the .ipynb line that holds it
    assert '"def f(x):\\n"' in raw_lines[converted.map.ipynb_line(9) - 1]
    assert '"    return x"' in raw_lines[converted.map.ipynb_line(12) - 1]


def test_locate_before_any_cell() -> None:
    assert NotebookMap((3,), (1,), (0, 0, 7)).locate(1) == (0, 1)
    assert NotebookMap((3,), (1,), (0, 0, 7)).ipynb_line(3) == 7


@pytest.mark.parametrize("data, reason", [
    (b"{not json", "invalid JSON"),
    (b'{"nbformat": 4}', "no list of cells"),
    (b'{"cells": [1, 2]}', "a cell is not an object"),
])
def test_what_is_not_a_notebook_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotebookError, match=reason):
        notebook_source(data)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "helpers.py").write_text("def load(path):\n    return open(path).read()\n")
    write_notebook(tmp_path / "analysis.ipynb", [
        ("markdown", "# Monthly analysis"),
        ("code", "%load_ext autoreload\nimport helpers\ndata = helpers.load('x.csv')"),
        ("code", tangled("knot", 5)),
        ("code", "knot(data, 0)\n!echo done"),
    ])
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    write_notebook(tmp_path / "typo.ipynb", [("code", "x = 1"), ("code", "def f(:\n    pass")])
    return tmp_path


def test_check_reports_by_cell_and_the_rest_of_the_run_goes_on(project: Path) -> None:
    done = run_cli("check", "--no-cache", ".", cwd=project)
    assert done.returncode == 1
    lines = sorted(done.stdout.splitlines())
    assert lines[0].startswith("analysis.ipynb:cell 3:1:1: CSM100 long method 'knot'")
    assert lines[1].startswith("broken.ipynb:1:1: CSM907 not a notebook: invalid JSON")
    assert lines[2].startswith("typo.ipynb:cell 2:1:")
    assert " CSM901 " in lines[2]
    assert len(lines) == 3


def test_json_and_sarif_point_into_the_notebook(project: Path) -> None:
    found = json.loads(run_cli("check", "--no-cache", "--format", "json", "analysis.ipynb", cwd=project).stdout)
    finding = found["findings"][0]
    assert (finding["cell"], finding["line"]) == (3, 1)
    raw_lines = (project / "analysis.ipynb").read_text().split("\n")
    assert '"def knot(xs, y):\\n"' in raw_lines[finding["ipynb_line"] - 1]
    sarif = json.loads(run_cli("check", "--no-cache", "--format", "sarif", "analysis.ipynb", cwd=project).stdout)
    result = sarif["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "analysis.ipynb"
    assert location["region"] == {"startLine": finding["ipynb_line"]}
    assert (result["properties"]["cell"], result["properties"]["cellLine"]) == (3, 1)


def test_metrics_graph_and_report_take_notebooks(project: Path) -> None:
    metrics = json.loads(run_cli("metrics", "--no-cache", "--format", "json", "analysis.ipynb", cwd=project).stdout)
    names = [f["qualname"] for file in metrics["files"] for f in file["functions"]]
    assert names == ["knot"]
    graph = json.loads(run_cli("graph", "--no-cache", "--format", "json", ".", cwd=project).stdout)
    assert {"analysis", "helpers"} <= {m["name"] for m in graph["modules"]}
    assert any(e["source"] == "analysis" and e["target"] == "helpers" for e in graph["edges"])
    done = run_cli("report", "--no-cache", ".", "-o", "r.html", cwd=project)
    assert done.returncode in (0, 1), done.stderr
    assert "def knot(xs, y):" in (project / "r.html").read_text()  # the excerpt is the cell's code, not JSON


def test_notebooks_follow_include_and_exclude(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.codesmell]\nextend-exclude = ["*.ipynb"]\n')
    done = run_cli("check", "--no-cache", ".", cwd=project)
    assert done.returncode == 0, done.stdout
    (project / "pyproject.toml").write_text('[tool.codesmell]\ninclude = ["*.py"]\n')
    assert run_cli("check", "--no-cache", ".", cwd=project).returncode == 0
