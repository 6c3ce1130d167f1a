"""`codesmell metrics`: every function's metrics as text, CSV or JSON."""

from __future__ import annotations

import argparse

from codesmell.cli.common import UsageError, analyze, config_of, status_of, write_output


def run(args: argparse.Namespace) -> int:
    from codesmell.output import METRICS_FORMATS

    config = config_of(args)
    results = analyze(args, config, with_graph=False)
    churn_since = getattr(args, "churn_since", None)
    if churn_since:
        if args.format != "json":
            raise UsageError("--churn-since adds the `churn` and `hotspot` keys of --format json")
        from codesmell.cli.history import read
        from codesmell.history.hotspots import churn_index, churn_json_tail, churn_per_function
        from codesmell.output.metrics import to_json

        index = churn_index(read(args, config, churn_since))
        churns = {id(r): churn_per_function(r, index) for r in results}
        text = to_json(results, config, lambda r, i, priority: churn_json_tail(churns[id(r)][i], priority))
    else:
        text = METRICS_FORMATS[args.format](results, config)
    write_output(text, args.output)
    return status_of(results)
