"""The line index (`codesmell.cst.lines`) equals the index LibCST's own code generator gives.

`index_lines` does a dozen node types in place instead of through their
`_codegen_impl`; `index_lines_plainly` drives the same counting state through
LibCST's code generator only. A LibCST release that changes one of those
nodes' code generation makes these differ.
"""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

LINE_SAMPLES = [
    "x = (a,\n     b)  # c\n\n\n# only a comment\ny = 'one' \\\n    'two'\n",
    's = """\n# not a comment\n\n  text"""\nt = (  # why\n    1 + 2j + 3.0\n)\n',
    "def f(a, b=1, *args, **kw):\n    return a.b.c(d, e=f)[1:2], [x for x in y if x]\n",
    "class K(Base, metaclass=M):\n    @dec(1,\n         2)\n    async def m(self) -> None: pass\n",
    "if (a\n    and b):\n    pass\nelif c: d = f'{x!r:>{w}}'\nelse:\n    ...\n",
]


def _same_index(text: str) -> None:
    import libcst as cst

    from codesmell.cst.lines import index_lines, index_lines_plainly

    module = cst.parse_module(text)
    line_count = text.count("\n") + 1
    assert index_lines(module, line_count) == index_lines_plainly(module, line_count)


@pytest.mark.parametrize("text", LINE_SAMPLES)
def test_line_shortcuts_give_the_plain_code_generators_index(text: str) -> None:
    _same_index(text)


def test_line_shortcuts_on_this_repository() -> None:
    from conftest import REPO

    for path in sorted((REPO / "codesmell").rglob("*.py")):
        _same_index(path.read_text(encoding="utf-8"))


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")  # hypothesmith compiles its programs
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_line_shortcuts_on_generated_programs(text: str) -> None:
    import libcst as cst

    try:
        cst.parse_module(text)
    except Exception:  # LibCST's grammar and CPython's differ on a few corners
        return
    _same_index(text)


def test_code_generation_elsewhere_is_untouched() -> None:
    import libcst as cst
    from libcst._nodes.base import CSTNode

    from codesmell.cst.lines import index_lines

    original = CSTNode.__dict__["_codegen"]
    module = cst.parse_module(LINE_SAMPLES[0])
    index_lines(module, 8)
    assert CSTNode.__dict__["_codegen"] is original
    assert module.code == LINE_SAMPLES[0]


def test_count_code_is_the_number_of_code_lines_in_the_range() -> None:
    from codesmell.cst.lines import LineIndex

    # lines 1, 2, 4 and 5 hold code (index 0 and the last are the padding `index_lines` adds)
    index = LineIndex(code_lines=bytearray([0, 1, 1, 0, 1, 1, 0]))
    assert index.count_code(1, 5) == 4
    assert index.count_code(3, 3) == 0
    assert index.count_code(2, 4) == 2
    assert index.count_code(4, 2) == 0  # an empty range
    assert index.count_code(5, 40) == 1  # past the end: only the lines that exist
    assert index.count_code(0, 1) == 1
