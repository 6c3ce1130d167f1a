"""`codesmell history`, and the history `metrics`/`check`/`report --churn-since` read for churn."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from codesmell.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    UsageError,
    config_of,
    executor_of,
    executor_spec,
    write_output,
)
from codesmell.config import Config

if TYPE_CHECKING:
    from codesmell.history.model import History
    from codesmell.history.run import HistoryOptions

DEFAULT_CHURN_SINCE = "12 months ago"  # `check --sort hotspot` without `--churn-since`


def read(args: argparse.Namespace, config: Config, since: str | None, max_count: int | None = None) -> History:
    """The history of `args.paths` (the cache, jobs and executor as asked); its messages go to stderr; no history exits 2."""
    from codesmell.history.run import HistoryOptions

    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (every core) or more")
    with executor_of(executor_spec(args, config), args.jobs) as executor:
        options = HistoryOptions(since=since, max_count=max_count, jobs=args.jobs,
                                 cache_root=None if args.no_cache else Path(config.root), freeze_gc=True,
                                 executor=executor)
        history = _read_history(args, config, options)
    for message in history.messages:
        print(f"codesmell: history: {message.text}", file=sys.stderr)
    return history


def _read_history(args: argparse.Namespace, config: Config, options: HistoryOptions) -> History:
    from codesmell.history.run import HistoryError, read_history

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            from codesmell.cli.common import _stderr_console

            with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=_stderr_console(), transient=True) as bar:
                task = bar.add_task("history: analysing", total=None)
                return read_history(list(args.paths or ["."]), config, options,
                                    lambda done, total: bar.update(task, completed=done, total=total))
        return read_history(list(args.paths or ["."]), config, options)
    except HistoryError as exc:
        raise UsageError(f"history: {exc}") from None


def run(args: argparse.Namespace) -> int:
    """Print the history; exit 1 when a file of the newest revision could not be analysed."""
    from codesmell.history.output import to_json, to_text

    config = config_of(args)
    history = read(args, config, args.since, args.commits)
    text = to_json(history) if args.format == "json" else to_text(history)
    write_output(text, args.output)
    return EXIT_FINDINGS if history.newest_errors() else EXIT_CLEAN
