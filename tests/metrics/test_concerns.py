"""`concerns` and `concern_spans` on hand-written functions.

Expected values follow the definition in `codesmell.metrics.concerns` (and the
README): units are top-level statements (a dominant compound opened), linked
by the locals and `self.attr`s one binds and another reads; a component counts
when it spans >= 3 SLOC and is more than one simple statement. Cases start with
a newline after the quotes, so the `def` is on line 2. The small cases are
measured with the floor lowered to 0: the definition does not depend on size.
"""

from __future__ import annotations

import textwrap

from codesmell.cst.lines import index_lines
from codesmell.cst.walk import walk_code
from codesmell.metrics.shape import measure_long_functions
from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor
from codesmell.model import FunctionMetrics
from codesmell.run import source
from tests.metrics._helpers import only


def measured(code: str, qualname: str | None = None) -> FunctionMetrics:
    """The function of `code` (or the one named), with concerns measured whatever its size."""
    parsed = source.parse(textwrap.dedent(code).encode())
    assert not isinstance(parsed, source.FileError)
    lines = index_lines(parsed.module, parsed.line_count)
    visitor = FunctionMetricsVisitor(lines, parsed.line_count)
    walk_code(parsed.module, visitor, CODE_HOOKS)
    functions, _ = measure_long_functions(parsed.module, lines, visitor.results, min_sloc=0)
    if qualname is None:
        [function] = functions
        return function
    [function] = [f for f in functions if f.qualname == qualname]
    return function


def test_one_chain_of_data_is_one_concern() -> None:
    f = measured(
        """
        def word_counts(path):
            text = read(path)
            words = text.split()
            counts = count(words)
            return counts
        """
    )
    assert f.concerns == 1
    assert f.concern_spans == (((3, 6),),)


def test_two_independent_halves_are_two_concerns() -> None:
    f = measured(
        """
        def sync(a, b):
            x = load(a)
            y = x * 2
            save(y)
            p = fetch(b)
            q = p + 1
            send(q)
        """
    )
    assert f.concerns == 2
    assert f.concern_spans == (((3, 5),), ((6, 8),))


THREE_BLOCKS = """
    def reports(conn):
        a = conn.query("a")
        a2 = clean(a)
        report(a2)
        b = conn.query("b")
        b2 = clean(b)
        report(b2)
        c = conn.query("c")
        c2 = clean(c)
        report(c2)
    """


def test_three_blocks_on_a_parameter_are_three_concerns() -> None:
    # `conn` is a parameter: reading it links nothing
    f = measured(THREE_BLOCKS)
    assert f.concerns == 3
    assert f.concern_spans == (((3, 5),), ((6, 8),), ((9, 11),))


def test_one_shared_local_joins_three_blocks_into_one_concern() -> None:
    code = THREE_BLOCKS.replace("def reports(conn):", "def reports(dsn):\n        conn = connect(dsn)")
    f = measured(code)
    assert f.concerns == 1
    assert f.concern_spans == (((3, 12),),)


def test_self_attribute_written_then_read_links_statements() -> None:
    f = measured(
        """
        class C:
            def load(self, data):
                self.items = parse(data)
                log("parsed")
                self.count = len(self.items)
                other(data)
                report(self.count)
        """,
        "C.load",
    )
    # 4 -> 6 (self.items) -> 8 (self.count): one concern of 3 units; 5 and 7 share nothing
    assert f.concerns == 1
    assert f.concern_spans == (((4, 4), (6, 6), (8, 8)),)


def test_reading_self_alone_links_nothing() -> None:
    f = measured(
        """
        class C:
            def move(self, a, b):
                x = self.load(a)
                y = x + 1
                self.save(y)
                p = self.load(b)
                q = p + 1
                self.save(q)
        """,
        "C.move",
    )
    assert f.concerns == 2
    assert f.concern_spans == (((4, 6),), ((7, 9),))


def test_settings_table_of_independent_one_liners_is_one_concern() -> None:
    lines = "".join(f"            self.option_{i} = {i}\n" for i in range(12))
    f = measured("\nclass Settings:\n    def defaults(self):\n" + textwrap.indent(textwrap.dedent(lines), "        "),
                 "Settings.defaults")
    # twelve components of one 1-SLOC statement each: none is a concern, so the body is the one
    assert f.concerns == 1
    assert f.concern_spans == (((4, 15),),)


def test_a_with_holding_the_body_is_opened_up() -> None:
    f = measured(
        """
        def inspect(path):
            with open(path) as fh:
                head = fh.readline()
                kind = classify(head)
                emit(kind)
                body = fh.read()
                size = len(body)
                emit(size)
        """
    )
    # `fh` is bound by the opened header: a parameter of the body, it links nothing
    assert f.concerns == 2
    assert f.concern_spans == (((4, 6),), ((7, 9),))


def test_a_compound_statement_that_is_not_dominant_stays_one_unit() -> None:
    f = measured(
        """
        def inspect(path, other):
            with open(path) as fh:
                head = fh.readline()
                body = fh.read()
            a = load(other)
            b = a + 1
            emit(b)
        """
    )
    # the `with` holds 3 of 6 SLOC: one compound unit (3 SLOC), a concern on its own
    assert f.concerns == 2
    assert f.concern_spans == (((3, 5),), ((6, 8),))


def test_a_read_in_an_opened_loop_links_to_the_previous_iteration() -> None:
    f = measured(
        """
        def pairs(items):
            prev = None
            for item in items:
                if prev is not None:
                    emit(prev, item)
                note(item)
                more(item)
                prev = item
        """
    )
    # the `if` reads `prev`: from line 3 (before the loop) and line 9 (previous iteration);
    # `note`/`more` read only the loop variable
    assert f.concerns == 1
    assert f.concern_spans == (((3, 3), (5, 6), (9, 9)),)


def test_appending_to_a_shared_list_does_not_join_blocks() -> None:
    f = measured(
        """
        def audit(invoice, promotions):
            trail = []
            for promo in promotions:
                apply(invoice, promo)
                trail.append(promo.name)
            if invoice.gold:
                invoice.discount += 5
                trail.append("gold")
            return trail
        """
    )
    # `trail.append` is not a read of `trail`: the loop and the `if` are concerns of their own;
    # `trail = []` with `return trail` is 2 SLOC, too small to count
    assert f.concerns == 2
    assert f.concern_spans == (((4, 6),), ((7, 9),))


def test_closure_read_links_to_a_later_binding() -> None:
    f = measured(
        """
        def run(job):
            def report():
                show(result)
            result = job()
            check(result)
            report()
            done = finish(job)
            log(done)
            tidy(done)
        """,
        "run",
    )
    # `report` reads `result`, bound after it: {def (0 SLOC, lines 3-4), result =, check, report()}
    # is 3 SLOC, a concern only through that link; `done`'s chain is the second
    assert f.concerns == 2
    assert f.concern_spans == (((3, 7),), ((8, 10),))


def test_functions_at_or_below_the_floor_keep_the_defaults() -> None:
    f = only(
        """
        def sync(a, b):
            x = load(a)
            y = x * 2
            save(y)
            p = fetch(b)
            q = p + 1
            send(q)
        """
    )
    assert (f.concerns, f.concern_spans, f.shape) == (1, (), "short")
