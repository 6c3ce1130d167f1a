"""`codesmell extract FILE:START-END [--name NAME] [--diff]`: perform one Extract Method."""

from __future__ import annotations

import argparse
import sys

from codesmell.extract.run import ExtractOptions, extract


def run(args: argparse.Namespace) -> int:
    text, status = extract(ExtractOptions(target=args.target, name=args.name, diff=args.diff))
    (sys.stdout if status == 0 else sys.stderr).write(text)
    return status
