"""`ModuleGraph` -> JSON (the SPEC's keys plus documented extras), DOT or GraphML text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from codesmell.graph.model import DEFAULT_ALGORITHM, FORMATS, IMPORT, Call, Edge, ModuleGraph
from codesmell.run.gcpause import gc_paused

# Colour-blind-safe qualitative palette (Okabe-Ito, then Tol's muted); cycles after 16.
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#AA4499",
)  # fmt: skip


def _edge_json(edge: Edge) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind,
        "weight": edge.weight,
        "count": edge.count,
        "factor": edge.factor,
    }
    if edge.kind == IMPORT:
        data["type_checking"] = edge.type_checking
        data["lazy"] = edge.lazy
    return data


def to_json_dict(graph: ModuleGraph, records: bool = True) -> dict[str, Any]:
    """The `codesmell graph --format json` document as plain data (the CLI may add keys).

    `records=False`: "edges" and "calls" are left None, in their place (`to_json` writes them).
    """
    options = graph.options
    stats = graph.stats
    return {
        "modules": [
            {
                "name": node.name,
                "path": node.path,
                "community": node.community,
                "package": node.package,
                "external": node.external,
            }
            for node in graph.modules
        ],
        "edges": [_edge_json(edge) for edge in graph.edges] if records else None,
        "attachments": [
            {"source": edge.source, "target": edge.target, "weight": edge.weight} for edge in graph.attachments
        ],
        "communities": [
            {
                "id": community.id,
                "modules": list(community.modules),
                "size": len(community.modules),
                "internal_weight": community.internal_weight,
                "external_weight": community.external_weight,
                "dominant_package": community.dominant_package,
                "dominant_share": community.dominant_share,
                "name": community.name,
            }
            for community in graph.communities
        ],
        "modularity": graph.modularity,
        "levels": [
            {
                "level": level.level,
                "modularity": level.modularity,
                "communities": [
                    {"id": index, "modules": list(group)} for index, group in enumerate(level.communities)
                ],
            }
            for level in graph.levels
        ],
        "calls": [
            {
                "caller": call.caller,
                "callee": call.callee,
                "count": call.count,
                "kind": call.kind,
                "kinds": list(call.kinds),
            }
            for call in graph.calls
        ] if records else None,
        "splits": [
            {"level": split.level, "modules": list(split.modules), "parts": [list(p) for p in split.parts]}
            for split in graph.splits
        ],
        "cycles": [
            {"modules": list(cycle.modules), "example": list(cycle.example)} for cycle in graph.cycles
        ],
        "misplaced": [
            {
                "module": item.module,
                "package": item.package,
                "community": item.community,
                "dominant_package": item.dominant_package,
                "share": item.share,
                "reason": item.reason,
                "home": item.home,
                "score": item.score,
            }
            for item in graph.misplaced
        ],
        "options": {
            "seed": options.seed,
            "resolution": options.resolution,
            "import_weight": options.import_weight,
            "call_weight": options.call_weight,
            "external": options.external,
            "hub_weighting": options.hub_weighting,
            "attach_weight": options.attach_weight,
            **({} if options.algorithm == DEFAULT_ALGORITHM else {"algorithm": options.algorithm}),
        },
        "stats": {
            "modules": stats.modules,
            "external_modules": stats.external_modules,
            "import_edges": stats.import_edges,
            "call_edges": stats.call_edges,
            "calls": {
                "resolved": stats.calls_resolved,
                "external": stats.calls_external,
                "unresolved": stats.calls_unresolved,
                "dynamic": stats.calls_dynamic,
            },
            "imports_unresolved": stats.imports_unresolved,
            "duplicate_modules": list(stats.duplicate_modules),
            "pointsto": dict(stats.pointsto),
        },
    }


_BATCH = 1 << 13  # records joined into one piece of `to_json_chunks` (about 1.5 MB of calls)


def to_json(graph: ModuleGraph) -> str:
    """`_dumps(to_json_dict(graph))`, the same text, with the calls and edges written from templates.

    They are nearly all of it (1M calls on 3M lines): json's indenting encoder is pure
    Python, and made the text 8 s of the graph beyond the parse there.
    """
    return "".join(to_json_chunks(graph))


def to_json_chunks(graph: ModuleGraph, batch: int = _BATCH) -> Iterator[str]:
    """`to_json(graph)` in pieces, `batch` calls (or edges) at a time: joined, the same text.

    For the command line, which writes each piece as it comes: the whole text of a 3M-line
    graph is 180 MB, and joining it (with the calls' part joined first) held it two to three
    times over, on top of everything the graph build had left (a third of the command's peak).
    What the templates cannot write as json does is found before the first piece is given.
    """
    with gc_paused():  # megabytes of small strings and dicts, none cyclic
        if not (_usual_calls(graph.calls) and _usual_edges(graph.edges)):
            yield _dumps(to_json_dict(graph))
            return
        data = to_json_dict(graph, records=False)
        yield "{\n  "
        for index, (key, value) in enumerate(data.items()):
            head = _string(key) + ": "
            if index:
                head = ",\n  " + head
            if key == "edges":
                yield head
                yield from _edges_chunks(graph.edges, batch)
            elif key == "calls":
                yield head
                yield from _calls_chunks(graph.calls, batch)
            else:
                yield head + _dumps(value, newline="").replace("\n", "\n  ")  # one level in
        yield "\n}\n"


def _usual_number(values: list[Any]) -> bool:
    """Whether `_number` writes every one of `values` (ints, finite floats)."""
    kinds = set(map(type, values))
    if not kinds <= {int, float}:
        return False
    return float not in kinds or all(value - value == 0.0 for value in values if type(value) is float)


def _usual_strings(values: Any) -> bool:
    return set(map(type, values)) <= {str}


def _usual_calls(calls: tuple[Call, ...]) -> bool:
    """Whether `_calls_chunks` writes `calls` as json would (the checks `_calls_text` makes as it goes)."""
    return (
        _usual_strings(call.caller for call in calls)
        and _usual_strings(call.callee for call in calls)
        and _usual_strings(call.kind for call in calls)
        and _usual_number([call.count for call in calls])
        and all(_usual_strings(kinds) for kinds in {id(call.kinds): call.kinds for call in calls}.values())
    )


def _usual_edges(edges: tuple[Edge, ...]) -> bool:
    """Whether `_edges_chunks` writes `edges` as json would (the checks `_edges_text` makes as it goes)."""
    imports = [edge for edge in edges if edge.kind == IMPORT]
    return (
        _usual_strings(edge.source for edge in edges)
        and _usual_strings(edge.target for edge in edges)
        and _usual_strings(edge.kind for edge in edges)
        and _usual_number([edge.weight for edge in edges])
        and _usual_number([edge.count for edge in edges])
        and _usual_number([edge.factor for edge in edges])
        and set(map(type, (edge.type_checking for edge in imports))) <= {bool}
        and set(map(type, (edge.lazy for edge in imports))) <= {bool}
    )


def _joined(parts: Iterator[str], batch: int) -> Iterator[str]:
    """`"[\\n    " + ",\\n    ".join(parts) + "\\n  ]"` (a list of records in the document), `batch` at a time."""
    first = next(parts, None)
    if first is None:
        yield "[]"
        return
    pending = ["[\n    " + first]
    for part in parts:
        pending.append(part)
        if len(pending) >= batch:
            yield ",\n    ".join(pending)
            pending = [""]  # the next piece starts with the separator
    yield ",\n    ".join(pending) + "\n  ]"


class _Unusual(Exception):
    """A value the templates do not write as json does (a non-finite float, a subclass).

    Never caught: `_usual_calls` and `_usual_edges` look for such values before the first piece
    is given (then json writes it all), because a stream cannot start over; so this is a bug.
    """


_string = json.encoder.encode_basestring  # json's own (its C version when there is one), ensure_ascii=False


def _number(value: Any) -> str:
    kind = type(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0.0:  # finite: json writes repr; NaN and infinities its own way
        return float.__repr__(value)
    raise _Unusual


def _strings_text(values: tuple[str, ...], pad: str) -> str:
    """A list of strings as json indents it, its items `pad` + 2 spaces deep."""
    if not values:
        return "[]"
    if any(type(value) is not str for value in values):
        raise _Unusual
    inner = "\n" + pad + "  "
    return "[" + inner + ("," + inner).join(map(_string, values)) + "\n" + pad + "]"


# One record of "calls" or "edges" as json indents it inside the document (fields 6 spaces deep).
_CALL = '{\n      "caller": %s,\n      "callee": %s,\n      "count": %s,\n      "kind": %s,\n      "kinds": %s\n    }'
_EDGE = '{\n      "source": %s,\n      "target": %s,\n      "kind": %s,\n      "weight": %s,\n      "count": %s,\n      "factor": %s'
_IMPORT_TAIL = ',\n      "type_checking": %s,\n      "lazy": %s\n    }'


def _calls_chunks(calls: tuple[Call, ...], batch: int) -> Iterator[str]:
    """The document's "calls" list as json indents it there, `batch` calls a piece (checked: `_usual_calls`)."""
    kinds_text: dict[tuple[str, ...], str] = {}

    def parts() -> Iterator[str]:
        for call in calls:
            kinds = call.kinds
            listed = kinds_text.get(kinds)
            if listed is None:
                listed = kinds_text[kinds] = _strings_text(kinds, "      ")
            yield _CALL % (_string(call.caller), _string(call.callee), _number(call.count), _string(call.kind), listed)

    return _joined(parts(), batch)


def _edges_chunks(edges: tuple[Edge, ...], batch: int) -> Iterator[str]:
    """The document's "edges" list as json indents it there (see `_edge_json`; checked: `_usual_edges`)."""
    flags = {True: "true", False: "false"}

    def parts() -> Iterator[str]:
        for edge in edges:
            head = _EDGE % (_string(edge.source), _string(edge.target), _string(edge.kind), _number(edge.weight),
                            _number(edge.count), _number(edge.factor))
            if edge.kind == IMPORT:
                yield head + _IMPORT_TAIL % (flags[edge.type_checking], flags[edge.lazy])
            else:
                yield head + "\n    }"

    return _joined(parts(), batch)


def _dumps(data: Any, batch: int = 1 << 16, newline: str = "\n") -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False) + "\\n"`, the same text, joined a batch at a time.

    With `indent` the encoder is the pure-Python one, and `dumps` lists every chunk it
    yields before joining them: 7.6 characters a chunk, some 24M small strings (over a GB)
    for the 183 MB of a 3M-line graph. Joining `batch` chunks at a time holds the text about
    twice instead.
    """
    parts: list[str] = []
    pending: list[str] = []
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pending.append(chunk)
        if len(pending) >= batch:
            parts.append("".join(pending))
            pending.clear()
    pending.append(newline)
    parts.append("".join(pending))
    return "".join(parts)


def _dot_id(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(graph: ModuleGraph) -> str:
    """Graphviz: one cluster per community; imports solid, calls dashed, TYPE_CHECKING dotted.

    Attachments of code-less modules (not dependencies) are grey dotted lines without arrows.
    """
    lines = [
        "digraph codesmell {",
        f"  graph [rankdir=LR, label={_dot_id(f'modularity {graph.modularity:.4f}')}];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
    ]
    nodes_by_community: dict[int, list[str]] = {}
    for node in graph.modules:
        nodes_by_community.setdefault(node.community, []).append(node.name)
    for community in graph.communities:
        colour = PALETTE[community.id % len(PALETTE)]
        title = f"community {community.id}"
        if community.dominant_package:
            title += f" ({community.dominant_package})"
        lines.append(f"  subgraph cluster_{community.id} {{")
        lines.append(f"    label={_dot_id(title)};")
        for name in nodes_by_community.get(community.id, []):
            lines.append(f'    {_dot_id(name)} [fillcolor="{colour}"];')
        lines.append("  }")
    for edge in graph.edges:
        style = "dashed" if edge.kind != IMPORT else ("dotted" if edge.type_checking else "solid")
        lines.append(
            f"  {_dot_id(edge.source)} -> {_dot_id(edge.target)} "
            f'[kind="{edge.kind}", weight="{edge.weight}", style={style}];'
        )
    for edge in graph.attachments:  # not dependencies: grey, no arrow
        lines.append(
            f"  {_dot_id(edge.source)} -> {_dot_id(edge.target)} "
            f'[kind="{edge.kind}", weight="{edge.weight}", style=dotted, color=gray, arrowhead=none];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(graph: ModuleGraph) -> str:
    """GraphML (a directed multigraph: one edge per kind) for Gephi, yEd or networkx."""
    multi = nx.MultiDiGraph(
        modularity=graph.modularity, seed=graph.options.seed, resolution=graph.options.resolution
    )
    if graph.options.algorithm != DEFAULT_ALGORITHM:  # absent: louvain (the files written before it was an option)
        multi.graph["algorithm"] = graph.options.algorithm
    for node in graph.modules:
        multi.add_node(
            node.name,
            path=node.path,
            package=node.package,
            community=node.community,
            external=node.external,
        )
    for edge in (*graph.edges, *graph.attachments):
        multi.add_edge(
            edge.source,
            edge.target,
            key=edge.kind,
            kind=edge.kind,
            weight=edge.weight,
            count=edge.count,
            type_checking=edge.type_checking,
        )
    return "\n".join(nx.generate_graphml(multi)) + "\n"


def render(graph: ModuleGraph, fmt: str) -> str:
    """Text of `graph` in one of FORMATS."""
    if fmt == "json":
        return to_json(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "graphml":
        return to_graphml(graph)
    if fmt in ("importlinter", "tach"):
        from codesmell.output.contracts import importlinter, tach

        return importlinter.to_importlinter(graph) if fmt == "importlinter" else tach.to_tach(graph)
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render_chunks(graph: ModuleGraph, fmt: str) -> Iterator[str]:
    """`render(graph, fmt)` in pieces (the JSON's calls and edges a batch at a time), joined the same text."""
    if fmt == "json":
        return to_json_chunks(graph)
    return iter((render(graph, fmt),))


# -- the function-level view (`codesmell graph --level function`) ---------------

CALL_STYLES = {"direct": "solid", "method": "solid", "decorator": "dotted", "implicit": "dotted"}


def _owner_module(name: str, modules: dict[str, int]) -> str:
    """The longest analysed module name that `name` starts with (`pkg.mod` of `pkg.mod.f`)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return ""


def function_nodes(graph: ModuleGraph) -> list[dict[str, Any]]:
    """Every function (or module body) that calls or is called, with its module and community."""
    communities = {node.name: node.community for node in graph.modules}
    names = sorted({call.caller for call in graph.calls} | {call.callee for call in graph.calls})
    nodes = []
    for name in names:
        module = _owner_module(name, communities)
        nodes.append({"name": name, "module": module, "community": communities.get(module, -1)})
    return nodes


def functions_json_dict(graph: ModuleGraph) -> dict[str, Any]:
    """The function call graph: `functions` (nodes) and `calls` (edges, each with its kinds)."""
    calls = to_json_dict(graph)["calls"]
    stats = graph.stats
    return {
        "level": "function",
        "functions": function_nodes(graph),
        "calls": calls,
        "stats": {
            "functions": len({c.caller for c in graph.calls} | {c.callee for c in graph.calls}),
            "calls": len(graph.calls),
            "call_sites": {
                "resolved": stats.calls_resolved,
                "external": stats.calls_external,
                "unresolved": stats.calls_unresolved,
                "dynamic": stats.calls_dynamic,
            },
            "pointsto": dict(stats.pointsto),
        },
    }


def functions_to_dot(graph: ModuleGraph) -> str:
    """Graphviz: one cluster per module; edges styled by kind (dashed for the flow-derived kinds)."""
    lines = [
        "digraph codesmell_calls {",
        "  graph [rankdir=LR];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
    ]
    by_module: dict[str, list[dict[str, Any]]] = {}
    for node in function_nodes(graph):
        by_module.setdefault(node["module"], []).append(node)
    for index, (module, nodes) in enumerate(sorted(by_module.items())):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={_dot_id(module)};")
        for node in nodes:
            colour = PALETTE[node["community"] % len(PALETTE)] if node["community"] >= 0 else "#FFFFFF"
            lines.append(f'    {_dot_id(node["name"])} [fillcolor="{colour}"];')
        lines.append("  }")
    for call in graph.calls:
        style = CALL_STYLES.get(call.kind, "dashed")
        lines.append(
            f"  {_dot_id(call.caller)} -> {_dot_id(call.callee)} "
            f'[kind={_dot_id(call.kind)}, count="{call.count}", style={style}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def functions_to_graphml(graph: ModuleGraph) -> str:
    """GraphML of the call graph: `module`, `community` on nodes; `kind`, `kinds`, `count` on edges."""
    directed = nx.DiGraph()
    for node in function_nodes(graph):
        directed.add_node(node["name"], module=node["module"], community=node["community"])
    for call in graph.calls:
        directed.add_edge(call.caller, call.callee, kind=call.kind, kinds=" ".join(call.kinds), count=call.count)
    return "\n".join(nx.generate_graphml(directed)) + "\n"


def render_functions(graph: ModuleGraph, fmt: str) -> str:
    """The function-level view of `graph` in one of FORMATS."""
    if fmt == "json":
        with gc_paused():
            return json.dumps(functions_json_dict(graph), indent=2, ensure_ascii=False) + "\n"
    if fmt == "dot":
        return functions_to_dot(graph)
    if fmt == "graphml":
        return functions_to_graphml(graph)
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
