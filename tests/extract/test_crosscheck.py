"""The per-file analysis (our own name walk) agrees with LibCST's ScopeProvider.

Suggestions come from a fast conservative walk; `codesmell extract` re-analyses
the block with `ScopeProvider`. Every suggestion must be accepted there, with
no parameter or return value the suggestion did not announce.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from codesmell.extract.transform import ParsedFile, extract_parsed
from codesmell.run.analyze import analyze_source
from tests.conftest import FIXTURES

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SAMPLES = [
    *sorted((FIXTURES / "long_methods").rglob("*.py")),
    *sorted(p for p in (FIXTURES / "extract_examples").glob("*.py") if not p.name.startswith("check_")),
    *(
        pytest.param(STDLIB / name, marks=pytest.mark.slow)
        for name in ("argparse.py", "textwrap.py", "tarfile.py", "pydoc.py", "smtplib.py")
    ),
]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: getattr(p, "name", None))
def test_suggestions_hold_under_scope_analysis(path: Path) -> None:
    data = path.read_bytes()
    result = analyze_source(data, path.name, with_graph=False)
    assert result.ok
    text = data.decode("utf-8")
    parsed = ParsedFile(text)
    checked = 0
    for function in result.functions:
        for suggestion in function.suggestions:
            done = extract_parsed(parsed, suggestion.start_line, suggestion.end_line, verify=True)
            assert done.parent == function.qualname
            assert set(done.candidate.params) <= set(suggestion.params), suggestion
            assert set(done.candidate.returns) <= set(suggestion.returns), suggestion
            assert done.candidate.kind == suggestion.kind
            checked += 1
    if path.parent.name == "extract_examples":
        assert checked
