"""The command line: argparse lives here and nowhere below.

`parser` builds the argument parser, `main` dispatches to one module per
command (`metrics`, `check`, `explain`, `graph`, `report`, `suggest`,
`extract`), each turning the parsed namespace into the typed options of the
code it calls; `common` holds what they share (config, the analysis run with
its progress bar, output, exit codes).
"""

from __future__ import annotations

from codesmell.cli.main import main

__all__ = ["main"]
