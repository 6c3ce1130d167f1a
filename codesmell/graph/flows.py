"""The per-file flow facts the points-to analysis (`pointsto.py`) solves across files.

Each fact is a plain tuple (cheap to pickle, JSON as nested lists), its first
element one of the tags below; `scope` is the qualname of the scope whose code
it is ("" for the module):

- `(CALL_SITE, scope, site, callee, args, keywords)`: a call; `args` are
  expressions (`("*", e)` for `*e`), `keywords` `(name, e)` pairs (name None
  for `**e`). Its value is the expression `("r", site)`.
- `(ASSIGN, scope, pattern, value)`: `pattern = value` (also `:=`, `+=`, and
  annotated assignments).
- `(FOR, scope, pattern, iterable, is_async)`: `for pattern in iterable` and
  comprehension `for` clauses.
- `(WITH, scope, value, pattern | None, is_async)`: one `with` item.
- `(RETURN, scope, value)`, `(YIELD, scope, value | None)`,
  `(YIELD_FROM, scope, iterable)`; a lambda's body is its RETURN. A return under
  `if p is None:` / `is not None` (or after one that always leaves), `p` a parameter
  defaulting to None, is `(RETURN, scope, value, ((p, is_none), ...))`.
- `(ELEMENTS, scope, site, value)`: a comprehension (its own scope) puts `value` in the
  display `("t", site, ())` it evaluates to.
- `(EVALUATE, scope, value)`: an attribute read as a statement (`obj.prop`: a property runs).
- `(RAISE, scope, value)`: `raise E` without a call (`raise E()` is a call site).
- `(DEFINE, scope, name, qualname, decorators)`: a def/class statement binding
  `name`; `decorators` are expressions, outermost first.
- `(VERSIONS, scope, names)`: the names of `scope` bound only by parameters and by
  assignments written directly in its body (no `if`/`for`/`try`/... around them); their
  reads and straight-line assignments carry a version (`("n", name, k)`), and a read sees
  only what version k was assigned. Other reads and patterns `("n", name, k)` of a name
  not listed are plain `("n", name)`.
- `(PARAMS, qualname, positional, keyword_only, star, double_star)` and
  `(PARAM_DEFAULT, scope, qualname, name, value)` (the default runs in `scope`).

Expressions: `("n", name)`, `("a", base, attr)`, `("r", site)` (a call's
result), `("s", base, key)` (subscript; key a literal str/int or None),
`("l", qualname)` (a lambda), `("t", site, elements)` (tuple/list/set display),
`("d", site, ((key, value), ...))` (dict display), `("u", (a, b))` (either:
`a or b`, `a if c else b`), `("S",)` / `("S", cls, obj)` (`super()` / `super(cls, obj)`),
`("k", expr, guard)` (`expr` read where a test narrowed it: guard `("i", class chains)` for
`isinstance`, `("t", chain)` for `type(x) is C`, `("c",)` for `callable`, `("!", guard)`
where the test failed), `("x", iterator)` (`next(iterator)`; `getattr(obj, "name")` is encoded as `obj.name`); None for any
expression no tracked value can come out of (arithmetic, literals, ...).
Patterns: `("n", name)`, `("a", base, attr)`, `("s", base, key)`,
`("u", (patterns...))` with `("*", pattern)` for a starred target.
"""

from __future__ import annotations

import sys
from typing import Any

CALL_SITE = "call"
ASSIGN = "assign"
FOR = "for"
WITH = "with"
RETURN = "return"
YIELD = "yield"
YIELD_FROM = "yield-from"
RAISE = "raise"
DEFINE = "define"
PARAMS = "params"
PARAM_DEFAULT = "default"
EVALUATE = "eval"
ELEMENTS = "elements"
VERSIONS = "versions"


def tuplify(data: Any, _intern: Any = sys.intern) -> Any:
    """JSON lists back to the tuples a fact was made of, its strings interned (see `facts.pack_flows`)."""
    kind = type(data)
    if kind is list:
        return tuple(map(tuplify, data))
    if kind is str:
        return _intern(data)
    return data
