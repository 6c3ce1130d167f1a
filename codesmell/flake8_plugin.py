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
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from codesmell import __version__
from codesmell.config import DEFAULT_THRESHOLDS, Config, Threshold
from codesmell.model import FileResult
from codesmell.rules.codes import DEFAULT_SELECT, RULES
from codesmell.rules.thresholds import file_findings
from codesmell.run.analyze import analyze_source
from codesmell.run.cache import ResultCache, cache_key


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
        for rule in RULES:
            default = DEFAULT_THRESHOLDS[rule.metric]
            parser.add_option(
                _option(rule.metric),
                type=int,
                default=default.warning,
                parse_from_config=True,
                help=f"{rule.title}: warn ({rule.warning_code}) above this {rule.metric} (default: %(default)s)",
            )
            parser.add_option(
                _option(rule.metric) + "-critical",
                type=int,
                default=default.critical,
                parse_from_config=True,
                help=f"{rule.title}: critical ({rule.critical_code}) above this {rule.metric} (default: %(default)s)",
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
        thresholds = {}
        for rule in RULES:
            attr = _option(rule.metric)[2:].replace("-", "_")
            warning = getattr(options, attr)
            critical = max(getattr(options, attr + "_critical"), warning)
            thresholds[rule.metric] = Threshold(warning, critical)
        # flake8's `--select CSM` selects every code a plugin yields, so the plugin yields only
        # the default set (the long-method finding, file errors) unless the hard limits are on;
        # flake8 then does its own select/ignore on what it gets.
        select = ("CSM",) if getattr(options, "csm_hard_limits", False) else DEFAULT_SELECT
        cls.config = Config(thresholds=thresholds, select=select)
        cls.use_cache = not options.csm_no_cache
        cls.honour_noqa = not getattr(options, "disable_noqa", False)

    def run(self) -> Iterator[tuple[int, int, str, type[CodesmellChecker]]]:
        result = self._analyze("".join(self.lines).encode("utf-8", "surrogateescape"))
        if not self.honour_noqa:
            result = replace(result, noqa=())
        for finding in file_findings(result, self.config):
            yield finding.line, finding.col, f"{finding.code} {finding.message}", type(self)

    def _analyze(self, data: bytes) -> FileResult:
        if not self.use_cache:
            return analyze_source(data, self.filename, with_graph=False)
        cache = ResultCache(Path.cwd())
        key = cache_key(hashlib.sha256(data).hexdigest(), "", False, False, "flake8")
        cached = cache.load(key, self.filename)  # None when missing or not trustworthy: rebuild
        if cached is not None:
            return cached
        result = analyze_source(data, self.filename, with_graph=False)
        cache.store(key, result)
        return result
