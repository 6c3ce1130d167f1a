"""View model -> one self-contained HTML document (jinja2, autoescaping on)."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2

from codesmell import __version__
from codesmell.output.report.data import View

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value: Any) -> str:
    """JSON safe to place inside `<script type="application/json">`: no `<`, `>` or `&` survive."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


@cache
def _static(name: str) -> str:
    text = resources.files("codesmell.output.report").joinpath("static").joinpath(name).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"static/{name} would close its inline element")
    return text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("codesmell.output.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


SCRIPTS = ("common.js", "graph.js", "page.js")


@cache
def page_script() -> str:
    """The page's script: the static parts in one function scope, so they share helpers and state."""
    body = "".join(_static(name) for name in SCRIPTS)
    return '(function () {\n  "use strict";\n' + body + '  document.body.dataset.ready = "1";\n})();\n'


def render_html(view: View) -> str:
    """The whole report page; the same view gives the same bytes."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=view.data["title"],
        version=__version__,
        t=view.tables,
        data_json=script_json(view.data),
        css=_static("report.css"),
        js=page_script(),
    )
