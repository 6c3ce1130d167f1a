"""Metrics + configuration -> findings (codesmell.rules.thresholds), on hand-made metrics."""

from __future__ import annotations

from dataclasses import replace

import pytest

from codesmell.config import Config, Threshold
from codesmell.model import FileError, FileResult, Finding, FunctionMetrics, Suggestion
from codesmell.rules.thresholds import (
    error_finding,
    file_findings,
    function_findings,
    sort_findings,
    suggestion_hint,
    worst_tier,
)

HARD_LIMITS = Config(select=("CSM",))


def metrics(**values: object) -> FunctionMetrics:
    base: dict[str, object] = dict(
        qualname="f", name="f", line=3, end_line=40, col=4, header_end_line=3, sloc=2, statements=1,
        locals=0, params=0, logic_blocks=0, cyclomatic=1, cognitive=0, max_nesting=0, is_method=False,
        is_async=False,
    )
    base.update(values)
    return FunctionMetrics(**base)  # type: ignore[arg-type]


# 34 SLOC, cognitive 41, nesting 6, 3 concerns, tangled: critical (see test_verdict)
KNOT = metrics(qualname="K.knot", sloc=34, statements=30, cognitive=41, max_nesting=6, concerns=3,
               shape="tangled", cyclomatic=18, logic_blocks=9, locals=5)
# 60 SLOC flat dispatch: ok for the combined verdict, critical for the SLOC and cyclomatic limits
DISPATCH = metrics(qualname="handle", sloc=60, statements=40, cognitive=1, max_nesting=1, cyclomatic=23,
                   logic_blocks=1, shape="flat-dispatch")


def codes(function: FunctionMetrics, config: Config) -> list[str]:
    return [f.code for f in function_findings("m.py", function, config)]


def test_by_default_one_long_method_finding_and_no_per_metric_codes() -> None:
    assert codes(KNOT, Config()) == ["CSM200"]
    assert codes(DISPATCH, Config()) == []


def test_the_long_method_finding_carries_the_judgement() -> None:
    [finding] = function_findings("m.py", KNOT, Config())
    assert (finding.path, finding.line, finding.col, finding.severity) == ("m.py", 3, 4, "critical")
    assert (finding.qualname, finding.metric) == ("K.knot", "long_method")
    assert finding.message == "long method 'K.knot': 34 SLOC in 3 concerns, nesting 6, cognitive 41 (tangled)"
    assert finding.value == finding.extra["priority"] > 50 and finding.threshold == 50.0
    assert finding.extra["verdict"] == "critical" and finding.extra["shape"] == "tangled"
    # the per-metric values over their warning thresholds, for legacy baselines
    assert finding.extra["exceeded"] == {"sloc": 34, "cyclomatic": 18, "cognitive": 41, "logic_blocks": 9,
                                         "max_nesting": 6}


def test_a_warning_names_the_warning_line_as_its_threshold() -> None:
    knot = replace(KNOT, sloc=22, statements=20, cognitive=30, max_nesting=3, concerns=1)
    [finding] = function_findings("m.py", knot, Config())
    assert (finding.code, finding.severity, finding.threshold) == ("CSM100", "warning", 29.4)


def test_the_best_suggestion_ends_the_message() -> None:
    suggestion = Suggestion(40, 58, 17, 6, ("user", "db"), ("token",), "issue_token", "function", False, 2.5)
    [finding] = function_findings("m.py", replace(KNOT, suggestions=(suggestion,)), Config())
    assert finding.message.endswith("(tangled); " + suggestion_hint(suggestion))
    assert suggestion_hint(suggestion) == "consider extracting lines 40-58 into issue_token (needs user, db; returns token)"


def test_hard_limits_when_selected_one_per_exceeded_metric_critical_replacing_warning() -> None:
    # SLOC 60 > 50 critical; cyclomatic 23 > 20 critical; statements 40 > 30 warning
    assert codes(DISPATCH, HARD_LIMITS) == ["CSM201", "CSM202", "CSM104"]
    [sloc, cyclomatic, statements] = function_findings("m.py", DISPATCH, HARD_LIMITS)
    assert sloc.message == "long function 'handle': SLOC 60 > 50 (critical)"
    assert (cyclomatic.metric, cyclomatic.value, cyclomatic.threshold) == ("cyclomatic", 23, 20)
    assert statements.severity == "warning"
    # every function finding carries its function's priority, so any list can be ordered by it
    assert {f.extra["priority"] for f in (sloc, cyclomatic, statements)} == {10.0}


def test_extend_select_adds_the_hard_limits_to_the_default() -> None:
    both = Config(select=("CSM100", "CSM200", "CSM3", "CSM9", "CSM1", "CSM2"))
    assert codes(KNOT, both)[0] == "CSM200"
    assert set(codes(KNOT, both)[1:]) == {"CSM101", "CSM102", "CSM203", "CSM107", "CSM208"}
    # the worst-tier behaviour: every per-metric code and no long-method finding
    before = Config(select=("CSM1", "CSM2", "CSM9"), ignore=("CSM100", "CSM200"))
    assert "CSM200" not in codes(KNOT, before) and "CSM203" in codes(KNOT, before)


def test_a_value_on_the_threshold_is_not_reported() -> None:
    at = metrics(sloc=20, statements=30, cognitive=15, max_nesting=3, locals=7, params=4, cyclomatic=10,
                 logic_blocks=7)
    assert codes(at, HARD_LIMITS) == []
    assert worst_tier(at, HARD_LIMITS) == "ok"


def test_worst_tier_is_the_verdict_before_issue_12() -> None:
    assert worst_tier(DISPATCH, Config()) == "critical"
    assert worst_tier(replace(DISPATCH, sloc=30, cyclomatic=5, statements=5), Config()) == "warning"
    loose = Config(thresholds={**Config().thresholds, "sloc": Threshold(100, 200),
                               "cyclomatic": Threshold(100, 200), "statements": Threshold(100, 200)})
    assert worst_tier(DISPATCH, loose) == "ok"


def test_file_findings_apply_noqa_on_the_header_and_per_path_overrides() -> None:
    result = FileResult(path="pkg/m.py", module="pkg.m", functions=(KNOT, replace(KNOT, qualname="other", line=50,
                        header_end_line=52)), noqa=((52, frozenset({"CSM200"})),),
                        errors=(FileError("CSM901", "syntax error", 7, 2),))
    found = file_findings(result, Config())
    assert [(f.code, f.qualname) for f in found] == [("CSM901", ""), ("CSM200", "K.knot")]
    assert found[0] == error_finding("pkg/m.py", FileError("CSM901", "syntax error", 7, 2))
    assert found[0].severity == "error" and (found[0].line, found[0].col) == (7, 2)


def test_sort_by_priority_puts_errors_first_then_the_highest_priority() -> None:
    low = Finding("a.py", 1, 0, "CSM100", "m", "warning", "a", "long_method", 35.0, 29.4, {"priority": 35.0})
    high = Finding("b.py", 1, 0, "CSM200", "m", "critical", "b", "long_method", 70.0, 50.0, {"priority": 70.0})
    metric = Finding("a.py", 1, 0, "CSM101", "m", "warning", "a", "sloc", 30, 20, {"priority": 35.0})
    error = Finding("c.py", 1, 0, "CSM901", "m", "error")
    findings = [low, metric, high, error]
    assert sort_findings(findings, "path") == findings
    assert sort_findings(findings, "priority") == [error, high, low, metric]  # ties keep their order
    with pytest.raises(ValueError, match="unknown order"):
        sort_findings(findings, "size")
