"""The architecture gate's view for the report: what drifted since the baseline, JSON-ready.

The same findings `codesmell check` reports (CSM301 new cycles, CSM302 new
dependencies between communities, CSM304 moved modules), judged against the
baseline's record whatever `[tool.codesmell.gate]` enables, so the report shows
the drift even before a team turns the gate on. `items` is what the graph view
highlights: `{"kind", "modules", "edge"}` per drifted cycle, edge or module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from codesmell.config import Config
from codesmell.graph.drift import community_label
from codesmell.graph.model import ModuleGraph
from codesmell.model import FileResult, Finding

KINDS = {"CSM301": "cycle", "CSM302": "community-edge", "CSM304": "moved"}


def drift_view(
    results: Sequence[FileResult],
    config: Config,
    graph: ModuleGraph,
    project: Mapping[str, Any],
    baseline: Path,
) -> dict[str, Any]:
    """Rows per kind and the `items` to highlight, for the baseline's `project` record.

    A record without communities (a baseline written for `no-new-cycles` only)
    yields cycles only; `missing` names what the record lacks.
    """
    from codesmell.graph.drift import architecture_of
    from codesmell.rules.gate import GateConfig, architecture_findings, baseline_architecture

    reference = baseline_architecture(project, baseline, graph.options.algorithm)
    has_communities = reference.communities is not None and reference.imports is not None
    gate = GateConfig(no_new_cycles=True, no_new_community_edges=has_communities, no_moved_modules=has_communities)
    findings = architecture_findings(gate, results, config, graph, [("baseline", reference)])
    now = architecture_of(graph).modularity
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS.values()}
    items = []
    for finding in findings:
        kind = KINDS.get(finding.code)
        if kind is None:
            continue
        rows[kind].append(_row(finding))
        items.append({
            "kind": kind,
            "modules": list(finding.extra.get("modules", [])),
            "edge": list(finding.extra.get("edge", [])),
        })
    return {
        "baseline": str(baseline),
        "missing": [] if has_communities else ["communities"],
        "cycles": rows["cycle"],
        "edges": rows["community-edge"],
        "moved": rows["moved"],
        "modularity": {"baseline": reference.modularity, "now": round(now, 4) if now is not None else None},
        "count": len(items),
        "items": items,
    }


def _row(finding: Finding) -> dict[str, Any]:
    edge = finding.extra.get("edge", [])
    return {
        "code": finding.code,
        "where": f"{finding.path}:{finding.line}:{finding.col + 1}",
        "edge": list(edge),
        "modules": list(finding.extra.get("modules", [])),
        "cycle": list(finding.extra.get("cycle", [])),
        "communities": [community_label(group) for group in finding.extra.get("communities", [])],
        "message": finding.message,
    }
