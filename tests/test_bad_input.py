"""The bad-input corpus through the real CLI: every odd file gets one clear error, the rest is analysed.

SPEC.md "Bad input": nothing a repository can contain crashes a run or silently drops a
file; each gets a per-file error in every output and the exit code says something could
not be analysed (1). The corpus is `fixtures/bad_input/` plus what `make_corpus.py`
builds at test time (symlink loops, a FIFO, a non-UTF-8 name, 20k lines, deep nesting).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import FIXTURES, REPO, run_cli

CORPUS_DIR = FIXTURES / "bad_input"
LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>CSM\d{3}) (?P<message>.+)$")


def load_make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_DIR / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = load_make_corpus()


class Corpus:
    """The corpus on disk, its expectations, and each CLI output over it (run once per module).

    The first run fills the cache in the corpus directory (it starts empty, so that run
    analyses everything); the other formats read the same per-file results back from
    it, which also checks that errors survive the cache.
    """

    def __init__(self, root: Path, big: bool = True) -> None:
        self.root = root
        self.expected: dict[str, str | None] = make_corpus.build_corpus(root, big)
        self._runs: dict[tuple[str, ...], tuple[subprocess.CompletedProcess[str], float]] = {}
        self.cached_before_first_run = (root / ".codesmell_cache").exists()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        if args not in self._runs:
            start = time.monotonic()
            done = run_cli(*args, ".", cwd=self.root)
            self._runs[args] = (done, time.monotonic() - start)
        return self._runs[args][0]

    def seconds(self, *args: str) -> float:
        self.run(*args)
        return self._runs[args][1]

    @property
    def bad(self) -> dict[str, str]:
        return {path: code for path, code in self.expected.items() if code is not None}

    @property
    def good(self) -> set[str]:
        return {path for path, code in self.expected.items() if code is None}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Every kind of bad entry, without the seconds-long generated good files (the default suite)."""
    return Corpus(tmp_path_factory.mktemp("bad_input_small"), big=False)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The whole corpus: also 20k lines, a 3000-term chain, 1500 nested f-string parens (the slow suite)."""
    return Corpus(tmp_path_factory.mktemp("bad_input"))


def assert_no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, (done.returncode, done.stderr)  # 1: some file could not be analysed


def test_committed_corpus_is_byte_exact() -> None:
    """git must not normalise the CRLF/BOM/binary files (fixtures/bad_input/.gitattributes)."""
    assert (CORPUS_DIR / "bom_crlf.py").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CORPUS_DIR / "bom_crlf.py").read_bytes()
    assert b"\t" in (CORPUS_DIR / "tabs.py").read_bytes()
    assert (CORPUS_DIR / "binary_png.py").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (CORPUS_DIR / "empty.py").read_bytes() == b""
    committed = {p.name for p in CORPUS_DIR.glob("*.py")} - {"make_corpus.py"}
    assert committed == set(make_corpus.EXPECTED)


def test_metrics_json_has_each_file_once_with_its_error(corpus: Corpus) -> None:
    done = corpus.run("metrics", "--format", "json", "--jobs", "2")
    assert not corpus.cached_before_first_run
    assert_no_crash(done)
    files = json.loads(done.stdout)["files"]
    paths = [f["path"] for f in files]
    assert sorted(paths) == sorted(corpus.expected), "every entry exactly once, nothing else"
    by_path = {f["path"]: f for f in files}
    for path, code in corpus.expected.items():
        errors = by_path[path]["errors"]
        if code is None:
            assert errors == [], (path, errors)
        else:
            assert [e["code"] for e in errors] == [code], (path, errors)
            assert errors[0]["message"].strip(), path
            assert by_path[path]["functions"] == []
    for path, functions in make_corpus.EXPECTED_FUNCTIONS.items():
        assert [(f["qualname"], f["line"]) for f in by_path[path]["functions"]] == functions, path


def test_good_files_beside_bad_ones_are_analysed(corpus: Corpus) -> None:
    files = {f["path"]: f for f in json.loads(corpus.run("metrics", "--format", "json", "--jobs", "2").stdout)["files"]}
    assert [f["qualname"] for f in files["dirloop/inside.py"]["functions"]] == ["inside"]
    assert [f["qualname"] for f in files["package_like.py/real.py"]["functions"]] == ["real"]
    assert [f["qualname"] for f in files[make_corpus.NON_UTF8_DISPLAY]["functions"]] == ["cafe"]
    if os.geteuid() == 0:  # root reads mode-000 files; others get CSM905 (see make_corpus.py)
        assert [f["qualname"] for f in files["unreadable.py"]["functions"]] == ["secret"]


def test_check_text_has_one_flake8_line_per_bad_file(corpus: Corpus) -> None:
    done = corpus.run("check", "--jobs", "2")
    assert_no_crash(done)
    lines = [LINE.match(line) for line in done.stdout.splitlines()]
    assert all(lines), done.stdout
    errors = [m for m in lines if m is not None and m["code"].startswith("CSM9")]
    assert sorted(m["path"] for m in errors) == sorted(corpus.bad)
    for match in errors:
        assert match["code"] == corpus.bad[match["path"]], match.group(0)
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
    positions = {m["path"]: (int(m["line"]), int(m["col"])) for m in errors}
    for path, position in make_corpus.EXPECTED_POSITIONS.items():
        assert positions[path] == position, path
    text = {m["path"]: m["message"] for m in errors}
    assert text["python2_print.py"] == "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?"
    assert "too many levels of indentation" in text["deep_ifs_200.py"]
    assert "nested 3000 deep" in text["deep_parens_3000.py"]
    assert "symlink loop" in text["loop_a.py"]
    assert "broken symbolic link" in text["broken_link.py"]
    assert "not a regular file" in text["fifo.py"]
    assert "could not be analysed" in done.stderr


def test_check_json_lists_each_error_once(corpus: Corpus) -> None:
    done = corpus.run("check", "--format", "json", "--jobs", "2")
    assert_no_crash(done)
    document: dict[str, Any] = json.loads(done.stdout)
    assert sorted((e["path"], e["code"]) for e in document["errors"]) == sorted(corpus.bad.items())
    assert document["summary"]["files"] == len(corpus.expected)
    error_findings = sorted((f["path"], f["code"]) for f in document["findings"] if f["severity"] == "error")
    assert error_findings == sorted(corpus.bad.items())


def test_sarif_has_a_result_per_bad_file(corpus: Corpus) -> None:
    done = corpus.run("check", "--format", "sarif", "--jobs", "2")
    assert_no_crash(done)
    run = json.loads(done.stdout)["runs"][0]
    results = [
        (unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]), r["ruleId"])
        for r in run["results"]
        if r["ruleId"].startswith("CSM9")
    ]
    assert sorted(results) == sorted(corpus.bad.items())


def test_github_annotations_have_one_error_per_bad_file(corpus: Corpus) -> None:
    done = corpus.run("check", "--format", "github", "--jobs", "2")
    assert_no_crash(done)
    annotation = re.compile(r"^::error file=(?P<path>[^,]+),line=\d+,col=\d+,title=(?P<code>CSM9\d\d)::.+$")
    found = [m for m in map(annotation.match, done.stdout.splitlines()) if m is not None]
    assert sorted((m["path"], m["code"]) for m in found) == sorted(corpus.bad.items())


def test_metrics_text_shows_each_error_under_its_file(corpus: Corpus) -> None:
    done = corpus.run("metrics", "--format", "text", "--jobs", "2")
    assert_no_crash(done)
    lines = done.stdout.splitlines()
    for path, code in corpus.bad.items():
        [header] = [i for i, line in enumerate(lines) if line.startswith(f"{path} (")]
        assert lines[header + 1].startswith(f"    {code} line "), (path, lines[header + 1])


def test_report_names_every_bad_file(corpus: Corpus) -> None:
    out = corpus.root.parent / "bad_input_report.html"
    done = corpus.run("report", "-o", str(out))
    assert "Traceback" not in done.stderr, done.stderr
    assert out.exists(), done.stderr
    html = out.read_text(encoding="utf-8").replace("<wbr>", "")  # paths may break only after a slash
    for path, code in corpus.bad.items():
        assert path in html and code in html, path


@pytest.mark.slow
def test_the_whole_corpus_gives_each_file_once_with_its_error(big_corpus: Corpus) -> None:
    """The default suite's JSON test, with the big generated good files among the bad ones."""
    done = big_corpus.run("metrics", "--format", "json", "--jobs", "2")
    assert_no_crash(done)
    files = json.loads(done.stdout)["files"]
    assert sorted(f["path"] for f in files) == sorted(big_corpus.expected), "every entry exactly once"
    by_path = {f["path"]: f for f in files}
    for path, code in big_corpus.expected.items():
        assert [e["code"] for e in by_path[path]["errors"]] == ([] if code is None else [code]), path
    big = by_path["big_20k_lines.py"]["functions"]
    assert len(big) == make_corpus.BIG_FILE_FUNCTIONS
    assert (big[-1]["qualname"], big[-1]["line"]) == (f"handler_{make_corpus.BIG_FILE_FUNCTIONS - 1}", 19_996)
    assert [f["qualname"] for f in by_path["plus_chain_3000.py"]["functions"]] == ["total"]
    assert [f["qualname"] for f in by_path["fstring_parens_1500.py"]["functions"]] == []


@pytest.mark.slow
def test_big_and_deep_files_finish_in_reasonable_time(big_corpus: Corpus) -> None:
    """20k lines and nesting past every recursion limit: an error or a result, in seconds."""
    # Generous: the whole corpus on a loaded 2-core CI machine; a hang or quadratic blow-up is minutes.
    assert big_corpus.seconds("metrics", "--format", "json", "--jobs", "2") < 90


def test_deep_files_finish_in_reasonable_time(corpus: Corpus) -> None:
    """Nesting past every recursion limit (the bad entries): errors, in seconds, not minutes."""
    assert corpus.seconds("metrics", "--format", "json", "--jobs", "2") < 60


def test_jobs_1_survives_nesting_that_overflows_the_c_stack(tmp_path: Path) -> None:
    """In-process (`--jobs 1`) a native stack overflow would kill codesmell itself."""
    (tmp_path / "fstring.py").write_text(make_corpus.fstring_parens(1500), encoding="utf-8")
    (tmp_path / "parens.py").write_text(make_corpus.deep_parens(3000), encoding="utf-8")
    (tmp_path / "ok.py").write_text("def ok():\n    return 1\n", encoding="utf-8")
    done = run_cli("check", ".", "--no-cache", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # -11 would be a segfault
    assert done.stdout == (
        "parens.py:1:1: CSM904 brackets nested 3000 deep; Python allows 200 (too many nested parentheses)\n"
    )


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return [int(p) for p in handle.read().split()]


def test_a_worker_killed_midway_loses_no_file(tmp_path: Path) -> None:
    """A worker process that dies (segfault, OOM killer) is replaced; every file still comes out."""
    _kill_a_worker_midway(tmp_path, chain=1200, quick=2)


@pytest.mark.slow
def test_a_worker_killed_midway_in_a_bigger_run_loses_no_file(tmp_path: Path) -> None:
    _kill_a_worker_midway(tmp_path, chain=2500, quick=6)


def _kill_a_worker_midway(tmp_path: Path, chain: int, quick: int) -> None:
    """Two files of a `chain`-term expression (seconds each) keep both workers busy; `quick` small ones wait."""
    for i in range(2):
        (tmp_path / f"slow_{i}.py").write_text(make_corpus.plus_chain(chain), encoding="utf-8")
    for i in range(quick):
        (tmp_path / f"quick_{i}.py").write_text(f"def f{i}(a):\n    return a\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "codesmell", "metrics", ".", "--format", "json", "--no-cache", "--jobs", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        workers = _children(process.pid)
    assert len(workers) >= 2, "the pool never started"
    time.sleep(0.3)  # inside the slow files (a second or more each)
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert process.returncode == 0, stderr
    files = {f["path"]: f for f in json.loads(stdout)["files"]}
    assert sorted(files) == sorted(p.name for p in tmp_path.iterdir())
    assert all(f["errors"] == [] and len(f["functions"]) == 1 for f in files.values()), files
