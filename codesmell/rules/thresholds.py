"""Metrics + thresholds -> Findings: one line per exceeded metric, one tier each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from codesmell.config import Config
from codesmell.model import FileError, FileResult, Finding, FunctionMetrics, Suggestion
from codesmell.noqa import is_suppressed
from codesmell.rules.codes import PARSER_LIMIT, RULES

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
    """Every threshold `function` exceeds, critical tier replacing warning."""
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
        )


def suggestion_hint(suggestion: Suggestion) -> str:
    """`consider extracting lines 30-45 (needs user, db; returns token)`."""
    parts = []
    if suggestion.params:
        parts.append("needs " + ", ".join(suggestion.params))
    if suggestion.returns:
        parts.append("returns " + ", ".join(suggestion.returns))
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"consider extracting lines {suggestion.start_line}-{suggestion.end_line}{detail}"


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
    return findings


def all_findings(results: Iterable[FileResult], config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for result in results:
        findings.extend(file_findings(result, config))
    return findings


def verdict(function: FunctionMetrics, config: Config) -> str:
    """"critical", "warning" or "ok": the worst tier any metric reaches."""
    worst = "ok"
    for rule in RULES:
        limit = config.thresholds[rule.metric]
        value = function.metric(rule.metric)
        if value > limit.critical:
            return "critical"
        if value > limit.warning:
            worst = "warning"
    return worst
