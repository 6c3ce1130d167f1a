"""`codesmell lsp`: the language server over stdio (pygls, from the `lsp` extra)."""

from __future__ import annotations

import argparse

from codesmell.cli.common import UsageError


def run(args: argparse.Namespace) -> int:
    try:
        from codesmell.lsp.server import main
    except ImportError as exc:  # the extra is not installed
        raise UsageError(f"codesmell lsp needs pygls ({exc.name} is missing): pip install '.[lsp]'") from exc
    return main()
