"""The one place that knows LibCST's private internals.

Everything here reaches below LibCST's public API for speed, and each piece is
checked against LibCST's own public behaviour by the equivalence tests in
tests/cst (run them after changing the `libcst` pin: `python -m pytest tests/cst`):

- `parse`: `parse_module` without re-validating the nodes LibCST's parser built
  (swaps `CSTNode.__post_init__`); must deep-equal `libcst.parse_module`.
- `lines`: start lines, statement end lines and code lines from LibCST's code
  generator driven by a counting `CodegenState`, with about forty node types done
  in place (swaps `CSTNode._codegen`); must equal the plain code generator's index.
- `walk`: a read-only walk in `CSTNode.visit`'s order (reads each type's
  `_visit_and_replace_children` once); must show what `Module.visit` shows.
- `fields`: which node fields can hold code, for the walks.
- `patch`: the thread-safe class-attribute swap the first two use.
- `names`, `docstrings`: what a node binds or is, shared by every pass (public API only).

No module outside this package imports `libcst._...`.
"""
