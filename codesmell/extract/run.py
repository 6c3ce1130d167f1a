"""The use cases behind `codesmell suggest FILE` and `codesmell extract FILE:START-END`.

Each takes a frozen options object and returns (text, exit status); the CLI
(codesmell.cli.suggest, codesmell.cli.extract) only parses arguments and
prints the text, to stdout on success and to stderr otherwise.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from codesmell.extract import suggest_for_module, to_suggestion
from codesmell.extract.candidates import NotExtractable, find_candidates, shrink_refusal
from codesmell.extract.facts import ScopeCache, function_facts
from codesmell.extract.naming import propose_name
from codesmell.model import FileError, FunctionMetrics, Suggestion
from codesmell.output.serialize import suggestion_to_dict
from codesmell.run import source
from codesmell.run.notebook import is_notebook

EXIT_OK, EXIT_REFUSED = 0, 2


@dataclass(frozen=True)
class SuggestOptions:
    """`codesmell suggest`: which file, which functions, how many blocks, which format."""

    file: str
    min_sloc: int  # only functions with more SLOC than this
    every: bool = False  # every extractable block, not only the best non-overlapping five
    function: str | None = None  # only this function (qualname or name)
    format: str = "text"  # "text" or "json"


@dataclass(frozen=True)
class ExtractOptions:
    """`codesmell extract`: `FILE:START-END`, the new function's name, diff or rewrite."""

    target: str
    name: str | None = None  # None: the proposed name
    diff: bool = False  # a unified diff instead of rewriting the file


def _read(path: Path) -> tuple[bytes, str]:
    if is_notebook(str(path)):
        raise NotExtractable(f"{path}: extract rewrites Python files, not notebooks (copy the cell into a module first)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotExtractable(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = source.decode(data)
    if isinstance(text, FileError):
        raise NotExtractable(text.message)
    return data, text


def _figures(suggestion: Suggestion, function: FunctionMetrics) -> str:
    """One suggestion as the parent's figures before -> after; a figure that does not change is left out."""
    needs = ", ".join(suggestion.params) or "-"
    returns = ", ".join(suggestion.returns) or "-"
    kind = f"{'async ' if suggestion.is_async else ''}{suggestion.kind}"
    changes = [f"SLOC {function.sloc} -> {function.sloc - suggestion.sloc + 1}"]
    if suggestion.cyclomatic:
        changes.append(f"cyclomatic {function.cyclomatic} -> {function.cyclomatic - suggestion.cyclomatic}")
    whole = ""
    if suggestion.concerns:
        whole = "; whole concern" if suggestion.concerns == 1 else f"; {suggestion.concerns} whole concerns"
    return (
        f"lines {suggestion.start_line}-{suggestion.end_line} ({suggestion.sloc} SLOC): {', '.join(changes)}{whole};"
        f" needs {needs}; returns {returns}; {kind} {suggestion.name}  [score {suggestion.score:g}]"
    )


def _suggestions(
    text: str, path: str, min_sloc: int, every: bool
) -> list[tuple[FunctionMetrics, list[Suggestion]]]:
    from codesmell.cst.lines import index_lines
    from codesmell.extract import iter_functions, top_level_names
    from codesmell.run.analyze import analyze_source

    result = analyze_source(text.encode("utf-8"), path, with_graph=False)
    if result.errors:
        raise NotExtractable(result.errors[0].message)
    module = source.parse(text.encode("utf-8"))
    assert not isinstance(module, FileError)
    lines = index_lines(module.module, module.line_count)
    if not every:
        found = suggest_for_module(module.module, lines, result.functions, min_sloc)
        return [(f, list(found.get(f.line, ()))) for f in result.functions if f.sloc > min_sloc]
    by_line = {f.line: f for f in result.functions if f.sloc > min_sloc}
    cache = ScopeCache()
    names = top_level_names(module.module.body)
    out = []
    for node, ancestors in iter_functions(module.module):
        metrics = by_line.get(lines.line_of(node))
        if metrics is None:
            continue
        facts = function_facts(node, ancestors, lines, cache)
        taken = names | facts.identifiers
        out.append(
            (
                metrics,
                [
                    to_suggestion(
                        c,
                        propose_name(
                            c.block.statements, c.returns, node.name.value, taken, self_name=facts.self_name
                        ),
                    )
                    for c in find_candidates(facts, metrics.sloc, metrics.increments, metrics.concern_spans)
                ],
            )
        )
    return sorted(out, key=lambda pair: pair[0].line)


def suggest(options: SuggestOptions) -> tuple[str, int]:
    """The candidates as text or JSON, exit 0; or an error message, exit 2."""
    try:
        _, text = _read(Path(options.file))
        found = _suggestions(text, options.file, options.min_sloc, options.every)
    except NotExtractable as exc:
        return f"codesmell: error: {exc}\n", EXIT_REFUSED
    if options.function:
        found = [(f, s) for f, s in found if options.function in (f.qualname, f.name)]
    if options.format == "json":
        document = {
            "path": options.file,
            "functions": [
                {
                    "qualname": f.qualname,
                    "line": f.line,
                    "end_line": f.end_line,
                    "sloc": f.sloc,
                    "cyclomatic": f.cyclomatic,
                    "suggestions": [suggestion_to_dict(s) for s in suggestions],
                }
                for f, suggestions in found
            ],
        }
        return json.dumps(document, indent=2) + "\n", EXIT_OK
    out = []
    for function, suggestions in found:
        out.append(
            f"{options.file}:{function.line}: {function.qualname} (SLOC {function.sloc},"
            f" cyclomatic {function.cyclomatic})"
        )
        if not suggestions:
            out.append("    no extractable block")
        for suggestion in suggestions:
            line = f"    {_figures(suggestion, function)}"
            refusal = shrink_refusal(suggestion, function.sloc)
            out.append(f"{line}  (not offered: {refusal})" if refusal else line)
    if not found:
        out.append(f"{options.file}: no function has more than {options.min_sloc} SLOC")
    return "\n".join(out) + "\n", EXIT_OK


_TARGET = re.compile(r"^(?P<file>.+):(?P<start>\d+)-(?P<end>\d+)$")


def _write_back(path: Path, original: bytes, text: str) -> None:
    """Write `text` with the file's own encoding, BOM and line endings."""
    encoding = "utf-8"
    with contextlib.suppress(SyntaxError):
        encoding, _ = tokenize.detect_encoding(io.BytesIO(original).readline)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    if b"\r\n" in original:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    if original.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


def extract(options: ExtractOptions) -> tuple[str, int]:
    """Rewrite the file (or, with `diff`, only describe the change); the summary or diff, exit 0.

    A refused extraction leaves the file alone and returns the reason, exit 2.
    """
    from codesmell.extract.transform import extract_block
    from codesmell.run.analyze import analyze_source

    match = _TARGET.match(options.target)
    if match is None:
        return f"codesmell: error: expected FILE:START-END, got {options.target!r}\n", EXIT_REFUSED
    path = Path(match["file"])
    start, end = int(match["start"]), int(match["end"])
    try:
        original, text = _read(path)
        extraction = extract_block(text, start, end, options.name, str(path))
    except NotExtractable as exc:
        return f"codesmell: cannot extract lines {start}-{end} of {path}: {exc}\n", EXIT_REFUSED
    if options.diff:
        diff = difflib.unified_diff(
            text.splitlines(keepends=True),
            extraction.source.splitlines(keepends=True),
            f"a/{path}",
            f"b/{path}",
        )
        return "".join(diff), EXIT_OK
    _write_back(path, original, extraction.source)
    candidate = extraction.candidate
    before = {f.qualname: f for f in analyze_source(text.encode(), str(path), with_graph=False).functions}
    after = {
        f.qualname: f
        for f in analyze_source(extraction.source.encode(), str(path), with_graph=False).functions
    }
    old, new = before.get(extraction.parent), after.get(extraction.parent)
    figures = ""
    if old is not None and new is not None:
        figures = f"; {extraction.parent}: SLOC {old.sloc} -> {new.sloc}, cyclomatic {old.cyclomatic} -> {new.cyclomatic}"
    signature = f"{extraction.name}({', '.join(candidate.params)})"
    if candidate.returns:
        signature += f" -> {', '.join(candidate.returns)}"
    summary = f"{path}: extracted lines {candidate.start_line}-{candidate.end_line} into {candidate.kind} {signature}{figures}"
    return summary + "\n", EXIT_OK
