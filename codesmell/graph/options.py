"""The graph's command-line options, apart from the graph code itself.

`codesmell check` builds the same parser as `codesmell graph`; keeping these
definitions free of networkx keeps its start-up light.
"""

from __future__ import annotations

import argparse

from codesmell.graph.model import (
    DEFAULT_CALL_WEIGHT,
    DEFAULT_IMPORT_WEIGHT,
    DEFAULT_RESOLUTION,
    DEFAULT_SEED,
)

FORMATS = ("json", "dot", "graphml")


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:  # also rejects NaN
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text!r}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value == 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def add_graph_arguments(parser: argparse.ArgumentParser, with_format: bool = True) -> None:
    """`--format`, `--seed`, `--resolution`, `--external`, `--import-weight`, `--call-weight`."""
    if with_format:
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="output format (default: json)",
        )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"Louvain random seed; a fixed seed gives identical output (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--resolution",
        type=_positive,
        default=DEFAULT_RESOLUTION,
        help="Louvain resolution (python-louvain's): above 1 gives more, smaller "
        f"communities (default: {DEFAULT_RESOLUTION})",
    )
    parser.add_argument(
        "--external",
        action="store_true",
        help="keep imported modules outside the analysed code as nodes (by top-level package)",
    )
    parser.add_argument(
        "--import-weight",
        type=_non_negative,
        default=DEFAULT_IMPORT_WEIGHT,
        help=f"edge weight of one module importing another (default: {DEFAULT_IMPORT_WEIGHT})",
    )
    parser.add_argument(
        "--call-weight",
        type=_non_negative,
        default=DEFAULT_CALL_WEIGHT,
        help="edge weight per distinct function calling a function of another module "
        f"(default: {DEFAULT_CALL_WEIGHT})",
    )
