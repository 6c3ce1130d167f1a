"""`codesmell metrics` output: every function of every file, as JSON, CSV or text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from codesmell.config import Config
from codesmell.model import FileResult, FunctionMetrics
from codesmell.output.serialize import METRIC_KEYS, error_to_dict, function_to_dict, functions_json_heads
from codesmell.rules.verdict import assess
from codesmell.run.gcpause import gc_paused

# The keys after a function's measured figures, in this order (the JSON's last keys).
JUDGEMENT_KEYS = ("concerns", "shape", "verdict", "priority")


def judgement_of(function: FunctionMetrics, config: Config) -> dict[str, Any]:
    """`concerns`, `shape`, and the combined `verdict` and `priority` under `config`."""
    verdict, priority = assess(function, config.thresholds)
    return {"concerns": function.concerns, "shape": function.shape, "verdict": verdict, "priority": priority}


def metrics_document(results: Sequence[FileResult], config: Config) -> dict[str, Any]:
    """The JSON document SPEC.md fixes (`files[].functions[]` keys), plus the judgement keys each."""
    files = []
    for result in results:
        file_config = config.for_path(result.path)
        functions = []
        for function in result.functions:
            data = function_to_dict(function)
            data.update(judgement_of(function, file_config))
            functions.append(data)
        files.append(
            {
                "path": result.path,
                "module": result.module,
                "functions": functions,
                "errors": [error_to_dict(e) for e in result.errors],
            }
        )
    return {"files": files}


# Keys after `priority` of one function, as JSON text (`, "churn": ...`): (file, function index, priority) -> text.
FunctionTail = Callable[[FileResult, int, float], str]


def to_json(results: Sequence[FileResult], config: Config, tail: FunctionTail | None = None) -> str:
    """The document indented down to one function per line; `tail` adds keys after `priority` (history's churn).

    Fully indented, the standard library's 16k functions with their increments
    are 20 MB that only json's pure-Python encoder can write (most of a warm
    run); one compact object per function keeps it readable and uses the C encoder.
    """
    return "".join(iter_json(results, config, tail))


def iter_json(results: Iterable[FileResult], config: Config, tail: FunctionTail | None = None) -> Iterator[str]:
    """`to_json` one file at a time: a run streams its results to the output instead of holding them all."""
    compact = json.JSONEncoder(separators=(", ", ": ")).encode
    # The closing brace of each function comes with the judgement keys, the last ones.
    shapes: dict[str, str] = {}
    yield '{\n  "files": ['
    number = 0
    for result in results:
        with gc_paused():
            yield "".join(_file_json(result, config, tail, compact, shapes, number))
        number += 1
    yield "\n  ]\n}\n" if number else "]\n}\n"


def _file_json(
    result: FileResult, config: Config, tail: FunctionTail | None, compact: Callable[[Any], str],
    shapes: dict[str, str], number: int,
) -> list[str]:
    file_config = config.for_path(result.path)
    out = [",\n    {\n" if number else "\n    {\n"]
    out.append(f'      "path": {compact(result.path)},\n      "module": {compact(result.module)},\n')
    if result.maintainability is not None:
        out.append(f'      "maintainability": {result.maintainability!r},\n')
    out.append('      "functions": [')
    separator = "\n        "
    thresholds = file_config.thresholds
    for index, (function, head) in enumerate(zip(result.functions, functions_json_heads(result), strict=True)):
        verdict, priority = assess(function, thresholds)
        shape = shapes.get(function.shape)
        if shape is None:
            shape = shapes[function.shape] = compact(function.shape)
        out += (
            separator,
            head,
            f', "concerns": {function.concerns:d}, "shape": {shape}, "verdict": "{verdict}", '
            f'"priority": {priority!r}',
            tail(result, index, priority) if tail is not None else "",
            "}",
        )
        separator = ",\n        "
    out.append("\n      ],\n" if result.functions else "],\n")
    out.append('      "errors": [')
    out.append(_block(",\n".join(f"        {compact(error_to_dict(e))}" for e in result.errors)))
    out.append("]\n    }")
    return out


def _block(lines: str) -> str:
    return f"\n{lines}\n      " if lines else ""


# A file that could not be analysed gets one row with its error and empty metrics,
# so it is never silently missing from a spreadsheet.
_CSV_COLUMNS = ("path", "module", "qualname", "line", "end_line", *METRIC_KEYS, *JUDGEMENT_KEYS, "error")


def to_csv(results: Sequence[FileResult], config: Config) -> str:
    return "".join(iter_csv(results, config))


def iter_csv(results: Iterable[FileResult], config: Config) -> Iterator[str]:
    """`to_csv` one file at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for result in results:
        for error in result.errors:
            empty = [""] * (len(METRIC_KEYS) + len(JUDGEMENT_KEYS))
            writer.writerow([result.path, result.module, "", error.line, "", *empty, f"{error.code} {error.message}"])
        file_config = config.for_path(result.path)
        for function in result.functions:
            writer.writerow(
                [
                    result.path,
                    result.module,
                    function.qualname,
                    function.line,
                    function.end_line,
                    *(function.metric(k) for k in METRIC_KEYS),
                    *judgement_of(function, file_config).values(),
                    "",
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


_TEXT_HEADER = ("sloc", "stmts", "locals", "params", "blocks", "cc", "cog", "nest", "conc", "prio")


def to_text(results: Sequence[FileResult], config: Config) -> str:
    return "".join(iter_text(results, config))


def iter_text(results: Iterable[FileResult], config: Config) -> Iterator[str]:
    """`to_text` one file at a time."""
    any_line = False
    for result in results:
        lines = [f"{result.path} ({result.module})"]
        for error in result.errors:
            lines.append(f"    {error.code} line {error.line}: {error.message}")
        if result.functions:
            lines.append("    " + " ".join(f"{h:>6}" for h in _TEXT_HEADER) + "  line  function")
        file_config = config.for_path(result.path)
        for function in result.functions:
            verdict, priority = assess(function, file_config.thresholds)
            values = " ".join(f"{function.metric(k):>6}" for k in METRIC_KEYS)
            values += f" {function.concerns:>6} {priority:>6.1f}"
            marks = [m for m in (verdict, function.shape) if m not in ("ok", "short")]
            mark = f"  [{', '.join(marks)}]" if marks else ""
            lines.append(f"    {values} {function.line:>5}  {function.qualname}{mark}")
        any_line = True
        yield "\n".join(lines) + "\n"
    if not any_line:
        yield "\n"
