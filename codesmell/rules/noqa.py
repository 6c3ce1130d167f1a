"""`# noqa` comments, read the way flake8 reads them.

flake8 matches `# noqa` and `# noqa: CODE[,CODE]` case-insensitively anywhere in
a comment; a code list suppresses only codes starting with a listed code.
"""

from __future__ import annotations

import re

# Same pattern as flake8.defaults.NOQA_INLINE_REGEX.
_NOQA = re.compile(
    r"# noqa"
    r"(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?",
    re.IGNORECASE,
)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)


def noqa_lines(text: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Lines carrying `# noqa`, each with its codes (empty set: every code)."""
    if "noqa" not in text and "NOQA" not in text.upper():
        return ()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "#" not in line:
            continue
        match = _NOQA.search(line)
        if match is None:
            continue
        codes = match.group("codes")
        found.append((number, frozenset(c.upper() for c in _CODE.findall(codes or ""))))
    return tuple(found)


def is_suppressed(
    code: str, lines: range, noqa: tuple[tuple[int, frozenset[str]], ...]
) -> bool:
    """True when a `# noqa` on any of `lines` covers `code`."""
    for line, codes in noqa:
        if line in lines and (not codes or any(code.startswith(c) for c in codes)):
            return True
    return False
