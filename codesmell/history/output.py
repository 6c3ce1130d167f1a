"""`codesmell history` output: the series as JSON (one function per line), or the top hotspots as text."""

from __future__ import annotations

import json
from typing import Any

from codesmell.history.model import Churn, FunctionHistory, History, ModuleHistory
from codesmell.rules.verdict import hotspot

_compact = json.JSONEncoder(separators=(", ", ": ")).encode
TEXT_TOP = 25


def function_hotspot(function: FunctionHistory) -> float:
    """The hotspot of a function at the newest revision: its latest priority x the window's churn weight."""
    return hotspot(function.series[-1].priority, function.churn.commits) if function.series else 0.0


def _churn(churn: Churn) -> dict[str, Any]:
    return {"commits": churn.commits, "authors": churn.authors, "last_commit": churn.last_commit,
            "last_date": churn.last_date}


def function_to_dict(function: FunctionHistory) -> dict[str, Any]:
    return {
        "path": function.path,
        "module": function.module,
        "qualname": function.qualname,
        "occurrence": function.occurrence,
        "line": function.line,
        "alive": function.alive,
        "renamed_from": list(function.renamed_from),
        "churn": _churn(function.churn),
        "hotspot": function_hotspot(function),
        "series": [
            {"commit": p.commit, "date": p.date, "sloc": p.sloc, "cyclomatic": p.cyclomatic, "cognitive": p.cognitive,
             "verdict": p.verdict, "priority": p.priority}
            for p in function.series
        ],
    }


def module_to_dict(module: ModuleHistory) -> dict[str, Any]:
    return {
        "path": module.path,
        "module": module.module,
        "alive": module.alive,
        "renamed_from": list(module.renamed_from),
        "churn": _churn(module.churn),
        "series": [
            {"commit": p.commit, "date": p.date, "lines": p.lines, "functions": p.functions,
             "function_sloc": p.function_sloc, "warning": p.warning, "critical": p.critical, "error": p.error}
            for p in module.series
        ],
    }


def history_document(history: History) -> dict[str, Any]:
    commits = history.commits
    return {
        "repository": history.root,
        "window": {
            "since": history.since,
            "max_commits": history.max_count,
            "commits": len(commits),
            "first": commits[0].sha if commits else None,
            "last": commits[-1].sha if commits else None,
            "shallow": history.shallow,
        },
        "commits": [{"commit": c.sha, "date": c.date, "author": c.author} for c in commits],
        "modules": [module_to_dict(m) for m in history.modules],
        "functions": [function_to_dict(f) for f in history.functions],
        "messages": [{"commit": m.commit, "path": m.path, "code": m.code, "message": m.text}
                     for m in history.messages],
    }


def to_json(history: History) -> str:
    """The document, indented down to one commit, module or function per line."""
    document = history_document(history)
    out = ["{"]
    items = list(document.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list):
            if value:
                body = ",\n    ".join(_compact(item) for item in value)
                out.append(f"  {_compact(key)}: [\n    {body}\n  ]{comma}")
            else:
                out.append(f"  {_compact(key)}: []{comma}")
        else:
            out.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def to_text(history: History, top: int = TEXT_TOP) -> str:
    """The window, then the functions to split first: changed often and hard to read (highest hotspot)."""
    commits = history.commits
    if not commits:
        return "no commits in the window\n"
    lines = [f"{len(commits)} commits, {commits[0].date[:10]} .. {commits[-1].date[:10]} "
             f"({commits[0].sha[:12]} .. {commits[-1].sha[:12]})"]
    alive = [f for f in history.functions if f.alive and f.series]
    ranked = sorted(alive, key=lambda f: (-function_hotspot(f), -f.series[-1].priority, f.path, f.line))
    ranked = [f for f in ranked if function_hotspot(f) > 0][:top]
    if not ranked:
        lines.append("no function of the newest revision changed in the window")
        return "\n".join(lines) + "\n"
    lines.append(f"{'hotspot':>7} {'commits':>7} {'authors':>7} {'prio':>5}  {'sloc':>9}  {'cog':>9}  function")
    for function in ranked:
        first, last = function.series[0], function.series[-1]
        sloc = f"{first.sloc}->{last.sloc}" if first.sloc != last.sloc else str(last.sloc)
        cognitive = f"{first.cognitive}->{last.cognitive}" if first.cognitive != last.cognitive else str(last.cognitive)
        mark = f" [{last.verdict}]" if last.verdict != "ok" else ""
        lines.append(f"{function_hotspot(function):>7.1f} {function.churn.commits:>7} {function.churn.authors:>7} "
                     f"{last.priority:>5.1f}  {sloc:>9}  {cognitive:>9}  {function.path}:{function.line} "
                     f"{function.qualname}{mark}")
    return "\n".join(lines) + "\n"
