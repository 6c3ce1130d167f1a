"""codesmell: long-method detection and module communities for Python code.

The public API (see `codesmell.api` and the README's "Python API"):
`analyze_source`, `analyze_paths` (and `iter_analyze_paths`), `check_paths`, `module_graph` and
`history_paths`.
It is imported on first use, so the command line and its worker processes,
which import `codesmell` first, do not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from codesmell.api import (
        CheckResult,
        analyze_paths,
        analyze_source,
        check_paths,
        history_paths,
        iter_analyze_paths,
        module_graph,
    )

__all__ = ["CheckResult", "__version__", "analyze_paths", "analyze_source", "check_paths", "history_paths",
           "iter_analyze_paths", "module_graph"]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from codesmell import api

        return getattr(api, name)
    raise AttributeError(f"module 'codesmell' has no attribute {name!r}")
