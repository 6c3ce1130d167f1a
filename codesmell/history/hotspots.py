"""History meets the working tree: each function's churn and hotspot, findings that say so (pure).

The working tree's functions are matched to the history's by (path, qualified
name, occurrence): the n-th function of that qualname in the file. A function
the history does not know (new, not yet committed) has no churn: 0 commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from codesmell.history.model import Churn, FunctionHistory, History
from codesmell.history.series import function_keys
from codesmell.model import FileResult, Finding
from codesmell.rules.codes import LONG_METHOD_CRITICAL, LONG_METHOD_WARNING
from codesmell.rules.verdict import churn_note, hotspot

ChurnKey = tuple[str, str, int]  # path as shown, qualname, occurrence
NO_CHURN = Churn()


def churn_index(history: History) -> dict[ChurnKey, FunctionHistory]:
    """The history's functions still present at its newest revision, by (path, qualname, occurrence)."""
    return {(f.path, f.qualname, f.occurrence): f for f in history.functions if f.alive}


def churn_per_function(result: FileResult, index: Mapping[ChurnKey, FunctionHistory]) -> list[Churn]:
    """The churn of each of `result.functions`, in order."""
    out = []
    for qualname, occurrence in function_keys(result.functions):
        known = index.get((result.path, qualname, occurrence))
        out.append(known.churn if known is not None else NO_CHURN)
    return out


def churn_json_tail(churn: Churn, priority: float) -> str:
    """The keys `metrics --churn-since` adds after `priority`: `, "churn": {...}, "hotspot": H`."""
    return (f', "churn": {{"commits": {churn.commits:d}, "authors": {churn.authors:d}}}, '
            f'"hotspot": {hotspot(priority, churn.commits)!r}')


def annotate_findings(
    findings: Iterable[Finding],
    results: Sequence[FileResult],
    index: Mapping[ChurnKey, FunctionHistory],
    since: str | None,
) -> list[Finding]:
    """Each function finding with `churn` and `hotspot` in its extra; CSM100/CSM200 say it in the message."""
    churns: dict[tuple[str, int, str], Churn] = {}
    for result in results:
        for function, churn in zip(result.functions, churn_per_function(result, index), strict=True):
            churns[(result.path, function.line, function.qualname)] = churn
    out = []
    for finding in findings:
        if not finding.qualname:
            out.append(finding)
            continue
        churn = churns.get((finding.path, finding.line, finding.qualname), NO_CHURN)
        priority = float(finding.extra.get("priority", 0.0))
        score = hotspot(priority, churn.commits)
        extra = {**finding.extra, "churn": {"commits": churn.commits, "authors": churn.authors}, "hotspot": score}
        message = finding.message
        if finding.code in (LONG_METHOD_WARNING, LONG_METHOD_CRITICAL):
            message = f"{message}; {churn_note(churn.commits, churn.authors, since, score)}"
        out.append(replace(finding, message=message, extra=extra))
    return out


def sort_by_hotspot(findings: Iterable[Finding]) -> list[Finding]:
    """Files that could not be analysed first, then by descending hotspot, then priority; ties keep their order."""
    ordered = list(findings)
    ordered.sort(key=lambda f: (f.severity != "error", -float(f.extra.get("hotspot", 0.0)),
                                -float(f.extra.get("priority", 0.0))))
    return ordered
