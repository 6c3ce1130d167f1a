"""The combined long-method verdict and the split-first priority (issue 12).

Pure: a function's metrics and the configured thresholds in, one `Judgement`
out. Every figure is relative to the thresholds of `[tool.codesmell.thresholds]`,
so raising `sloc.warning` tolerates longer functions here too. The README's
"The long-method verdict" section states the same formula in words.

    bulk    = max(sloc / sloc.warning, statements / statements.warning) * SHAPE_SIZE[shape]
    felt    = cognitive - (1 - EXPRESSION_WEIGHT) * expression-level cognitive increments
    tangle  = max(felt, COGNITIVE_FLOOR) / cognitive.warning
              * (1 + NESTING_WEIGHT * max(0, max_nesting - max_nesting.warning))
              * (1 + LOCALS_WEIGHT * max(0, locals - locals.warning) / locals.warning)
              * (1 + CONCERN_WEIGHT * (concerns - 1))
    score   = bulk ** SIZE_EXPONENT * tangle ** (1 - SIZE_EXPONENT)
    line    = CRITICAL_MARGIN * (sloc.critical / sloc.warning) ** SIZE_EXPONENT
                              * (cognitive.critical / cognitive.warning) ** (1 - SIZE_EXPONENT)

The expression-level increments are the ones SonarSource's white paper calls fundamental
rather than structural: sequences of boolean operators (wherever they are), and conditional
expressions (`x if c else y`) that are not nested inside control flow. They add no nesting
and are read in place, so a straight run of assignments with boolean logic in its values
(a constructor, a table of flags) is not the tangle a nested `if` in a loop is. The reported
`cognitive` metric is unchanged; only the verdict weighs its increments.

A function exactly at the warning thresholds of size and cognitive complexity
scores 1 (the warning line); the critical line sits CRITICAL_MARGIN above the
score of a function at both critical thresholds. A function that is not long
(SLOC and statements within their warning thresholds) is at most a warning,
however tangled. `priority = 100 * score / (score + line)` puts the critical
line at 50: critical functions have priority >= 50, the others <= 50.

The weights were tuned on the `tune` half of the reviewed set (fixtures/reviewed)
only; tests/rules/test_calibration.py prints the figures of both halves.

With git history (issue 19), `hotspot = priority * commits / (commits + CHURN_HALF)`:
the split-first order when the churn of the window is known. `priority` itself never
changes with history (baselines compare it); the long-method message says the churn.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from math import floor
from typing import NamedTuple

from codesmell.config import Threshold
from codesmell.model import FunctionMetrics

OK, WARNING, CRITICAL = "ok", "warning", "critical"
BOOLEAN_REASON = "boolean sequence"  # the visitor's reasons for the expression-level increments
CONDITIONAL_REASON = "conditional expression"

# How much of its length a shape costs a reader (the bulk multiplier). A flat dispatch or a
# table is read one short arm at a time; a straight recipe is read once top to bottom.
SHAPE_SIZE: Mapping[str, float] = {
    "flat-dispatch": 0.25,
    "declarative": 0.3,
    "sequential": 0.85,
    "tangled": 1.2,
    "short": 1.0,  # no shape known (below the size floor, or metrics without shapes)
}
# What an expression-level cognitive increment (see `expression_cognitive`) weighs in the
# tangle, against 1 for a structural one (if/for/while/except/match, nested or not).
EXPRESSION_WEIGHT = 0.5
COGNITIVE_FLOOR = 2  # a body without any branch still has to be read
NESTING_WEIGHT = 0.2  # per level of nesting beyond the warning threshold
LOCALS_WEIGHT = 0.5  # per `locals.warning` (7) locals beyond the warning threshold: state to keep in mind
# Per concern beyond the first. Small because, on the tune half, multi-concern functions the
# reviewers accepted (constructors setting up independent attributes) outnumbered the ones it helped.
CONCERN_WEIGHT = 0.05
SIZE_EXPONENT = 0.4  # the weight of size against tangle in the (weighted geometric) mean
CRITICAL_MARGIN = 1.1  # the critical line, relative to a function at both critical thresholds


class Judgement(NamedTuple):
    """What the combined rule makes of one function (a tuple: built for every function of a run)."""

    verdict: str  # "ok", "warning" or "critical"
    priority: float  # 0-100, higher = split sooner; >= 50 when critical, <= 50 otherwise
    score: float  # 1.0 = the warning line, `critical_line` = the critical line
    bulk: float
    tangle: float
    long: bool  # SLOC or statements above their warning threshold


def critical_line(thresholds: Mapping[str, Threshold]) -> float:
    """CRITICAL_MARGIN times the score of a function at the critical thresholds of size and cognitive."""
    sloc, cognitive = thresholds["sloc"], thresholds["cognitive"]
    return _critical_line(sloc.warning, sloc.critical, cognitive.warning, cognitive.critical)


@lru_cache(maxsize=64)
def _critical_line(sloc_warning: int, sloc_critical: int, cognitive_warning: int, cognitive_critical: int) -> float:
    size = sloc_critical / max(sloc_warning, 1)
    cognitive = cognitive_critical / max(cognitive_warning, 1)
    return float(CRITICAL_MARGIN * size**SIZE_EXPONENT * cognitive ** (1 - SIZE_EXPONENT))


def judge(function: FunctionMetrics, thresholds: Mapping[str, Threshold]) -> Judgement:
    """The combined verdict and priority of `function` under `thresholds`, with the figures behind them."""
    score, bulk, tangle, long, line = _score(function, thresholds)
    verdict = CRITICAL if score > line else WARNING if score > 1.0 else OK
    return Judgement(verdict, _priority(score, line), round(score, 4), round(bulk, 4), round(tangle, 4), long)


def assess(function: FunctionMetrics, thresholds: Mapping[str, Threshold]) -> tuple[str, float]:
    """`(verdict, priority)` of `judge`, for the outputs that print it for every function of a run."""
    score, _, _, _, line = _score(function, thresholds)
    return (CRITICAL if score > line else WARNING if score > 1.0 else OK), _priority(score, line)


def _priority(score: float, line: float) -> float:
    """100 * score / (score + line) to one decimal (half up; `round` costs more than the rest)."""
    return floor(1000 * score / (score + line) + 0.5) / 10


def _score(function: FunctionMetrics, thresholds: Mapping[str, Threshold]) -> tuple[float, float, float, bool, float]:
    """(score, bulk, tangle, long, critical line); the score of a function that is not long is capped."""
    sloc, cognitive = thresholds["sloc"], thresholds["cognitive"]
    sloc_limit = max(sloc.warning, 1)
    statements_limit = max(thresholds["statements"].warning, 1)
    locals_limit = max(thresholds["locals"].warning, 1)
    long = function.sloc > sloc_limit or function.statements > statements_limit
    bulk = max(function.sloc / sloc_limit, function.statements / statements_limit)
    bulk *= SHAPE_SIZE.get(function.shape, 1.0)
    felt: float = function.cognitive
    if felt > COGNITIVE_FLOOR:
        felt -= (1 - EXPRESSION_WEIGHT) * expression_cognitive(function)
    tangle = max(felt, COGNITIVE_FLOOR) / max(cognitive.warning, 1)
    deeper = function.max_nesting - thresholds["max_nesting"].warning
    if deeper > 0:
        tangle *= 1 + NESTING_WEIGHT * deeper
    if function.locals > locals_limit:
        tangle *= 1 + LOCALS_WEIGHT * (function.locals - locals_limit) / locals_limit
    if function.concerns > 1:
        tangle *= 1 + CONCERN_WEIGHT * (function.concerns - 1)
    score = bulk**SIZE_EXPONENT * tangle ** (1 - SIZE_EXPONENT)
    line = _critical_line(sloc.warning, sloc.critical, cognitive.warning, cognitive.critical)
    if not long and score > line:
        score = line  # short but tangled: a warning at most
    return score, bulk, tangle, long, line


def expression_cognitive(function: FunctionMetrics) -> int:
    """The cognitive increments a reader takes in place: boolean sequences, un-nested `x if c else y`.

    Matched on the reasons `codesmell.metrics.visitor` records; a nested conditional expression's
    reason carries "(nesting n)" and stays structural, like the control flow around it.
    """
    return sum(
        i.amount
        for i in function.increments
        if i.metric == "cognitive" and (i.reason.startswith(BOOLEAN_REASON) or i.reason == CONDITIONAL_REASON)
    )


def verdict(function: FunctionMetrics, thresholds: Mapping[str, Threshold]) -> str:
    return assess(function, thresholds)[0]


def priority(function: FunctionMetrics, thresholds: Mapping[str, Threshold]) -> float:
    return assess(function, thresholds)[1]


def warning_priority(thresholds: Mapping[str, Threshold]) -> float:
    """The priority of a function on the warning line (score 1): 30.9 with the default thresholds."""
    return round(100 / (1 + critical_line(thresholds)), 1)


def long_method_message(function: FunctionMetrics, judgement: Judgement, hint: str | None) -> str:
    """Why, in a reviewer's words: size, concerns, nesting, cognitive, shape; then what to extract.

    `long method 'X': 34 SLOC in 3 concerns, nesting 6, cognitive 41 (tangled); consider ...`
    """
    if judgement.long:
        concerns = f"{function.concerns} concern" + ("s" if function.concerns != 1 else "")
        message = (
            f"long method '{function.qualname}': {function.sloc} SLOC in {concerns}, "
            f"nesting {function.max_nesting}, cognitive {function.cognitive}"
        )
        if function.shape != "short":
            message += f" ({function.shape})"
    else:
        message = (
            f"tangled function '{function.qualname}': {function.sloc} SLOC, "
            f"nesting {function.max_nesting}, cognitive {function.cognitive} (short but tangled)"
        )
    return f"{message}; {hint}" if hint else message


# ---------------------------------------------------------------- with history (issue 19)

# The commits of the window at which churn counts half: a function changed that often is half as
# urgent as its priority says, one changed far more often nearly all of it, one never changed not at all.
CHURN_HALF = 4


def churn_weight(commits: int) -> float:
    """commits / (commits + CHURN_HALF): 0 for a function nobody touched, towards 1 for one changed all the time."""
    return commits / (commits + CHURN_HALF) if commits > 0 else 0.0


def hotspot(priority: float, commits: int) -> float:
    """The split-first priority when history is known: priority x churn weight, 0-100, one decimal.

    A long, tangled function nobody changed in the window scores 0: it can wait. Of two
    functions of equal priority the one changed more often comes first, and a warning
    changed every week outranks a critical one changed once.
    """
    return floor(10 * priority * churn_weight(commits) + 0.5) / 10


def churn_note(commits: int, authors: int, since: str | None, score: float) -> str:
    """What the long-method message adds when history is known: `changed in 5 commits by 2 authors since ...`."""
    window = f" since {since}" if since else ""
    if commits == 0:
        return f"not changed{window} (hotspot 0)"
    plural = "s" if commits != 1 else ""
    people = f"{authors} author" + ("s" if authors != 1 else "")
    return f"changed in {commits} commit{plural} by {people}{window} (hotspot {score})"
