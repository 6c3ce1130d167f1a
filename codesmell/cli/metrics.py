"""`codesmell metrics`: every function's metrics as text, CSV or JSON."""

from __future__ import annotations

import argparse

from codesmell.cli.common import analyze, config_of, status_of, write_output


def run(args: argparse.Namespace) -> int:
    from codesmell.output import METRICS_FORMATS

    config = config_of(args)
    results = analyze(args, config, with_graph=False)
    write_output(METRICS_FORMATS[args.format](results, config), args.output)
    return status_of(results)
