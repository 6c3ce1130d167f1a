"""`codesmell suggest FILE`: Extract Method candidates for the long functions of a file."""

from __future__ import annotations

import argparse
import sys

from codesmell.extract.run import SuggestOptions, suggest


def run(args: argparse.Namespace) -> int:
    options = SuggestOptions(
        file=args.file, min_sloc=args.min_sloc, every=args.all, function=args.function, format=args.format
    )
    text, status = suggest(options)
    (sys.stdout if status == 0 else sys.stderr).write(text)
    return status
