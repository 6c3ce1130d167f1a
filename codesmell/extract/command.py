"""`codesmell suggest FILE` and `codesmell extract FILE:START-END --name NAME [--diff]`."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import re
import sys
import tokenize
from pathlib import Path

from codesmell import source
from codesmell.extract import block_calls, suggest_for_module, to_suggestion
from codesmell.extract.candidates import NotExtractable, find_candidates
from codesmell.extract.facts import ScopeCache, function_facts
from codesmell.extract.naming import propose_name
from codesmell.model import FileError, FunctionMetrics, Suggestion
from codesmell.serialize import suggestion_to_dict

EXIT_OK, EXIT_REFUSED = 0, 2


def _read(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotExtractable(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = source.decode(data)
    if isinstance(text, FileError):
        raise NotExtractable(text.message)
    return data, text


def _figures(suggestion: Suggestion) -> str:
    needs = ", ".join(suggestion.params) or "-"
    returns = ", ".join(suggestion.returns) or "-"
    kind = f"{'async ' if suggestion.is_async else ''}{suggestion.kind}"
    return (
        f"lines {suggestion.start_line}-{suggestion.end_line}: sloc -{suggestion.sloc - 1},"
        f" cyclomatic -{suggestion.cyclomatic}; needs {needs}; returns {returns};"
        f" {kind} {suggestion.name}  [score {suggestion.score:g}]"
    )


def _suggestions(
    text: str, path: str, min_sloc: int, every: bool
) -> list[tuple[FunctionMetrics, list[Suggestion]]]:
    from codesmell.analyze import analyze_source
    from codesmell.cst.lines import index_lines
    from codesmell.extract import iter_functions, top_level_names

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
                            c.block.statements, c.returns, node.name.value, taken, block_calls(facts, c)
                        ),
                    )
                    for c in find_candidates(facts, metrics.sloc, metrics.increments)
                ],
            )
        )
    return sorted(out, key=lambda pair: pair[0].line)


def cmd_suggest(args: argparse.Namespace) -> int:
    try:
        _, text = _read(Path(args.file))
        found = _suggestions(text, args.file, args.min_sloc, args.all)
    except NotExtractable as exc:
        print(f"codesmell: error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.function:
        found = [(f, s) for f, s in found if args.function in (f.qualname, f.name)]
    if args.format == "json":
        document = {
            "path": args.file,
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
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return EXIT_OK
    out = []
    for function, suggestions in found:
        out.append(
            f"{args.file}:{function.line}: {function.qualname} (SLOC {function.sloc},"
            f" cyclomatic {function.cyclomatic})"
        )
        if not suggestions:
            out.append("    no extractable block")
        out.extend(f"    {_figures(s)}" for s in suggestions)
    if not found:
        out.append(f"{args.file}: no function has more than {args.min_sloc} SLOC")
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


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


def cmd_extract(args: argparse.Namespace) -> int:
    from codesmell.analyze import analyze_source
    from codesmell.extract.transform import extract_block

    match = _TARGET.match(args.target)
    if match is None:
        print(f"codesmell: error: expected FILE:START-END, got {args.target!r}", file=sys.stderr)
        return EXIT_REFUSED
    path = Path(match["file"])
    start, end = int(match["start"]), int(match["end"])
    try:
        original, text = _read(path)
        extraction = extract_block(text, start, end, args.name, str(path))
    except NotExtractable as exc:
        print(f"codesmell: cannot extract lines {start}-{end} of {path}: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.diff:
        sys.stdout.writelines(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                extraction.source.splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
            )
        )
        return EXIT_OK
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
    print(
        f"{path}: extracted lines {candidate.start_line}-{candidate.end_line} into {candidate.kind} {signature}{figures}"
    )
    return EXIT_OK
