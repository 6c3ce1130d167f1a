"""Output formats, each a small function behind one interface per command.

`metrics` formatters take the run's `FileResult`s; `check` formatters take the
`Finding`s too. New formats register here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from codesmell.config import Config
from codesmell.model import FileResult, Finding
from codesmell.output import findings as _findings
from codesmell.output import github as _github
from codesmell.output import gitlab as _gitlab
from codesmell.output import metrics as _metrics
from codesmell.output import sarif as _sarif

MetricsFormatter = Callable[[Sequence[FileResult], Config], str]
# The same formats, written one file at a time (`metrics` streams its results through these).
MetricsStream = Callable[[Iterable[FileResult], Config], Iterator[str]]
FindingsFormatter = Callable[[Sequence[Finding], Sequence[FileResult], Config, bool], str]

METRICS_FORMATS: dict[str, MetricsFormatter] = {
    "json": _metrics.to_json,
    "csv": _metrics.to_csv,
    "text": _metrics.to_text,
}

METRICS_STREAMS: dict[str, MetricsStream] = {
    "json": _metrics.iter_json,
    "csv": _metrics.iter_csv,
    "text": _metrics.iter_text,
}

FINDINGS_FORMATS: dict[str, FindingsFormatter] = {
    "text": _findings.to_text,
    "json": _findings.to_json,
    "sarif": _sarif.to_sarif,
    "github": _github.to_github,
    "gitlab": _gitlab.to_gitlab,
}
