"""The combined long-method verdict and priority, on hand-made metrics (codesmell.rules.verdict).

Expected values are worked out from the formula in the module docstring (and the README)
with the default thresholds: SLOC 20/50, statements 30, cognitive 15/30, nesting 3, locals 7.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from codesmell.config import Config, Threshold
from codesmell.model import FunctionMetrics, Increment
from codesmell.rules.verdict import (
    critical_line,
    expression_cognitive,
    judge,
    long_method_message,
    warning_priority,
)
from codesmell.run.analyze import analyze_source

DEFAULTS = Config().thresholds
# 1.1 * (50/20) ** 0.4 * (30/15) ** 0.6 = 1.1 * 1.4427 * 1.5157
LINE = 2.40540


def metrics(**values: object) -> FunctionMetrics:
    base: dict[str, object] = dict(
        qualname="f", name="f", line=1, end_line=2, col=0, header_end_line=1, sloc=2, statements=1,
        locals=0, params=0, logic_blocks=0, cyclomatic=1, cognitive=0, max_nesting=0, is_method=False,
        is_async=False,
    )
    base.update(values)
    return FunctionMetrics(**base)  # type: ignore[arg-type]


def test_the_lines_follow_the_thresholds() -> None:
    assert critical_line(DEFAULTS) == pytest.approx(LINE, abs=1e-4)
    assert warning_priority(DEFAULTS) == 29.4  # 100 / (1 + 2.4054)
    doubled = {**DEFAULTS, "sloc": Threshold(20, 100)}  # (100/20) ** 0.4 = 1.9037
    assert critical_line(doubled) == pytest.approx(1.1 * 1.9037 * 1.5157, abs=1e-3)


def test_a_long_flat_dispatch_is_ok() -> None:
    # 60 SLOC of one-line `case` arms: bulk 3 * 0.25 = 0.75, tangle max(1, 2) / 15 = 0.1333
    handle = metrics(sloc=60, statements=40, cognitive=1, max_nesting=1, locals=2, shape="flat-dispatch")
    judged = judge(handle, DEFAULTS)
    assert (judged.bulk, judged.tangle) == (0.75, 0.1333)
    assert judged.score == pytest.approx(0.75**0.4 * (2 / 15) ** 0.6, abs=1e-4)  # 0.2661
    assert (judged.verdict, judged.priority) == ("ok", 10.0)  # 100 * 0.2661 / (0.2661 + 2.4054)
    # only an extreme one is flagged: a score of 1 needs bulk 0.1333 ** -1.5 = 20.5, i.e. 1,643 SLOC
    assert judge(replace(handle, sloc=1600), DEFAULTS).verdict == "ok"
    assert judge(replace(handle, sloc=1700), DEFAULTS).verdict == "warning"


def test_the_shape_sets_how_much_size_costs() -> None:
    # 60 SLOC, cognitive 30, nesting 3: tangle 2; bulk 3 times the shape's factor
    function = metrics(sloc=60, statements=40, cognitive=30, max_nesting=3, locals=5)
    verdicts = {shape: judge(replace(function, shape=shape), DEFAULTS).verdict
                for shape in ("flat-dispatch", "declarative", "sequential", "tangled", "short")}
    # 0.75**0.4 * 2**0.6 = 1.35; 0.9 -> 1.45; 2.55 -> 2.20; 3.6 -> 2.53; 3 -> 2.35
    assert verdicts == {"flat-dispatch": "warning", "declarative": "warning", "sequential": "warning",
                        "tangled": "critical", "short": "warning"}
    priorities = [judge(replace(function, shape=s), DEFAULTS).priority
                  for s in ("flat-dispatch", "declarative", "sequential", "short", "tangled")]
    assert priorities == sorted(priorities)


def test_tangled_and_multi_concern_functions_are_judged_strictly() -> None:
    # 40 SLOC, cognitive 30, nesting 5, 3 concerns: tangle 2 * 1.4 * 1.1 = 3.08
    function = metrics(sloc=40, statements=30, cognitive=30, max_nesting=5, locals=7, concerns=3)
    tangled = judge(replace(function, shape="tangled"), DEFAULTS)  # bulk 2.4
    sequential = judge(replace(function, shape="sequential"), DEFAULTS)  # bulk 1.7
    assert tangled.tangle == 3.08
    assert tangled.score == pytest.approx(2.4**0.4 * 3.08**0.6, abs=1e-3)  # 2.79
    assert (tangled.verdict, sequential.verdict) == ("critical", "critical")
    assert sequential.score == pytest.approx(1.7**0.4 * 3.08**0.6, abs=1e-3)  # 2.43, just above the line
    one_concern = judge(replace(function, shape="tangled", concerns=1), DEFAULTS)
    assert one_concern.priority < tangled.priority


def test_state_and_nesting_add_to_the_tangle() -> None:
    base = metrics(sloc=30, statements=25, cognitive=15, max_nesting=3, locals=7, shape="sequential")
    assert judge(base, DEFAULTS).tangle == 1.0
    # 21 locals: 14 beyond 7 -> 1 + 0.5 * 2 = 2; nesting 5: 1 + 0.2 * 2 = 1.4
    assert judge(replace(base, locals=21), DEFAULTS).tangle == 2.0
    assert judge(replace(base, max_nesting=5), DEFAULTS).tangle == 1.4
    assert judge(replace(base, locals=21), DEFAULTS).priority > judge(base, DEFAULTS).priority


def test_expression_level_increments_are_the_boolean_sequences_and_unnested_conditionals() -> None:
    source = (
        "def f(a, b, c, items):\n"
        "    x = a and b\n"              # boolean sequence and: 1, expression-level
        "    y = a or b and c\n"         # boolean sequence or and: 2, expression-level
        "    z = a if b else c\n"        # conditional expression at nesting 0: 1, expression-level
        "    for i in items:\n"          # for: 1, structural
        "        w = a if i else b\n"    # conditional expression (nesting 1): 2, structural
        "        if i and a:\n"          # if (nesting 1): 2, structural; boolean sequence and: 1
        "            pass\n"
        "    return x, y, z, w\n"
    )
    result = analyze_source(source.encode(), "f.py", with_graph=False)
    (function,) = result.functions
    assert function.cognitive == 10  # the reported metric is SonarSource's, unchanged
    assert expression_cognitive(function) == 1 + 2 + 1 + 1


def test_expression_level_logic_weighs_half_in_the_tangle() -> None:
    # A 60-SLOC sequential constructor of cognitive 40: 4 structural `if`s and 18 boolean
    # sequences `and or` (2 each, 36) in the values of its assignments.
    booleans = tuple(Increment("cognitive", line, 2, "boolean sequence and or") for line in range(10, 28))
    ifs = tuple(Increment("cognitive", line, 1, "if") for line in range(30, 34))
    flags = metrics(sloc=60, statements=40, cognitive=40, max_nesting=1, locals=5, shape="sequential",
                    increments=booleans + ifs)
    judged = judge(flags, DEFAULTS)
    # felt 40 - 0.5 * 36 = 22: tangle 22 / 15 = 1.4667, bulk 3 * 0.85 = 2.55
    assert (judged.bulk, judged.tangle) == (2.55, 1.4667)
    assert judged.score == pytest.approx(2.55**0.4 * (22 / 15) ** 0.6, abs=1e-3)  # 1.83: a warning
    assert judged.verdict == "warning"
    # the same 40 as nested control flow is felt in full: 2.55**0.4 * (40/15)**0.6 = 2.62 > 2.4054
    nested = tuple(Increment("cognitive", line, 2, "if (nesting 1)") for line in range(10, 28))
    structural = judge(replace(flags, increments=nested + ifs), DEFAULTS)
    assert (structural.tangle, structural.verdict) == (2.6667, "critical")
    # a conditional expression nested in control flow stays structural
    inner = tuple(Increment("cognitive", line, 2, "conditional expression (nesting 1)") for line in range(10, 28))
    assert judge(replace(flags, increments=inner + ifs), DEFAULTS).tangle == 2.6667
    # and a function whose logic is all expressions keeps the floor: max(4 - 0.5 * 4, 2) / 15
    small = metrics(sloc=30, statements=25, cognitive=4, shape="sequential",
                    increments=tuple(Increment("cognitive", n, 1, "conditional expression") for n in range(2, 6)))
    assert judge(small, DEFAULTS).tangle == 0.1333


def test_a_short_but_tangled_function_is_at_most_a_warning() -> None:
    # 15 SLOC, cognitive 40, nesting 6: bulk 0.75, tangle 40/15 * 1.6 = 4.267 -> 2.13: a warning
    knot = metrics(sloc=15, statements=12, cognitive=40, max_nesting=6)
    judged = judge(knot, DEFAULTS)
    assert (judged.long, judged.verdict) == (False, "warning")
    assert judged.score == pytest.approx(0.75**0.4 * (40 / 15 * 1.6) ** 0.6, abs=1e-3)
    # far worse, still within the size thresholds: capped on the critical line, priority 50
    worse = judge(replace(knot, sloc=19, cognitive=90, max_nesting=8), DEFAULTS)
    assert (worse.verdict, worse.priority) == ("warning", 50.0)
    # a short function of ordinary complexity is fine: 0.75**0.4 * (10/15)**0.6 = 0.70
    assert judge(metrics(sloc=15, statements=12, cognitive=10, max_nesting=2), DEFAULTS).verdict == "ok"


def test_the_configured_thresholds_still_mean_something() -> None:
    # a 60-line sequential recipe of cognitive 10: bulk 2.55, score 1.14 -> a warning by default
    recipe = metrics(sloc=60, statements=40, cognitive=10, max_nesting=2, shape="sequential")
    assert judge(recipe, DEFAULTS).verdict == "warning"
    # a team that allows 40 SLOC: bulk 1.275, score 1.275**0.4 * (10/15)**0.6 = 0.86 -> ok
    loose = {**DEFAULTS, "sloc": Threshold(40, 100)}
    assert judge(recipe, loose).verdict == "ok"
    # and one that allows less cognitive complexity sees it sooner: cognitive warning 5 -> tangle 2
    strict = {**DEFAULTS, "cognitive": Threshold(5, 10)}
    assert judge(recipe, strict).verdict in ("warning", "critical")
    assert judge(recipe, strict).score > judge(recipe, DEFAULTS).score


def test_priority_and_verdict_agree() -> None:
    for cognitive in range(0, 120, 7):
        for sloc in range(5, 200, 13):
            judged = judge(metrics(sloc=sloc, statements=sloc, cognitive=cognitive, max_nesting=4), DEFAULTS)
            assert 0 <= judged.priority <= 100
            if judged.verdict == "critical":
                assert judged.priority >= 50
            else:
                assert judged.priority <= 50
            if judged.verdict == "ok":
                assert judged.priority <= 29.4


def test_the_message_says_why_in_a_reviewers_words() -> None:
    function = metrics(qualname="Parser.parse_block", sloc=34, statements=30, cognitive=41, max_nesting=6,
                       concerns=3, shape="tangled")
    judged = judge(function, DEFAULTS)
    hint = "consider extracting lines 40-58 (needs user, db; returns token)"
    assert long_method_message(function, judged, hint) == (
        "long method 'Parser.parse_block': 34 SLOC in 3 concerns, nesting 6, cognitive 41 (tangled); "
        "consider extracting lines 40-58 (needs user, db; returns token)"
    )
    one = replace(function, concerns=1, shape="short")
    assert long_method_message(one, judge(one, DEFAULTS), None) == (
        "long method 'Parser.parse_block': 34 SLOC in 1 concern, nesting 6, cognitive 41"
    )
    short = metrics(qualname="knot", sloc=15, statements=12, cognitive=40, max_nesting=6)
    assert long_method_message(short, judge(short, DEFAULTS), None) == (
        "tangled function 'knot': 15 SLOC, nesting 6, cognitive 40 (short but tangled)"
    )
