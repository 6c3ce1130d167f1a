"""Results as JSON-able dicts and pre-encoded JSON lines, for the JSON outputs and the lines each cache entry keeps."""

from __future__ import annotations

import json
import weakref
from collections.abc import Sequence
from typing import Any

from codesmell.model import FileError, FileResult, FunctionMetrics, Suggestion

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
    return data


_compact = json.JSONEncoder(separators=(", ", ": ")).encode

# id(FileResult) -> `function_json_head` of its functions, for results whose JSON is
# already known (cached next to the result, or encoded to be cached); dropped with the result.
_FUNCTIONS_JSON: dict[int, tuple[str, ...]] = {}


def function_json_head(function: FunctionMetrics) -> str:
    """`function_to_dict(function)` as one line of compact JSON, without its closing brace.

    Open, so that `metrics --format json` appends its verdict key without copying the text.
    """
    return _compact(function_to_dict(function))[:-1]


def functions_json_heads(result: FileResult) -> Sequence[str]:
    """`function_json_head` of each of `result.functions`, known or encoded now."""
    known = _FUNCTIONS_JSON.get(id(result))
    if known is not None:
        return known
    return [function_json_head(f) for f in result.functions]


def attach_functions_json(result: FileResult, heads: tuple[str, ...]) -> None:
    """Remember `heads` as `functions_json_heads(result)`, for as long as `result` lives.

    Encoding the stdlib's 16k functions with their increments is 0.2 s, most of
    a warm `metrics --format json`; the cache stores the JSON with the result
    and the output reuses it. The results are frozen, so the JSON cannot go stale.
    """
    key = id(result)
    try:
        if key not in _FUNCTIONS_JSON:
            weakref.finalize(result, _FUNCTIONS_JSON.pop, key, None).atexit = False
    except TypeError:  # not weakly referenceable: no safe way to tie the texts to it
        return
    _FUNCTIONS_JSON[key] = heads


def suggestion_to_dict(suggestion: Suggestion) -> dict[str, Any]:
    """An Extract Method candidate: lines, figures, parameters and returns (lists), name, kind."""
    data = dict(suggestion.__dict__)
    data["params"] = list(suggestion.params)
    data["returns"] = list(suggestion.returns)
    return data


def error_to_dict(error: FileError) -> dict[str, Any]:
    return {"code": error.code, "message": error.message, "line": error.line, "col": error.col}
