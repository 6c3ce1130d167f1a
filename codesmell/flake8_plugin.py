"""The flake8 adapter: options in, the shared per-file analysis, tuples out.

Kept as thin as mccabe's: all measuring happens in `codesmell.run.analyze`, all
judging in `codesmell.rules`. flake8 applies `# noqa` itself, including on the
last line of a multi-line `def` header (it maps a logical line's comments to
all of its physical lines) for the `def` line; a `# noqa` on a later line of a
multi-line header is ours to honour, unless `--disable-noqa` is given.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from codesmell import __version__
from codesmell.config import Config, Threshold, load_config, matches_any
from codesmell.model import FileResult
from codesmell.rules.codes import RULES
from codesmell.rules.thresholds import file_findings
from codesmell.run.discovery import display_path
from codesmell.run.single import analyze_cached


def _option(metric: str) -> str:
    return "--csm-max-" + metric.replace("_", "-")


class CodesmellChecker:
    name = "codesmell"
    version = __version__

    config: ClassVar[Config] = Config()
    use_cache: ClassVar[bool] = True
    honour_noqa: ClassVar[bool] = True

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]) -> None:
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        # Defaults are None, not numbers: an option left unset must not hide the value in
        # [tool.codesmell.thresholds], so the plugin and `codesmell check` agree on one tree.
        for rule in RULES:
            parser.add_option(
                _option(rule.metric),
                type=int,
                default=None,
                parse_from_config=True,
                help=f"{rule.title}: warn ({rule.warning_code}) above this {rule.metric} "
                "(default: [tool.codesmell.thresholds] in pyproject.toml, else codesmell's default)",
            )
            parser.add_option(
                _option(rule.metric) + "-critical",
                type=int,
                default=None,
                parse_from_config=True,
                help=f"{rule.title}: critical ({rule.critical_code}) above this {rule.metric} "
                "(default: [tool.codesmell.thresholds] in pyproject.toml, else codesmell's default)",
            )
        parser.add_option(
            "--csm-hard-limits",
            action="store_true",
            parse_from_config=True,
            help="also report the per-metric hard limits CSM101-108/CSM201-208 "
            "(default: only the long-method finding CSM100/CSM200)",
        )
        parser.add_option(
            "--csm-no-cache",
            action="store_true",
            parse_from_config=True,
            help="do not read or write .codesmell_cache/",
        )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        # A broken [tool.codesmell] raises ConfigError here: flake8 stops with its message
        # rather than linting with settings the user did not write.
        cls.config = config_for_flake8(load_config(start=Path.cwd()), options)
        cls.use_cache = not options.csm_no_cache
        cls.honour_noqa = not getattr(options, "disable_noqa", False)

    def run(self) -> Iterator[tuple[int, int, str, type[CodesmellChecker]]]:
        if matches_any(display_path(self.filename), self.config.exclude + self.config.extend_exclude):
            return  # `codesmell check` would not analyse it either
        result = self._analyze("".join(self.lines).encode("utf-8", "surrogateescape"))
        if not self.honour_noqa:
            result = replace(result, noqa=())
        for finding in file_findings(result, self.config):
            yield finding.line, finding.col, f"{finding.code} {finding.message}", type(self)

    def _analyze(self, data: bytes) -> FileResult:
        return analyze_cached(data, self.filename, Path.cwd() if self.use_cache else None)


def config_for_flake8(project: Config, options: argparse.Namespace) -> Config:
    """pyproject's `[tool.codesmell]` with the flake8 options given on top of it.

    flake8's `--select CSM` selects every code a plugin yields, so the plugin yields what
    the project's own select/ignore enable (by default the long-method finding and the file
    errors), plus the per-metric hard limits when `--csm-hard-limits` is on; flake8 then
    applies its own select/ignore to what it gets.
    """
    thresholds = dict(project.thresholds)
    for rule in RULES:
        attr = _option(rule.metric)[2:].replace("-", "_")
        warning, critical = getattr(options, attr, None), getattr(options, attr + "_critical", None)
        if warning is None and critical is None:
            continue
        base = thresholds[rule.metric]
        warning = base.warning if warning is None else warning
        critical = base.critical if critical is None else critical
        thresholds[rule.metric] = Threshold(warning, max(critical, warning))
    select = project.select + (("CSM",) if getattr(options, "csm_hard_limits", False) else ())
    return replace(project, thresholds=thresholds, select=select)
