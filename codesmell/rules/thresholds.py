"""Metrics + thresholds -> Findings.

By default one long-method finding per function (CSM100/CSM200, the combined
verdict of `codesmell.rules.verdict`); the per-metric hard limits (CSM101-108 /
CSM201-208, one line per exceeded metric, one tier each) when selected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from codesmell.config import Config
from codesmell.model import FileError, FileResult, Finding, FunctionMetrics, NotebookMap, Suggestion
from codesmell.rules.codes import (
    LONG_METHOD_CRITICAL,
    LONG_METHOD_METRIC,
    LONG_METHOD_WARNING,
    PARSER_LIMIT,
    RULES,
)
from codesmell.rules.noqa import is_suppressed
from codesmell.rules.verdict import (
    CRITICAL,
    OK,
    Judgement,
    assess,
    judge,
    long_method_message,
    warning_priority,
)

_LABELS = {
    "sloc": "SLOC",
    "cyclomatic": "cyclomatic complexity",
    "cognitive": "cognitive complexity",
    "statements": "statements",
    "locals": "local variables",
    "params": "parameters",
    "logic_blocks": "logic blocks",
    "max_nesting": "nesting depth",
}


def function_findings(path: str, function: FunctionMetrics, config: Config) -> Iterator[Finding]:
    """The long-method finding, then every per-metric threshold exceeded (critical replacing warning).

    Each carries the function's `priority` in `extra`, so every list can be ordered by it.
    """
    verdict, priority = assess(function, config.thresholds)
    if verdict != OK:  # the full judgement (for the message) only for the few it flags
        finding = long_method_finding(path, function, config, judge(function, config.thresholds))
        if finding is not None:
            yield finding
    for rule in RULES:
        limit = config.thresholds[rule.metric]
        value = function.metric(rule.metric)
        if value > limit.critical:
            code, severity, threshold = rule.critical_code, "critical", limit.critical
        elif value > limit.warning:
            code, severity, threshold = rule.warning_code, "warning", limit.warning
        else:
            continue
        if not config.is_enabled(code):
            continue
        message = (
            f"{rule.title} '{function.qualname}': {_LABELS[rule.metric]} {value} > {threshold}"
            f" ({severity})"
        )
        if rule.metric == "sloc" and function.suggestions:  # CSM101/CSM201: name the block to extract
            message += "; " + suggestion_hint(function.suggestions[0])
        yield Finding(
            path=path,
            line=function.line,
            col=function.col,
            code=code,
            message=message,
            severity=severity,
            qualname=function.qualname,
            metric=rule.metric,
            value=value,
            threshold=threshold,
            extra={"priority": priority},
        )


def long_method_finding(
    path: str, function: FunctionMetrics, config: Config, judgement: Judgement
) -> Finding | None:
    """CSM100/CSM200 when the combined verdict is not ok and the code is selected.

    `value` is the priority (the baseline's "worse" is "higher priority"); `extra`
    holds the verdict's inputs and `exceeded`, the per-metric values above their
    warning thresholds, by which a baseline of per-metric findings still judges it.
    """
    if judgement.verdict == OK:
        return None
    critical = judgement.verdict == CRITICAL
    code = LONG_METHOD_CRITICAL if critical else LONG_METHOD_WARNING
    if not config.is_enabled(code):
        return None
    hint = suggestion_hint(function.suggestions[0]) if function.suggestions else None
    exceeded = {
        rule.metric: function.metric(rule.metric)
        for rule in RULES
        if function.metric(rule.metric) > config.thresholds[rule.metric].warning
    }
    return Finding(
        path=path,
        line=function.line,
        col=function.col,
        code=code,
        message=long_method_message(function, judgement, hint),
        severity=judgement.verdict,
        qualname=function.qualname,
        metric=LONG_METHOD_METRIC,
        value=judgement.priority,
        threshold=50.0 if critical else warning_priority(config.thresholds),
        extra={
            "verdict": judgement.verdict,
            "priority": judgement.priority,
            "shape": function.shape,
            "concerns": function.concerns,
            "exceeded": exceeded,
        },
    )


def suggestion_hint(suggestion: Suggestion) -> str:
    """`consider extracting lines 30-45 into _issue_token (needs user, db; returns token)`.

    The name says what the block does, so the message alone tells the reader what to pull out.
    """
    parts = []
    if suggestion.params:
        parts.append("needs " + ", ".join(suggestion.params))
    if suggestion.returns:
        parts.append("returns " + ", ".join(suggestion.returns))
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"consider extracting lines {suggestion.start_line}-{suggestion.end_line} into {suggestion.name}{detail}"


def error_finding(path: str, error: FileError) -> Finding:
    return Finding(
        path=path,
        line=error.line,
        col=error.col,
        code=error.code,
        message=error.message,
        severity="error",
    )


def _ignored_error(error: FileError, config: Config) -> bool:
    """Only CSM906 (valid Python LibCST cannot read) can be switched off, and only by a matching `ignore`.

    Every other unanalysable file always fails the gate: a file nobody measured
    must not look like a clean one.
    """
    return error.code == PARSER_LIMIT and any(error.code.startswith(p) for p in config.ignore) and not config.is_enabled(error.code)


def file_findings(result: FileResult, config: Config) -> list[Finding]:
    """Findings for one file with per-path overrides and `# noqa` applied."""
    config = config.for_path(result.path)
    findings = [error_finding(result.path, error) for error in result.errors if not _ignored_error(error, config)]
    for function in result.functions:
        # A `# noqa` anywhere on the (possibly multi-line) header covers the function.
        header = range(function.line, max(function.header_end_line, function.line) + 1)
        for finding in function_findings(result.path, function, config):
            if not is_suppressed(finding.code, header, result.noqa):
                findings.append(finding)
    if result.maintainability is not None or any(f.halstead for f in result.functions):
        from codesmell.rules.halstead import radon_findings

        findings.extend(f for f in radon_findings(result, config) if not is_suppressed(f.code, range(f.line, f.line + 1), result.noqa))
    if result.notebook is not None:
        return [in_notebook(finding, result.notebook) for finding in findings]
    return findings


def in_notebook(finding: Finding, notebook: NotebookMap) -> Finding:
    """A finding with its place in the notebook: `cell`, `cell_line` and `ipynb_line` in `extra`.

    `line` stays the line of the joined code cells, which every rule, the baseline and
    the report use; the outputs a person reads show the cell and the line in it.
    """
    cell, line = notebook.locate(finding.line)
    if cell == 0:  # a whole-file error before any code cell (e.g. not a notebook at all)
        return finding
    return replace(finding, extra={**finding.extra, "cell": cell, "cell_line": line,
                                   "ipynb_line": notebook.ipynb_line(finding.line)})


def all_findings(results: Iterable[FileResult], config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for result in results:
        findings.extend(file_findings(result, config))
    return findings


def worst_tier(function: FunctionMetrics, config: Config) -> str:
    """"critical", "warning" or "ok": the worst tier any metric reaches (the verdict before issue 12).

    Kept for comparison (the calibration test prints it); outputs use `verdict.judge`.
    """
    worst = "ok"
    for rule in RULES:
        limit = config.thresholds[rule.metric]
        value = function.metric(rule.metric)
        if value > limit.critical:
            return "critical"
        if value > limit.warning:
            worst = "warning"
    return worst


SORT_ORDERS = ("path", "priority")


def sort_findings(findings: Iterable[Finding], by: str) -> list[Finding]:
    """`path`: as analysed (file by file, in source order); `priority`: split-first order.

    By priority, files that could not be analysed come first (they always fail the
    gate), then function findings by descending priority; ties keep the path order.
    """
    ordered = list(findings)
    if by == "priority":
        ordered.sort(key=lambda f: (f.severity != "error", -float(f.extra.get("priority", 0.0))))
    elif by != "path":
        raise ValueError(f"unknown order {by!r} (known: {', '.join(SORT_ORDERS)})")
    return ordered
