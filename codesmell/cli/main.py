"""Argument parsing and dispatch only; the work lives in the modules it calls.

Exit codes: 0 clean, 1 thresholds exceeded or a file could not be analysed,
2 usage or configuration error, or a CI gate that cannot run.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from codesmell.cli.common import EXIT_CLEAN, EXIT_USAGE, GateError, UsageError
from codesmell.cli.parser import build_parser
from codesmell.config import ConfigError


def dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand's module (`codesmell.cli.<command>.run`), imported only when chosen."""
    module = importlib.import_module(f"codesmell.cli.{args.command}")
    status: int = module.run(args)
    return status


# Commands that build one module graph and exit: the solve's objects are left to the exit.
_ONE_GRAPH = frozenset({"graph", "report"})


def main(argv: Sequence[str] | None = None) -> int:
    """The `codesmell` command.

    Called without `argv` (the console script, `python -m codesmell`) it is the process's
    one run: `graph` and `report` then leave the points-to solve's objects unfreed
    (`gcpause.leave_at_exit`); called with `argv` (tests, hosts) everything is freed.
    """
    as_process = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    # The first word not an option is the subcommand (the top level has no option taking a value).
    parser = build_parser(next((word for word in argv if not word.startswith("-")), None))
    args = parser.parse_args(argv)
    if as_process and args.command in _ONE_GRAPH:
        from codesmell.run.gcpause import leave_at_exit

        leave_at_exit()
    try:
        return dispatch(args)
    except (ConfigError, UsageError) as exc:
        print(f"codesmell: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GateError as exc:
        if exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        print(f"codesmell: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("codesmell: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `codesmell metrics | head`: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
