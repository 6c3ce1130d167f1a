"""`libcst.parse_module` without re-validating the nodes LibCST's own parser built.

LibCST's native parser builds every node through its dataclass constructor,
whose `__post_init__` re-runs the node's `_validate()`: checks for trees built
by hand (a `Name` that is not an identifier, a missing space before `in`),
which a tree built by LibCST's own grammar passes by construction. That is
about a fifth of the parse (3 s CPU of 17 s on the standard library); LibCST
notes the cost itself ("PERF: ... avoid validating the tree when parsing a
file", `libcst/_nodes/base.py`; see docs/upstream.md for the change that would
make this module unnecessary).
"""

from __future__ import annotations

import libcst as cst
from libcst._nodes.base import CSTNode

from codesmell.cst.patch import swapped

__all__ = ["parse_without_revalidation"]


def _skip_validation(self: CSTNode) -> None:
    pass


def parse_without_revalidation(text: str) -> cst.Module:
    """`libcst.parse_module`, minus re-validating the nodes its own parser built."""
    with swapped(CSTNode, "__post_init__", _skip_validation):
        return cst.parse_module(text)
