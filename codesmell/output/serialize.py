"""Results as JSON-able dicts and pre-encoded JSON lines, for the JSON outputs and the lines each cache entry keeps."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from codesmell.model import EncodedFunctions, FileError, FileResult, FunctionMetrics, Suggestion

METRIC_KEYS = (
    "sloc",
    "statements",
    "locals",
    "params",
    "logic_blocks",
    "cyclomatic",
    "cognitive",
    "max_nesting",
)


def function_to_dict(function: FunctionMetrics, increments: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "qualname": function.qualname,
        "name": function.name,
        "line": function.line,
        "end_line": function.end_line,
        "col": function.col,
        "header_end_line": function.header_end_line,
    }
    for key in METRIC_KEYS:
        data[key] = function.metric(key)
    data["is_method"] = function.is_method
    data["is_async"] = function.is_async
    if increments:
        data["increments"] = [
            {"metric": i.metric, "line": i.line, "amount": i.amount, "reason": i.reason}
            for i in function.increments
        ]
    data["suggestions"] = [suggestion_to_dict(s) for s in function.suggestions]
    if function.halstead:  # only when asked for: the document is unchanged otherwise
        from codesmell.metrics.halstead import figures

        data["halstead"] = figures(function)
    return data


_compact = json.JSONEncoder(separators=(", ", ": ")).encode

def function_json_head(function: FunctionMetrics) -> str:
    """`function_to_dict(function)` as one line of compact JSON, without its closing brace.

    Open, so that `metrics --format json` appends its verdict key without copying the text.
    """
    return _compact(function_to_dict(function))[:-1]


def functions_json_heads(result: FileResult) -> Sequence[str]:
    """`function_json_head` of each of `result.functions`: the ones it carries, or encoded now."""
    if result.encoded is not None:
        known = result.encoded.of(result.functions)
        if known is not None:
            return known
    return [function_json_head(f) for f in result.functions]


def with_functions_json(result: FileResult, heads: tuple[str, ...]) -> FileResult:
    """`result` carrying `heads` as its functions' JSON (the cache's stored texts, reused by the output).

    The results are frozen, so the texts cannot go stale; they are tied to the
    very `functions` tuple they were encoded from.
    """
    return replace(result, encoded=EncodedFunctions(result.functions, heads))


def suggestion_to_dict(suggestion: Suggestion) -> dict[str, Any]:
    """An Extract Method candidate: lines, figures, parameters and returns (lists), name, kind."""
    data = dict(suggestion.__dict__)
    data["params"] = list(suggestion.params)
    data["returns"] = list(suggestion.returns)
    return data


def error_to_dict(error: FileError) -> dict[str, Any]:
    return {"code": error.code, "message": error.message, "line": error.line, "col": error.col}
