"""A Jupyter notebook's code cells as one Python text, with the way back to cells.

Code cells are joined in order, each starting on a new line, so a function keeps its
lines and every location maps back to (cell, line in cell) and to the line of the
`.ipynb` file that holds it. IPython syntax is not Python: cell magics (`%%bash`)
blank their whole cell, line magics and shell escapes (`%time f()`, `!pip install x`,
`files = !ls`, `obj?`) become `pass` or `None` at the same indentation, so they are
neither syntax errors nor measured. Nothing is executed; the JSON is only read.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from codesmell.model import NotebookMap

SUFFIX = ".ipynb"

_LINE_MAGIC = re.compile(r"^(\s*)(?:[%!]|\?\S)")  # %magic, !shell, ?help
_ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.\[\], ]+=\s*)[%!]")  # files = !ls, t = %timeit -o f()
_TRAILING_HELP = re.compile(r"^(\s*)[\w.]+\?\??\s*$")  # obj? and obj??


class NotebookError(ValueError):
    """The file is not a notebook we can read (not JSON, not nbformat's shape)."""


@dataclass(frozen=True)
class NotebookSource:
    text: str
    map: NotebookMap


def is_notebook(path: str) -> bool:
    return path.endswith(SUFFIX)


def _cell_lines(source: Any) -> list[str]:
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        text = "".join(source)
    elif isinstance(source, str):
        text = source
    else:
        raise NotebookError("a code cell's source is neither a string nor a list of strings")
    return text.splitlines()


def _python_line(line: str) -> str:
    """The line as Python: IPython-only syntax replaced, keeping the indentation."""
    assigned = _ASSIGNED_MAGIC.match(line)
    if assigned:
        return assigned.group(1) + "None"
    magic = _LINE_MAGIC.match(line) or _TRAILING_HELP.match(line)
    if magic:
        return magic.group(1) + "pass"
    return line


def _is_cell_magic(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    return first.lstrip().startswith("%%")


def _source_json_lines(raw: str, cells: list[dict[str, Any]]) -> list[list[int]]:
    """For each code cell, the line of the .ipynb text that holds each of its source lines (0: unknown).

    nbformat writes each source line as its own JSON string inside the cell's `"source": [`
    array, cells in order; search forward for each cell's array, then for each line's
    string in it. Anything else (one-line JSON, a source given as one string) maps every
    line of the cell to the line of its `"source"` key, or 0.
    """
    found: list[list[int]] = []
    cursor = 0
    line_starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    for cell in cells:
        key = raw.find('"source"', cursor)
        if key < 0:
            found.append([0] * len(_cell_lines(cell.get("source", ""))))
            continue
        cursor = key + len('"source"')
        source = cell.get("source", "")
        lines = []
        parts = source if isinstance(source, list) else [source]
        for part in parts:
            for encoded in (json.dumps(part), json.dumps(part, ensure_ascii=False)):
                at = raw.find(encoded, cursor)
                if at >= 0:
                    cursor = at + len(encoded)
                    lines.append(line_of(at))
                    break
            else:
                lines.append(line_of(key))
        # a list part holds one line; a string source holds them all on the key's line
        per_line = lines if isinstance(source, list) else lines * len(_cell_lines(source))
        found.append(per_line[: len(_cell_lines(source))] + [line_of(key)] * (len(_cell_lines(source)) - len(per_line)))
    return found


def notebook_source(data: bytes) -> NotebookSource:
    """The code cells of an .ipynb as Python; raises NotebookError for what is not a notebook."""
    try:
        raw = data.decode("utf-8-sig")
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(f"not a notebook: invalid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("not a notebook: no list of cells (nbformat 4 is required)")
    cells = document["cells"]
    if not all(isinstance(cell, dict) for cell in cells):
        raise NotebookError("not a notebook: a cell is not an object")
    code = [(number, cell) for number, cell in enumerate(cells, start=1) if cell.get("cell_type") == "code"]
    json_lines = _source_json_lines(raw, [cell for _, cell in code])
    out: list[str] = []
    starts, numbers, ipynb_lines = [], [], []
    for (number, cell), cell_json_lines in zip(code, json_lines, strict=True):
        lines = _cell_lines(cell.get("source", ""))
        if not lines:
            continue
        starts.append(len(out) + 1)
        numbers.append(number)
        blank = _is_cell_magic(lines)
        out.extend("" if blank else _python_line(line) for line in lines)
        ipynb_lines.extend(cell_json_lines)
    text = "\n".join(out) + "\n" if out else ""
    return NotebookSource(text, NotebookMap(tuple(starts), tuple(numbers), tuple(ipynb_lines)))


def python_bytes(path: str, data: bytes) -> bytes:
    """What codesmell measures of a file: a notebook's joined code cells, any other file as it is.

    For the outputs that show source lines (explain, the report's excerpts), so their line
    numbers are the ones the analysis used.
    """
    if not is_notebook(path):
        return data
    try:
        return notebook_source(data).text.encode("utf-8")
    except NotebookError:
        return data
