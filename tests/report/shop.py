"""A small project with two communities, a module filed in the wrong package and two import cycles.

`tools.x` imports all of `shop` and none of `tools`, and `shop.c` imports it: Louvain puts it with
`shop`, a misplaced module. The cycles: `shop.a`/`b`/`c` with `tools.x`, and `tools.y` ⇄ `tools.z`.
Shared by the report's view tests, which check that the view lays out these results.
"""

from __future__ import annotations

from collections.abc import Mapping

from codesmell.graph.model import GraphOptions, ModuleGraph
from codesmell.graph.pipeline import build_module_graph
from codesmell.model import FileResult
from codesmell.run.analyze import analyze_source

SHOP = {
    "shop.a": "import shop.b\nimport shop.c\n",
    "shop.b": "import shop.a\nimport shop.c\n",
    "shop.c": "import shop.a\nimport shop.b\nimport tools.x\n",
    "tools.x": "import shop.a\nimport shop.b\nimport shop.c\n",
    "tools.y": "import tools.z\n",
    "tools.z": "import tools.y\n",
}


def analysed(sources: Mapping[str, str]) -> tuple[list[FileResult], ModuleGraph]:
    """Each module (name -> source) analysed as `name/with/slashes.py`, and their module graph."""
    results = [analyze_source(text.encode(), name.replace(".", "/") + ".py", name) for name, text in sources.items()]
    return results, build_module_graph([(r.module, r.path, r.graph) for r in results], GraphOptions())
