"""`codesmell metrics`: every function's metrics as text, CSV or JSON."""

from __future__ import annotations

import argparse

from codesmell.cli.common import (
    ErrorWatch,
    UsageError,
    analyze,
    analyze_iter,
    config_of,
    status_of,
    write_chunks,
    write_output,
)


def run(args: argparse.Namespace) -> int:
    from codesmell.output import METRICS_STREAMS

    config = config_of(args)
    churn_since = getattr(args, "churn_since", None)
    if not churn_since:
        # Each file's part is written as its result comes: a 3M-line tree's results are never all held.
        watch = ErrorWatch(analyze_iter(args, config, with_graph=False))
        write_chunks(METRICS_STREAMS[args.format](watch, config), args.output)
        return watch.status()
    if args.format != "json":
        raise UsageError("--churn-since adds the `churn` and `hotspot` keys of --format json")
    results = analyze(args, config, with_graph=False)
    from codesmell.cli.history import read
    from codesmell.history.hotspots import churn_index, churn_json_tail, churn_per_function
    from codesmell.output.metrics import to_json

    index = churn_index(read(args, config, churn_since))
    churns = {id(r): churn_per_function(r, index) for r in results}
    text = to_json(results, config, lambda r, i, priority: churn_json_tail(churns[id(r)][i], priority))
    write_output(text, args.output)
    return status_of(results)
