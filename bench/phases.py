"""Time each phase of the per-file pipeline, single process, no profiler overhead.

    python bench/phases.py [DIR]          # default: the standard library, tests left out

Phases mirror `codesmell.run.analyze.analyze_source`: read+hash, decode, LibCST
parse, line index (code generator), metrics visitor, graph facts, cache
entry (`cache.encode_entry`). Prints seconds per phase and share of the total.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stdlib_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", nargs="?", help="directory to time (default: the stdlib corpus)")
    parser.add_argument("--no-graph", action="store_true", help="skip graph facts extraction")
    args = parser.parse_args(argv)

    from dataclasses import replace

    from codesmell.cst.lines import index_lines
    from codesmell.cst.walk import walk_code
    from codesmell.metrics.visitor import CODE_HOOKS, FunctionMetricsVisitor
    from codesmell.model import FileResult
    from codesmell.rules.noqa import noqa_lines
    from codesmell.run import source
    from codesmell.run.analyze import _ensure_recursion_limit, _indent
    from codesmell.run.cache import encode_entry

    suggest = None
    try:
        from codesmell.extract import suggest_for_module as suggest
    except ImportError:
        suggest = None
    facts_fn = None
    if not args.no_graph:
        try:
            from codesmell.graph.facts import extract_module_facts as facts_fn
        except ImportError:
            facts_fn = None

    files = sorted(Path(args.root).rglob("*.py")) if args.root else stdlib_files()
    _ensure_recursion_limit()
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time  # CPU time: robust on a shared machine
    lines_total = 0
    for file in files:
        t0 = clock()
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        t1 = clock()
        text = source.decode(data)
        t2 = clock()
        spent["read + sha256"] += t1 - t0
        spent["decode"] += t2 - t1
        if not isinstance(text, str):
            continue
        parsed = source.parse(data)  # decodes again; subtract the decode we just timed
        t3 = clock()
        spent["libcst parse"] += (t3 - t2) - (t2 - t1)
        if not isinstance(parsed, source.ParsedSource):
            continue
        lines_total += parsed.line_count
        index = index_lines(parsed.module, parsed.line_count)
        t4 = clock()
        visitor = FunctionMetricsVisitor(index, parsed.line_count)
        walk_code(parsed.module, visitor, CODE_HOOKS)
        text_lines = parsed.text.split("\n")
        functions = tuple(
            replace(f, col=_indent(text_lines[f.line - 1]))
            for f in sorted(visitor.results, key=lambda f: (f.line, f.qualname))
        )
        t5 = clock()
        if suggest is not None:
            suggest(parsed.module, index, functions)
        t6 = clock()
        facts = facts_fn(parsed.module, "m", False) if facts_fn is not None else None
        t7 = clock()
        noqa = noqa_lines(parsed.text)
        result = FileResult(str(file), "m", functions=functions, noqa=noqa, graph=facts, sha256=digest)
        encode_entry("0" * 64, result)
        t8 = clock()
        spent["line index"] += t4 - t3
        spent["metrics visitor"] += t5 - t4
        spent["extract suggestions"] += t6 - t5
        spent["graph facts"] += t7 - t6
        spent["noqa + cache entry"] += t8 - t7
        del parsed, index, visitor, result
    gc.collect()
    total = sum(spent.values())
    print(f"{len(files)} files, {lines_total} lines, one process")
    for name, seconds in spent.items():
        print(f"  {name:<20} {seconds:8.2f} s  {seconds / total * 100:5.1f} %")
    print(f"  {'total':<20} {total:8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
