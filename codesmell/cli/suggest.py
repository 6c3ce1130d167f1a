"""`codesmell suggest FILE`: Extract Method candidates for the long functions of a file;
`codesmell suggest --moves PATH…`: functions whose calls mostly go to another community."""

from __future__ import annotations

import argparse
import sys

from codesmell.cli.common import UsageError


def run(args: argparse.Namespace) -> int:
    if args.moves:
        return _moves(args)
    if len(args.file) != 1:
        raise UsageError("suggest takes one FILE (or --moves PATH...)")
    from codesmell.extract.run import SuggestOptions, suggest

    options = SuggestOptions(
        file=args.file[0], min_sloc=args.min_sloc, every=args.all, function=args.function, format=args.format
    )
    text, status = suggest(options)
    (sys.stdout if status == 0 else sys.stderr).write(text)
    return status


def _moves(args: argparse.Namespace) -> int:
    from codesmell.cli.common import analyze, config_of, status_of, write_output
    from codesmell.cli.graph import graph_options
    from codesmell.graph.moves import find_moves
    from codesmell.graph.pipeline import graph_of_results
    from codesmell.output import moves as output

    args.paths = args.file or ["."]
    config = config_of(args)
    options = graph_options(args, config)
    results = analyze(args, config, with_graph=True)
    graph = graph_of_results(results, options)
    moves = sorted(find_moves(graph), key=lambda m: (-m.share, -m.partners, m.function))
    render = output.to_json if args.format == "json" else output.to_text
    write_output(render(moves, graph), None)
    return status_of(results)
