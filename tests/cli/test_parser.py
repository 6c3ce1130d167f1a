"""The argparse options the CLI mounts for `codesmell graph`, read into `GraphOptions`."""

from __future__ import annotations

import argparse

import pytest

from codesmell.cli.graph import graph_options as options_from_args
from codesmell.cli.parser import add_graph_arguments
from codesmell.graph.model import GraphOptions


def parser() -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(prog="codesmell graph")
    add_graph_arguments(result)
    return result


def test_defaults() -> None:
    args = parser().parse_args([])
    assert args.format == "json"
    assert options_from_args(args) == GraphOptions()


def test_every_option() -> None:
    args = parser().parse_args(
        [
            "--format",
            "dot",
            "--seed",
            "7",
            "--resolution",
            "2.5",
            "--external",
            "--import-weight",
            "0",
            "--call-weight",
            "1.5",
            "--hub-weighting",
            "0.5",
            "--attach-weight",
            "0",
        ]
    )
    assert args.format == "dot"
    assert options_from_args(args) == GraphOptions(
        seed=7,
        resolution=2.5,
        import_weight=0.0,
        call_weight=1.5,
        external=True,
        hub_weighting=0.5,
        attach_weight=0.0,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "svg"],
        ["--seed", "x"],
        ["--resolution", "0"],
        ["--resolution", "-1"],
        ["--resolution", "nan"],
        ["--resolution", "inf"],
        ["--call-weight", "-0.5"],
        ["--import-weight", "nan"],
        ["--hub-weighting", "-1"],
        ["--attach-weight", "inf"],
    ],
)
def test_bad_values_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_graph_build_does_not_import_libcst() -> None:
    """A warm `codesmell graph` parses nothing, so it must not pay LibCST's import."""
    import subprocess
    import sys

    code = (
        "import sys, codesmell.cli.graph, codesmell.graph.pipeline, codesmell.output.graph; "
        "print('libcst' in sys.modules)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"
