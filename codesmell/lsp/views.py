"""Pure conversions from codesmell's results to what an editor shows: no pygls, no I/O.

Lines here are codesmell's (1-based); the server turns them into LSP positions (0-based).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from codesmell.config import Config
from codesmell.model import FileResult, Finding, FunctionMetrics, Suggestion
from codesmell.rules.verdict import judge

SEVERITY_ERROR, SEVERITY_WARNING, SEVERITY_INFORMATION = 1, 2, 3


@dataclass(frozen=True)
class Diagnostic:
    line: int  # 1-based
    col: int  # 0-based
    end_line: int
    end_col: int
    severity: int  # LSP DiagnosticSeverity
    code: str
    message: str


@dataclass(frozen=True)
class ExtractAction:
    title: str
    start_line: int
    end_line: int
    name: str
    qualname: str


def diagnostics(findings: Sequence[Finding], lines: Sequence[str]) -> list[Diagnostic]:
    """One diagnostic per finding, underlining the `def` line from its indentation to its end."""
    out = []
    for finding in findings:
        line = max(finding.line, 1)
        text = lines[line - 1] if line <= len(lines) else ""
        severity = SEVERITY_ERROR if finding.severity in ("critical", "error") else SEVERITY_WARNING
        out.append(Diagnostic(line, finding.col, line, max(len(text.rstrip()), finding.col + 1), severity,
                              finding.code, finding.message))
    return out


def function_at(result: FileResult, line: int) -> FunctionMetrics | None:
    """The innermost function whose lines hold `line` (1-based)."""
    holding = [f for f in result.functions if f.line <= line <= f.end_line]
    return max(holding, key=lambda f: f.line, default=None)


def hover_markdown(function: FunctionMetrics, config: Config, path: str) -> str:
    thresholds = config.for_path(path).thresholds
    judgement = judge(function, thresholds)
    rows = [
        ("SLOC", function.sloc, "sloc"), ("statements", function.statements, "statements"),
        ("locals", function.locals, "locals"), ("parameters", function.params, "params"),
        ("logic blocks", function.logic_blocks, "logic_blocks"), ("cyclomatic", function.cyclomatic, "cyclomatic"),
        ("cognitive", function.cognitive, "cognitive"), ("nesting", function.max_nesting, "max_nesting"),
    ]
    table = ["| metric | value | warning / critical |", "| --- | ---: | --- |"]
    for label, value, key in rows:
        limit = thresholds[key]
        table.append(f"| {label} | {value} | {limit.warning} / {limit.critical} |")
    head = (f"**{function.qualname}**: {judgement.verdict}, priority {judgement.priority:g}"
            f" — {function.shape}, {function.concerns} concern{'s' if function.concerns != 1 else ''}")
    increments = [f"- line {inc.line}: {inc.metric} +{inc.amount} {inc.reason}"
                  for inc in sorted(function.increments, key=lambda i: (i.line, i.metric))]
    parts = [head, "", *table]
    if increments:
        parts += ["", "Increments:", *increments]
    if function.suggestions:
        best = function.suggestions[0]
        parts += ["", f"Extract Method: lines {best.start_line}-{best.end_line} → `{best.name}`"
                      f" (needs {', '.join(best.params) or '-'}; returns {', '.join(best.returns) or '-'})"]
    return "\n".join(parts)


def extract_actions(function: FunctionMetrics, first: int, last: int) -> list[ExtractAction]:
    """The function's suggestions that overlap the selected lines (every one when the cursor is on the `def`)."""
    on_header = first <= function.line <= last
    chosen: list[Suggestion] = [s for s in function.suggestions
                                if on_header or (s.start_line <= last and first <= s.end_line)]
    return [ExtractAction(f"Extract Method: lines {s.start_line}-{s.end_line} → {s.name}",
                          s.start_line, s.end_line, s.name, function.qualname) for s in chosen]
