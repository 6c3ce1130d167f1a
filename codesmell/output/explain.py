"""Show where each cyclomatic and cognitive increment of a function comes from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from codesmell.model import FileResult, Finding, FunctionMetrics
from codesmell.run.analyze import analyze_source
from codesmell.run.discovery import display_path, module_name
from codesmell.run.notebook import python_bytes
from codesmell.run.source import decode


def describe_concerns(function: FunctionMetrics) -> str:
    """`shape ..., N concern(s): c1 lines a-b, c-d; c2 ...` (no spans: functions at or below the floor)."""
    text = f"shape {function.shape}, {function.concerns} concern{'s' if function.concerns != 1 else ''}"
    if not function.concern_spans:
        return text
    parts = [
        f"c{number} lines " + ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)
        for number, spans in enumerate(function.concern_spans, 1)
    ]
    return text + ": " + "; ".join(parts)


def concern_of_line(function: FunctionMetrics) -> dict[int, int]:
    """Line -> number of the concern (1-based) whose statements hold it."""
    found: dict[int, int] = {}
    for number, spans in enumerate(function.concern_spans, 1):
        for first, last in spans:
            for line in range(first, last + 1):
                found.setdefault(line, number)
    return found


def explain_function(function: FunctionMetrics, lines: Sequence[str] | None) -> str:
    """The function's source with the increments of each line beside it, and its concerns.

    A long function's lines carry a `cN` column naming the concern they belong to
    (blank: a statement attached to no concern, a docstring, a comment).
    """
    out = [
        f"{function.qualname} (line {function.line}-{function.end_line}): "
        f"cyclomatic {function.cyclomatic} = 1 + decisions, cognitive {function.cognitive}",
        "  " + describe_concerns(function),
    ]
    by_line: dict[int, list[str]] = defaultdict(list)
    for inc in function.increments:
        tag = "cc" if inc.metric == "cyclomatic" else "cog"
        by_line[inc.line].append(f"{tag} +{inc.amount} {inc.reason}")
    if lines is None:
        for line in sorted(by_line):
            out.append(f"  {line:>5}  " + "; ".join(by_line[line]))
        return "\n".join(out) + "\n"
    width = max((len(lines[n - 1].rstrip()) for n in range(function.line, function.end_line + 1)
                 if n - 1 < len(lines)), default=0)
    width = min(width, 72)
    concern = concern_of_line(function)
    column = max((len(f"c{n}") for n in concern.values()), default=0)
    for number in range(function.line, min(function.end_line, len(lines)) + 1):
        text = lines[number - 1].rstrip().expandtabs(4)
        notes = by_line.get(number)
        mark = f"{'c' + str(concern[number]) if number in concern else '':<{column}} " if column else ""
        if notes:
            out.append(f"  {mark}{number:>5} | {text:<{width}}  <- " + "; ".join(notes))
        else:
            out.append(f"  {mark}{number:>5} | {text}")
    return "\n".join(out) + "\n"


def explain_target(target: str) -> tuple[str, int]:
    """`FILE`, `FILE:QUALNAME`, `FILE:NAME` or `FILE:LINE` -> (text, exit status)."""
    path, _, selector = target.partition(":")
    if not Path(path).is_file() and ":" in target:
        path, selector = target, ""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        return f"codesmell: cannot read {path}: {exc.strerror}\n", 2
    module, is_package = module_name(file.resolve(), file.resolve().parent)
    result = analyze_source(data, display_path(path), module, is_package, with_graph=False)
    if result.errors:
        return "".join(f"{result.path}:{e.line}: {e.code} {e.message}\n" for e in result.errors), 1
    functions = _select(result.functions, selector)
    if not functions:
        return f"codesmell: no function matching {selector!r} in {path}\n", 2
    text = decode(python_bytes(path, data))  # a notebook's lines as analysed: its code cells joined
    lines = text.split("\n") if isinstance(text, str) else None
    return "\n".join(explain_function(f, lines) for f in functions), 0


def _select(functions: Sequence[FunctionMetrics], selector: str) -> list[FunctionMetrics]:
    if not selector:
        return list(functions)
    if selector.isdigit():
        line = int(selector)
        containing = [f for f in functions if f.line <= line <= f.end_line]
        return containing[-1:]  # the innermost
    exact = [f for f in functions if f.qualname == selector]
    return exact or [f for f in functions if f.name == selector or f.qualname.endswith("." + selector)]


def explain_findings(findings: Sequence[Finding], results: Sequence[FileResult]) -> str:
    """Increments of every function with a long-method, cyclomatic or cognitive finding."""
    wanted = {(f.path, f.qualname) for f in findings if f.metric in ("cyclomatic", "cognitive", "long_method")}
    out = []
    for result in results:
        for function in result.functions:
            if (result.path, function.qualname) in wanted:
                out.append(f"{result.path}: " + explain_function(function, None))
    return "\n" + "\n".join(out) if out else ""
