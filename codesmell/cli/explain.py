"""`codesmell explain FILE[:FUNCTION|:LINE]`: where each complexity increment comes from."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from codesmell.output.explain import explain_target

    text, status = explain_target(args.target)
    sys.stdout.write(text)
    return status
