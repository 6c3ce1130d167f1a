"""Names a LibCST node binds or spells, shared by the metrics, graph and extract passes.

One definition each, so "what does `a, *b = ...` bind" or "what does
`import a.b` bind" cannot mean three different things in three passes.
"""

from __future__ import annotations

import unicodedata

import libcst as cst

__all__ = ["decorator_names", "identifier", "import_binding", "target_names"]


def identifier(name: str) -> str:
    """The name as Python knows it: identifiers are NFKC-normalised (PEP 3131)."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def target_names(node: cst.CSTNode) -> list[cst.Name]:
    """The `Name` nodes an assignment target binds (tuples, lists and starred unpacking)."""
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)):
        names: list[cst.Name] = []
        for element in node.elements:
            names.extend(target_names(element.value))
        return names
    if isinstance(node, cst.StarredElement):
        return target_names(node.value)
    return []


def import_binding(alias: cst.ImportAlias) -> str | None:
    """The name an import binds: `import a.b` binds `a`, `import a.b as c` and `from m import b as c` bind `c`."""
    if alias.asname is not None:
        bound = alias.asname.name
        return bound.value if isinstance(bound, cst.Name) else None
    head: cst.BaseExpression = alias.name
    while isinstance(head, cst.Attribute):
        head = head.value
    return head.value if isinstance(head, cst.Name) else None


def decorator_names(node: cst.FunctionDef) -> list[str]:
    """The last name of each decorator: `staticmethod`, `app.route(...)` -> `route`."""
    names = []
    for decorator in node.decorators:
        expr = decorator.decorator
        if isinstance(expr, cst.Call):
            expr = expr.func
        if isinstance(expr, cst.Name):
            names.append(expr.value)
        elif isinstance(expr, cst.Attribute):
            names.append(expr.attr.value)
    return names
