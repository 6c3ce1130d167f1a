"""View model -> one self-contained HTML document (jinja2, autoescaping on)."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from codesmell import __version__
from codesmell.report.data import View

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value: Any) -> str:
    """JSON safe to place inside `<script type="application/json">`: no `<`, `>` or `&` survive."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


@cache
def _static(name: str) -> str:
    text = resources.files("codesmell.report").joinpath("static").joinpath(name).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"static/{name} would close its inline element")
    return text


def dotted(name: object) -> Markup:
    """An identifier that may wrap only after its dots (`<wbr>`; the CSS forbids other breaks)."""
    return Markup(str(escape(str(name))).replace(".", ".<wbr>"))


def path_breaks(path: object) -> Markup:
    """A path that may wrap only after its slashes."""
    return Markup(str(escape(str(path))).replace("/", "/<wbr>"))


def ticks(text: object) -> Markup:
    """Plain text whose `backticked` parts are names: each becomes a <code> (escaped, wraps at dots)."""
    parts = str(text).split("`")
    return Markup("").join(Markup("<code>%s</code>") % dotted(part) if i % 2 else escape(part)
                           for i, part in enumerate(parts))


def counted(number: int, one: str, many: str) -> str:
    """`1 module`, `2 modules`: the page's one way of writing a count."""
    return f"{number} {one if number == 1 else many}"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("codesmell.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(dotted=dotted, path_breaks=path_breaks, ticks=ticks, counted=counted)
    return environment


SCRIPTS = ("common.js", "graph.js", "page.js")


@cache
def page_script() -> str:
    """The page's script: the static parts in one function scope, so they share helpers and state."""
    body = "".join(_static(name) for name in SCRIPTS)
    return '(function () {\n  "use strict";\n' + body + '  document.body.dataset.ready = "1";\n})();\n'


SOURCE_CHUNK = 200  # excerpts per `report-src-K` block


def split_sources(data: dict[str, Any]) -> tuple[dict[str, Any], list[list[Any]]]:
    """The page's data without the functions' excerpts, and the excerpts in blocks of `SOURCE_CHUNK`.

    The excerpts are most of a large report (a 3M-line project flags thousands of
    functions, each with up to 250 lines): kept out of the data the page parses at
    start-up, each block is parsed when one of its functions is first opened.
    Function `i` is item `i % SOURCE_CHUNK` of block `i // SOURCE_CHUNK`.
    """
    functions = data.get("functions", [])
    rows = [{key: value for key, value in row.items() if key != "src"} for row in functions]
    sources = [row.get("src") for row in functions]
    blocks = [sources[i:i + SOURCE_CHUNK] for i in range(0, len(sources), SOURCE_CHUNK)]
    return {**data, "functions": rows, "srcChunk": SOURCE_CHUNK}, blocks


def render_html(view: View) -> str:
    """The whole report page; the same view gives the same bytes."""
    template = _environment().get_template("report.html.j2")
    data, sources = split_sources(view.data)
    return template.render(
        title=view.data["title"],
        version=__version__,
        t=view.tables,
        data_json=script_json(data),
        sources_json=[script_json(block) for block in sources],
        css=_static("report.css"),
        js=page_script(),
    )
