"""Analysis by segments equals whole-file analysis in every figure history reads."""

from __future__ import annotations

import sysconfig
from dataclasses import replace
from pathlib import Path

import pytest

from codesmell.history.segments import assemble, batches, decode, split, unbatch
from codesmell.model import FileResult, FunctionMetrics
from codesmell.run.analyze import analyze_source

REPO_ROOT = Path(__file__).resolve().parents[2]
STDLIB = Path(sysconfig.get_paths()["stdlib"])
FILES = sorted((REPO_ROOT / "fixtures" / "long_methods").rglob("*.py")) + [
    STDLIB / name for name in ("argparse.py", "dataclasses.py", "ftplib.py", "tarfile.py", "typing.py")
]


def comparable(function: FunctionMetrics) -> FunctionMetrics:
    """Everything but the Extract Method names, which avoid the names of the whole module."""
    return replace(function, suggestions=tuple(replace(s, name="") for s in function.suggestions))


def by_segments(data: bytes) -> FileResult | None:
    text = decode(data)
    assert text is not None
    segments = split(text)
    if segments is None:
        return None
    texts = list(dict.fromkeys(s.text for s in segments))
    per_text: list[FileResult | None] = []
    for batch, spans in batches(texts):  # as `codesmell history` analyses them: in batches of segments
        per_text.extend(unbatch(analyze_source(batch.encode(), "<segments>", "", False, False), spans))
    return assemble("x.py", "", text, segments, [per_text[texts.index(s.text)] for s in segments])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_segments_give_the_whole_file_figures(path: Path) -> None:
    data = path.read_bytes()
    whole = analyze_source(data, "x.py", "", False, False)
    cut = by_segments(data)
    assert cut is not None
    assert [comparable(f) for f in cut.functions] == [comparable(f) for f in whole.functions]
    assert cut.lines == whole.lines


SOURCE = '''\
import os


@decorator(
    arg=1,
)
def top(a):
    return a


class Outer(Base):
    x = 1

    @property
    def value(self):
        return self.x

    @value.setter
    def value(self, v):
        if v:
            self.x = v

    class Inner:
        def deep(self):
            return [lambda: 1]


if os.name == "nt":
    def windows():
        return 1
'''


def test_decorators_properties_nested_classes_and_conditional_definitions() -> None:
    whole = analyze_source(SOURCE.encode(), "x.py", "", False, False)
    cut = by_segments(SOURCE.encode())
    assert cut is not None and cut.functions == whole.functions
    assert [f.qualname for f in cut.functions] == ["top", "Outer.value", "Outer.value", "Outer.Inner.deep", "windows"]


def test_batches_hold_about_batch_lines_and_give_each_text_its_lines() -> None:
    texts = [f"def f{n}():\n    return {n}\n" for n in range(1000)]
    groups = batches(texts)
    assert [len(spans) for _, spans in groups] == [750, 250]  # 1,500 lines, then the rest
    assert groups[0][1][:2] == [(1, 2), (3, 4)]
    result = analyze_source(groups[1][0].encode(), "<segments>", "", False, False)
    alone = unbatch(result, groups[1][1])
    assert [(f.qualname, f.line, f.end_line) for f in alone[3].functions] == [("f753", 1, 2)]


def test_what_ast_cannot_cut_is_analysed_whole() -> None:
    assert split("print 'python 2'\n") is None
    assert split("class A: \n    def f(self): pass\nclass B: x = 1\n") is not None
    assert split("class A: pass; \n") == []  # nothing holds a function
    assert decode(b"\x00") is None
