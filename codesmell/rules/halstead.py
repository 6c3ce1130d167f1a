"""CSM109/CSM209 (Halstead volume of a function) and CSM110/CSM210 (maintainability index of a module).

Only results analysed with `[tool.codesmell.halstead] enabled` carry the figures; the codes
are then judged like the per-metric limits, off unless selected. The maintainability index
is better when higher, so its finding's `value` is the shortfall `100 - MI` (higher is
worse, as every other metric and the baseline expect); the message shows the index itself.
"""

from __future__ import annotations

from codesmell.config import Config
from codesmell.metrics.halstead import figures
from codesmell.model import FileResult, Finding
from codesmell.rules.codes import HALSTEAD_VOLUME, MAINTAINABILITY


def radon_findings(result: FileResult, config: Config) -> list[Finding]:
    settings = config.halstead
    findings = []
    volume = settings.volume
    for function in result.functions:
        if not function.halstead:
            continue
        value = figures(function)["volume"]
        for code, limit, tier in ((HALSTEAD_VOLUME.critical_code, volume.critical, "critical"),
                                  (HALSTEAD_VOLUME.warning_code, volume.warning, "warning")):
            if value > limit:
                if config.is_enabled(code):
                    findings.append(Finding(
                        result.path, function.line, function.col, code,
                        f"{HALSTEAD_VOLUME.title} '{function.qualname}': volume {value:g} > {limit} ({tier})",
                        tier, function.qualname, HALSTEAD_VOLUME.metric, value, limit))
                break
    mi = result.maintainability
    limit_mi = settings.maintainability
    if mi is not None:
        for code, limit, tier in ((MAINTAINABILITY.critical_code, limit_mi.critical, "critical"),
                                  (MAINTAINABILITY.warning_code, limit_mi.warning, "warning")):
            if mi < limit:
                if config.is_enabled(code):
                    findings.append(Finding(
                        result.path, 1, 0, code,
                        f"{MAINTAINABILITY.title} of {result.module or result.path}: {mi:g} < {limit} ({tier})",
                        tier, "<module>", MAINTAINABILITY.metric, round(100 - mi, 2), 100 - limit))
                break
    return findings
