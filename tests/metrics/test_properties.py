"""Properties that hold for every program, checked on generated ones.

Two generators: a structured one that writes function-rich programs (nested,
async, decorated functions, methods, functions under module-level if/try,
every compound statement, lambdas, comprehensions, docstrings, comments and
multi-line strings), and hypothesmith's LibCST-based generator, whose odd but
valid statements are wrapped into functions of every shape. For each program:
no exception; every function Python's `ast` finds is reported at its def line
and nothing else; the bounds of every metric; increments that sum to the
metrics; radon's cyclomatic value (except the documented `except*`
deviation); and newline style / BOM do not change any number.
"""

from __future__ import annotations

import ast
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from radon.complexity import cc_visit
from radon.visitors import Class, Function

from codesmell.model import FileResult, FunctionMetrics
from codesmell.run.analyze import RECURSION_LIMIT, analyze_source
from codesmell.run.source import SYNTAX_ERROR

# Generated programs are full of `1()` and the like: their SyntaxWarnings are noise.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

# analyze_source raises the recursion limit on first use; do it now, so Hypothesis
# does not warn that a test changed it.
sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# -- a structured generator of function-rich programs -------------------------------

# A line of generated code: (indentation depth, text); depth None means "raw", a
# continuation line inside a multi-line string that must not be re-indented.
Line = tuple[int | None, str]
Block = list[Line]

NAMES = st.sampled_from(["a", "b", "data", "item", "value", "total"])
ATOMS = st.one_of(NAMES, st.integers(0, 9).map(str), st.just("None"), st.just("'text'"))


def _compound_expressions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["and", "or"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        children.map(lambda e: f"(not {e})"),
        st.tuples(children, children).map(lambda t: f"[v for v in {t[0]} if {t[1]}]"),
        st.tuples(children, children).map(lambda t: f"{{k: w for k in {t[0]} for w in {t[1]}}}"),
        children.map(lambda e: f"(lambda q, r=1: {e})"),
        st.tuples(NAMES, children).map(lambda t: f"({t[0]} := {t[1]})"),
        st.tuples(children, children).map(lambda t: f"call({t[0]}, key={t[1]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]} + {t[1]})"),
    )


EXPRESSIONS = st.recursive(ATOMS, _compound_expressions, max_leaves=6)


def _one(text: str) -> Block:
    return [(0, text)]


MULTI_LINE_STRING: st.SearchStrategy[Block] = st.tuples(
    NAMES, st.lists(st.sampled_from(["x", "", "  y"]), max_size=3)
).map(lambda t: [(0, f'{t[0]} = """first'), *[(None, line) for line in t[1]], (None, 'last"""')])

SIMPLE_STATEMENTS: st.SearchStrategy[Block] = st.one_of(
    st.tuples(NAMES, EXPRESSIONS).map(lambda t: _one(f"{t[0]} = {t[1]}")),
    st.tuples(NAMES, EXPRESSIONS).map(lambda t: _one(f"{t[0]} += {t[1]}")),
    st.tuples(NAMES, NAMES, EXPRESSIONS).map(lambda t: _one(f"{t[0]}, *{t[1]} = {t[2]}")),
    EXPRESSIONS.map(lambda e: _one(f"return {e}")),
    EXPRESSIONS.map(lambda e: _one(f"call({e})")),
    EXPRESSIONS.map(lambda e: _one(f"assert {e}, 'message'")),
    st.tuples(NAMES, NAMES).map(lambda t: _one(f"{t[0]} = 1; {t[1]} = 2")),
    NAMES.map(lambda n: _one(f"del {n}")),
    NAMES.map(lambda n: _one(f"import os.path as {n}")),
    st.just(_one("pass")),
    st.just([(0, "# a comment line"), (0, "pass  # and a trailing one")]),
    st.just([(0, ""), (0, "pass")]),
    MULTI_LINE_STRING,
    st.tuples(NAMES, EXPRESSIONS, EXPRESSIONS).map(
        lambda t: [(0, f"{t[0]} = call("), (1, f"{t[1]},"), (1, f"{t[2]},  # comment"), (0, ")")]
    ),
)


def _indent(block: Block, by: int = 1) -> Block:
    return [(None if depth is None else depth + by, text) for depth, text in block]


def _concat(blocks: list[Block]) -> Block:
    return [line for block in blocks for line in block]


def _clause(header: str, body: Block) -> Block:
    return [(0, header), *_indent(body)]


PARAMETERS = st.sampled_from(
    ["", "a", "a, b", "a, /, b, *args, c, **kwargs", "*, key=None", "a=1 if FLAG else 2", "*args"]
)
DECORATORS = st.lists(
    st.sampled_from(["@decorator", "@functools.wraps(f)", "@cache(size=1 if A else 2)"]), max_size=2
)


def _function(body: st.SearchStrategy[Block], method: bool = False) -> st.SearchStrategy[Block]:
    def build(
        name: str,
        decorators: list[str],
        is_async: bool,
        params: str,
        multi_line: bool,
        doc: bool,
        code: Block,
    ) -> Block:
        if method:
            params = "self" + (f", {params}" if params else "")
        keyword = "async def" if is_async else "def"
        lines: Block = [(0, d) for d in decorators]
        if multi_line and params:
            lines += [
                (0, f"{keyword} {name}("),
                *[(1, p.strip() + ",") for p in params.split(",")],
                (0, "):  # noqa: CSM101"),
            ]
        else:
            lines.append((0, f"{keyword} {name}({params}):"))
        if doc:
            lines += [(1, '"""Docstring.'), (None, ""), (None, '    More."""')]
        return lines + _indent(code)

    return st.builds(
        build,
        st.sampled_from(["f", "g", "handle", "run"]),
        DECORATORS,
        st.booleans(),
        PARAMETERS,
        st.booleans(),
        st.booleans(),
        body,
    )


def _class(body: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
    members = st.lists(
        st.one_of(
            _function(body, method=True),
            st.tuples(
                st.sampled_from(["@staticmethod", "@classmethod", "@property"]), _function(body, method=True)
            ).map(lambda t: [(0, t[0]), *t[1]]),
            SIMPLE_STATEMENTS.filter(lambda b: not b[0][1].startswith("return")),
        ),
        min_size=1,
        max_size=3,
    )
    return members.map(lambda ms: _clause("class Thing(Base):", _concat(ms)))


def _compound_statements(body: st.SearchStrategy[Block]) -> st.SearchStrategy[Block]:
    optional_body = st.one_of(st.none(), body)

    def if_(test: str, then: Block, elifs: list[tuple[str, Block]], otherwise: Block | None) -> Block:
        lines = _clause(f"if {test}:", then)
        for elif_test, elif_body in elifs:
            lines += _clause(f"elif {elif_test}:", elif_body)
        return lines + (_clause("else:", otherwise) if otherwise else [])

    def loop(header: str, code: Block, otherwise: Block | None) -> Block:
        return _clause(header, code) + (_clause("else:", otherwise) if otherwise else [])

    def try_(
        code: Block,
        handlers: list[tuple[str, Block]],
        star: bool,
        otherwise: Block | None,
        final: Block | None,
    ) -> Block:
        lines = _clause("try:", code)
        for kind, handler in handlers:
            if star and kind != "except:":
                kind = kind.replace("except ", "except* ")
            elif star:
                kind = "except* Exception:"
            lines += _clause(kind, handler)
        if handlers and otherwise:
            lines += _clause("else:", otherwise)
        if final or not handlers:
            lines += _clause("finally:", final or [(0, "pass")])
        return lines

    def match(subject: str, cases: list[tuple[str, Block]], default: Block | None) -> Block:
        lines = [(0, f"match {subject}:")]
        for pattern, code in cases:
            lines += _indent(_clause(f"case {pattern}:", code))
        if default:
            catch_all = "case _:" if len(default) % 2 else "case other:"
            lines += _indent(_clause(catch_all, default))
        return lines

    handlers = st.lists(
        st.tuples(
            st.sampled_from(["except ValueError:", "except (KeyError, OSError) as error:", "except:"]), body
        ),
        max_size=3,
    ).map(lambda hs: [h for i, h in enumerate(hs) if h[0] != "except:" or i == len(hs) - 1])
    patterns = st.sampled_from(
        [
            "1 | 2",
            "[first, *rest]",
            "{'key': found, **others}",
            "Point(x=px) if px > 0 and px < 9",
            "str() as text",
        ]
    )
    return st.one_of(
        st.builds(if_, EXPRESSIONS, body, st.lists(st.tuples(EXPRESSIONS, body), max_size=2), optional_body),
        st.builds(
            loop, st.tuples(NAMES, EXPRESSIONS).map(lambda t: f"for {t[0]} in {t[1]}:"), body, optional_body
        ),
        st.builds(loop, EXPRESSIONS.map(lambda e: f"while {e}:"), body, optional_body),
        st.builds(try_, body, handlers, st.booleans(), optional_body, optional_body),
        st.builds(lambda e, n, code: _clause(f"with {e} as {n}, other():", code), EXPRESSIONS, NAMES, body),
        st.builds(
            match, EXPRESSIONS, st.lists(st.tuples(patterns, body), min_size=1, max_size=3), optional_body
        ),
        _function(body),
        _class(body),
    )


BODIES: st.SearchStrategy[Block] = st.recursive(
    st.lists(SIMPLE_STATEMENTS, min_size=1, max_size=3).map(_concat),
    lambda children: st.lists(
        st.one_of(SIMPLE_STATEMENTS, _compound_statements(children)), min_size=1, max_size=4
    ).map(_concat),
    max_leaves=16,
)

TOP_LEVEL: st.SearchStrategy[Block] = st.one_of(
    _function(BODIES),
    _class(BODIES),
    st.tuples(EXPRESSIONS, _function(BODIES), st.one_of(st.none(), _function(BODIES))).map(
        lambda t: _clause(f"if {t[0]}:", t[1]) + (_clause("else:", t[2]) if t[2] else [])
    ),
    st.tuples(_function(BODIES), _function(BODIES)).map(
        lambda t: _clause("try:", t[0]) + _clause("except ImportError:", t[1])
    ),
    SIMPLE_STATEMENTS.filter(lambda b: not b[0][1].startswith("return")),
)


def _render(block: Block, indent: str = "    ") -> str:
    return "".join(text + "\n" if depth is None else indent * depth + text + "\n" for depth, text in block)


# At least one function or class, between other top-level code.
PROGRAMS = st.tuples(
    st.lists(TOP_LEVEL, max_size=2),
    st.one_of(_function(BODIES), _class(BODIES)),
    st.lists(TOP_LEVEL, max_size=2),
    st.sampled_from(["    ", "  ", "\t"]),
).map(lambda t: _render(_concat([*t[0], t[1], *t[2]]), t[3]))


# -- hypothesmith's programs wrapped into functions of every shape ------------------------


@st.composite
def wrapped_hypothesmith_programs(draw: Callable[[st.SearchStrategy[object]], object]) -> str:
    source = draw(hypothesmith.from_node())
    assert isinstance(source, str)
    try:
        module = cst.parse_module(source)
    except Exception:  # hypothesmith can emit what its own renderer cannot re-read
        assume(False)
    statements = list(module.body) or [cst.SimpleStatementLine([cst.Pass()])]
    shape = draw(
        st.sampled_from(["plain", "async", "decorated", "method", "nested", "under_if", "under_try"])
    )
    function = cst.FunctionDef(
        name=cst.Name("generated"),
        params=cst.Parameters(params=[cst.Param(cst.Name("self" if shape == "method" else "arg"))]),
        body=cst.IndentedBlock(body=statements),
        asynchronous=cst.Asynchronous() if shape == "async" else None,
        decorators=[cst.Decorator(cst.Name("decorator"))] if shape == "decorated" else [],
    )
    wrapper: cst.BaseStatement = function
    if shape == "method":
        wrapper = cst.ClassDef(name=cst.Name("Holder"), body=cst.IndentedBlock(body=[function]))
    elif shape == "nested":
        wrapper = cst.FunctionDef(
            name=cst.Name("outer"), params=cst.Parameters(), body=cst.IndentedBlock(body=[function])
        )
    elif shape == "under_if":
        wrapper = cst.If(test=cst.Name("CONDITION"), body=cst.IndentedBlock(body=[function]))
    elif shape == "under_try":
        wrapper = cst.Try(
            body=cst.IndentedBlock(body=[function]),
            handlers=[
                cst.ExceptHandler(body=cst.IndentedBlock(body=[cst.SimpleStatementLine([cst.Pass()])]))
            ],
        )
    return cst.Module(body=[wrapper]).code


# -- the properties ---------------------------------------------------------------------


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """Nodes of `function` itself: nested functions and classes are not entered."""

    def children(node: ast.AST) -> list[ast.AST]:
        return [
            c
            for c in ast.iter_child_nodes(node)
            if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]

    stack = children(function)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))


def _radon_values(source: str) -> dict[int, int]:
    values: dict[int, int] = {}

    def walk(blocks: list[object]) -> None:
        for block in blocks:
            if isinstance(block, Function):
                values[block.lineno] = block.complexity
                walk(block.closures)
            elif isinstance(block, Class):
                walk(block.methods)
                walk(block.inner_classes)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of generated code
        walk(cc_visit(source))
    return values


def _except_star_deviation(function: ast.AST) -> int:
    """What we count and radon 6 does not: a `try/except*`'s handlers and its else."""
    return sum(
        len(node.handlers) + bool(node.orelse)  # type: ignore[attr-defined]
        for node in _own_nodes(function)
        if type(node).__name__ == "TryStar"
    )


def _summary(result: FileResult) -> list[tuple[object, ...]]:
    return [
        (
            f.qualname,
            f.line,
            f.end_line,
            f.header_end_line,
            f.sloc,
            f.statements,
            f.locals,
            f.params,
            f.logic_blocks,
            f.cyclomatic,
            f.cognitive,
            f.max_nesting,
            f.increments,
        )
        for f in result.functions
    ]


def check_program(source: str, libcst_may_reject: bool = False) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in generated strings
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
        return
    data = source.encode("utf-8", "surrogatepass")
    result = analyze_source(data, "generated.py", with_graph=False)  # never raises
    if libcst_may_reject and not result.ok:
        # LibCST's grammar is not CPython's in every corner; that must be a clear
        # per-file syntax error, never an internal error.
        assert [e.code for e in result.errors] == [SYNTAX_ERROR], result.errors
        return
    assert result.ok, result.errors

    expected = sorted((n.lineno, n.name) for n in _functions(tree))
    assert sorted((f.line, f.name) for f in result.functions) == expected

    by_line = {n.lineno: n for n in _functions(tree)}
    for f in result.functions:
        node = by_line[f.line]
        _check_bounds(f, node)

    radon = _radon_values(source)
    for f in result.functions:
        if f.line in radon:
            assert f.cyclomatic == radon[f.line] + _except_star_deviation(by_line[f.line]), (
                f.qualname,
                f.line,
            )

    # newline style and a BOM change nothing
    crlf = b"\xef\xbb\xbf" + source.replace("\r\n", "\n").replace("\n", "\r\n").encode(
        "utf-8", "surrogatepass"
    )
    assert _summary(analyze_source(crlf, "generated.py", with_graph=False)) == _summary(result)


def _check_bounds(f: FunctionMetrics, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    assert f.end_line == node.end_lineno, (f.qualname, f.end_line, node.end_lineno)
    assert f.line <= f.header_end_line <= f.end_line
    assert 1 <= f.sloc <= f.end_line - f.line + 1
    assert f.cyclomatic >= 1
    for name in ("statements", "locals", "params", "logic_blocks", "cognitive", "max_nesting"):
        assert f.metric(name) >= 0, name
    arguments = node.args
    assert f.params <= len(arguments.posonlyargs) + len(arguments.args) + len(arguments.kwonlyargs)
    assert f.max_nesting <= f.logic_blocks <= f.statements
    assert f.is_async == isinstance(node, ast.AsyncFunctionDef)
    cyclomatic = [i for i in f.increments if i.metric == "cyclomatic"]
    cognitive = [i for i in f.increments if i.metric == "cognitive"]
    assert len(cyclomatic) + len(cognitive) == len(f.increments)
    assert f.cyclomatic == 1 + sum(i.amount for i in cyclomatic)
    assert f.cognitive == sum(i.amount for i in cognitive)
    assert all(i.amount > 0 and f.line <= i.line <= f.end_line for i in f.increments), f.increments


@SETTINGS
@given(PROGRAMS)
def test_structured_programs(source: str) -> None:
    check_program(source)


# hypothesmith's generators are slow (most of a second per program): the default
# suite draws 15 programs from each, the slow suite 100.
QUICK_HYPOTHESMITH, FULL_HYPOTHESMITH = 15, 100


@settings(SETTINGS, max_examples=QUICK_HYPOTHESMITH)
@given(wrapped_hypothesmith_programs())
def test_hypothesmith_programs_wrapped_in_functions(source: str) -> None:
    check_program(source)


@pytest.mark.slow
@settings(SETTINGS, max_examples=FULL_HYPOTHESMITH)
@given(wrapped_hypothesmith_programs())
def test_many_hypothesmith_programs_wrapped_in_functions(source: str) -> None:
    check_program(source)


@settings(SETTINGS, max_examples=QUICK_HYPOTHESMITH)
@given(hypothesmith.from_grammar())
def test_hypothesmith_grammar_programs_never_crash(source: str) -> None:
    # Mostly programs without functions: the point is that nothing odd raises.
    check_program(source, libcst_may_reject=True)


@pytest.mark.slow
@settings(SETTINGS, max_examples=FULL_HYPOTHESMITH)
@given(hypothesmith.from_grammar())
def test_many_hypothesmith_grammar_programs_never_crash(source: str) -> None:
    check_program(source, libcst_may_reject=True)


def test_the_structured_generator_writes_what_it_claims() -> None:
    """A fixed example of the generator's output shape, so a change to it is visible."""
    source = _render(
        _clause(
            "if FLAG:",
            [(0, "@decorator"), (0, "def f(a):"), (1, 'x = """first'), (None, "  y"), (None, 'last"""')],
        )
    )
    assert source == textwrap.dedent(
        '''\
        if FLAG:
            @decorator
            def f(a):
                x = """first
          y
        last"""
        '''
    )
    check_program(source)
