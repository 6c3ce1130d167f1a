"""Discovery over odd file systems: loops, dangling links, pipes, undecodable names.

Each odd entry becomes one `SourceFile` carrying a CSM905 error or an analysable
file; none is dropped silently, none appears twice, none hangs the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codesmell.config import Config
from codesmell.run.discovery import SourceFile, discover, display_path
from codesmell.run.engine import EngineOptions, analyze_files


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def by_path(sources: list[SourceFile]) -> dict[str, SourceFile]:
    paths = [s.path for s in sources]
    assert len(paths) == len(set(paths)), paths
    return {s.path: s for s in sources}


def error_code(source: SourceFile) -> str | None:
    return source.error.code if source.error is not None else None


def test_file_symlink_loop_and_broken_link_are_errors(in_tmp: Path) -> None:
    os.symlink("b.py", "a.py")
    os.symlink("a.py", "b.py")
    os.symlink("missing.py", "dangling.py")
    Path("ok.py").write_text("x = 1\n")
    found = by_path(discover(["."], Config()))
    assert {p: error_code(s) for p, s in found.items()} == {
        "a.py": "CSM905", "b.py": "CSM905", "dangling.py": "CSM905", "ok.py": None,
    }
    assert found["a.py"].error is not None and "symlink loop" in found["a.py"].error.message
    assert found["dangling.py"].error is not None and "broken symbolic link" in found["dangling.py"].error.message


def test_a_looping_link_named_on_the_command_line_is_an_error(in_tmp: Path) -> None:
    os.symlink("self.py", "self.py")
    [source] = discover(["self.py"], Config())
    assert (source.path, error_code(source)) == ("self.py", "CSM905")


def test_directory_loop_is_walked_once_and_reported_once(in_tmp: Path) -> None:
    Path("pkg/sub").mkdir(parents=True)
    Path("pkg/__init__.py").write_text("")
    Path("pkg/sub/mod.py").write_text("def f():\n    return 1\n")
    os.symlink("../..", "pkg/sub/up")  # back to the directory that holds pkg
    os.symlink("sub", "pkg/again")  # a second way to the same directory
    found = by_path(discover(["pkg"], Config()))
    analysable = {p for p, s in found.items() if s.error is None}
    assert analysable == {"pkg/__init__.py", "pkg/sub/mod.py"}
    errors = {p: s.error.message for p, s in found.items() if s.error is not None}
    assert errors == {"pkg/sub/up": "symlink loop: link to a directory that contains it"}
    # `pkg/again` is a second name for `pkg/sub`, not a loop: its files appear once, under `pkg/sub`.
    assert found["pkg/sub/mod.py"].module == "pkg.sub.mod"


def test_link_to_a_directory_outside_the_root_is_followed(in_tmp: Path) -> None:
    Path("elsewhere").mkdir()
    Path("elsewhere/shared.py").write_text("def shared():\n    return 1\n")
    Path("proj").mkdir()
    os.symlink("../elsewhere", "proj/vendored")
    found = by_path(discover(["proj"], Config()))
    assert {p: error_code(s) for p, s in found.items()} == {"proj/vendored/shared.py": None}


def test_fifo_named_like_a_module_does_not_hang(in_tmp: Path) -> None:
    os.mkfifo("pipe.py")
    Path("ok.py").write_text("def f():\n    return 1\n")
    sources = discover(["."], Config())
    results = {r.path: r for r in analyze_files(sources, EngineOptions(jobs=1))}  # blocked forever before
    assert [e.code for e in results["pipe.py"].errors] == ["CSM905"]
    assert "named pipe" in results["pipe.py"].errors[0].message
    assert [f.qualname for f in results["ok.py"].functions] == ["f"]


def test_fifo_named_on_the_command_line_does_not_hang(in_tmp: Path) -> None:
    os.mkfifo("pipe.py")
    [result] = analyze_files(discover(["pipe.py"], Config()), EngineOptions(jobs=1))
    assert [e.code for e in result.errors] == ["CSM905"]


def test_directory_named_like_a_module_is_walked_not_read(in_tmp: Path) -> None:
    Path("tool.py").mkdir()
    Path("tool.py/inner.py").write_text("def inner():\n    return 1\n")
    found = by_path(discover(["."], Config()))
    assert {p: error_code(s) for p, s in found.items()} == {"tool.py/inner.py": None}


def test_non_utf8_file_name_is_analysed_under_a_printable_path(in_tmp: Path) -> None:
    fd = os.open(b"caf\xe9.py", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"def cafe():\n    return 1\n")
    os.close(fd)
    [source] = discover(["."], Config())
    assert source.path == "caf\ufffd.py"
    source.path.encode("utf-8")  # printable: no lone surrogates reach any output
    assert source.module == "caf\ufffd"
    [result] = analyze_files([source], EngineOptions(jobs=1))
    assert [f.qualname for f in result.functions] == ["cafe"]


def test_missing_argument_is_an_error_not_an_omission(in_tmp: Path) -> None:
    [source] = discover(["nowhere.py"], Config())
    assert (source.path, error_code(source)) == ("nowhere.py", "CSM905")


def test_unreadable_file_is_read_by_root_and_an_error_for_others(in_tmp: Path) -> None:
    Path("secret.py").write_text("def s():\n    return 1\n")
    Path("secret.py").chmod(0)
    [result] = analyze_files(discover(["."], Config()), EngineOptions(jobs=1))
    if os.geteuid() == 0:  # permissions do not stop root: the file is analysed
        assert [f.qualname for f in result.functions] == ["s"]
    else:
        assert [e.code for e in result.errors] == ["CSM905"]


def test_unreadable_directory_is_an_error_for_non_root(in_tmp: Path) -> None:
    Path("closed").mkdir()
    Path("closed/mod.py").write_text("x = 1\n")
    Path("closed").chmod(0)
    try:
        found = by_path(discover(["."], Config()))
    finally:
        Path("closed").chmod(0o755)
    if os.geteuid() == 0:
        assert {p: error_code(s) for p, s in found.items()} == {"closed/mod.py": None}
    else:
        assert {p: error_code(s) for p, s in found.items()} == {"closed": "CSM905"}


def test_display_path_replaces_undecodable_bytes() -> None:
    assert display_path(os.fsdecode(b"/x/caf\xe9.py"), "/x") == "caf\ufffd.py"
