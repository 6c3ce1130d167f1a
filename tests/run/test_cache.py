"""The content-hash cache: warm runs parse nothing, bad entries are rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, tangled

from codesmell.run.cache import CACHE_DIR_NAME, ENTRY_SUFFIX, read_entry

# A function the long-method verdict flags (CSM100), so `check` has a finding to repeat.
LONG = tangled("long_one", 5)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", CODESMELL_STATS="1")
    return subprocess.run(
        [sys.executable, "-m", "codesmell", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _stats(done: subprocess.CompletedProcess[str]) -> dict[str, int]:
    match = re.search(r"codesmell-stats: files=(\d+) cached=(\d+) analysed=(\d+)", done.stderr)
    assert match, done.stderr
    files, cached, analysed = map(int, match.groups())
    return {"files": files, "cached": cached, "analysed": analysed}


def _project(root: Path) -> Path:
    (root / "pyproject.toml").write_text("[tool.codesmell]\n", encoding="utf-8")
    src = root / "src"
    src.mkdir()
    for i in range(6):
        (src / f"m{i}.py").write_text(LONG.replace("long_one", f"long_{i}") + f"X = {i}\n", encoding="utf-8")
    return root


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR_NAME).rglob("*" + ENTRY_SUFFIX))


def _forge(entry: Path, record: object) -> None:
    """Replace `entry`'s payload by a pickle of `record`, with a valid digest: a deliberate forgery."""
    key = entry.name.removesuffix(ENTRY_SUFFIX)
    data = entry.read_bytes()
    magic = data[: data.index(key.encode("ascii"))]
    payload = pickle.dumps(record, protocol=5)
    entry.write_bytes(magic + key.encode("ascii") + hashlib.blake2b(payload, digest_size=32).digest() + payload)


class _RunsCode:
    """Unpickling this calls os.mkdir(marker): what a malicious cache entry would try."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (self.marker,))


def test_warm_run_parses_nothing_and_prints_the_same(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _run(root, "metrics", "--format", "json", "src")
    assert _stats(cold) == {"files": 6, "cached": 0, "analysed": 6}
    warm = _run(root, "metrics", "--format", "json", "src")
    assert _stats(warm) == {"files": 6, "cached": 6, "analysed": 0}
    assert warm.stdout == cold.stdout
    assert warm.returncode == cold.returncode


def test_warm_check_is_identical_and_one_edit_reanalyses_one_file(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _run(root, "check", "src")
    assert cold.returncode == 1
    (root / "src" / "m3.py").write_text("def short():\n    return 1\n", encoding="utf-8")
    edited = _run(root, "check", "src")
    assert _stats(edited) == {"files": 6, "cached": 5, "analysed": 1}
    assert "m3.py" not in edited.stdout
    again = _run(root, "check", "src")
    assert _stats(again)["analysed"] == 0
    assert again.stdout == edited.stdout


def test_corrupt_entries_are_ignored_and_rebuilt(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _run(root, "metrics", "--format", "json", "src")
    entries = _entries(root)
    assert len(entries) == 6
    assert all(read_entry(e) is not None for e in entries)
    entries[0].write_bytes(b"\x00\xff garbage \xfe")
    entries[1].write_bytes(entries[1].read_bytes()[:120])  # truncated
    data = entries[2].read_bytes()
    key = entries[2].name.removesuffix(ENTRY_SUFFIX).encode("ascii")
    entries[2].write_bytes(data.replace(key, b"0" * len(key)))  # names another key
    flipped = bytearray(entries[3].read_bytes())
    flipped[-10] ^= 0x01  # one bit of the payload: the digest no longer matches
    entries[3].write_bytes(bytes(flipped))
    _forge(entries[4], ("wrong", "shape"))  # a valid digest, but not a result
    assert not any(read_entry(e) for e in entries[:5])
    rebuilt = _run(root, "metrics", "--format", "json", "src")
    assert rebuilt.returncode == cold.returncode, rebuilt.stderr
    assert rebuilt.stdout == cold.stdout
    assert _stats(rebuilt) == {"files": 6, "cached": 1, "analysed": 5}
    healed = _run(root, "metrics", "--format", "json", "src")
    assert _stats(healed)["analysed"] == 0
    assert healed.stdout == cold.stdout


def test_an_entry_naming_any_other_global_never_runs_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _run(root, "check", "src")
    marker = tmp_path / "pwned"
    entries = _entries(root)
    _forge(entries[0], _RunsCode(marker))
    _forge(entries[1], ("nested", (1, [_RunsCode(marker)])))
    assert read_entry(entries[0]) is None and read_entry(entries[1]) is None
    again = _run(root, "check", "src")
    assert not marker.exists()
    assert again.stdout == cold.stdout
    assert _stats(again) == {"files": 6, "cached": 4, "analysed": 2}


def test_an_entry_of_another_key_or_result_schema_is_not_used(tmp_path: Path) -> None:
    """The key covers the codesmell version, the cache format and the result classes' fields."""
    from codesmell.run import cache

    key = cache.cache_key("0" * 64, "m", False, False, "v1")
    assert key != cache.cache_key("1" + "0" * 63, "m", False, False, "v1")
    assert key != cache.cache_key("0" * 64, "m", False, True, "v1")
    assert key != cache.cache_key("0" * 64, "m", True, False, "v1")
    assert key != cache.cache_key("0" * 64, "m", False, False, "v2")
    assert "FunctionMetrics:qualname,name,line" in cache._SCHEMA


def test_entry_from_another_file_with_same_content_is_reused_with_its_own_path(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _run(root, "metrics", "--format", "json", "src")
    (root / "src" / "copy.py").write_bytes((root / "src" / "m0.py").read_bytes())
    done = _run(root, "metrics", "--format", "json", "src")
    # Same bytes but another module name: the key includes the module, so it is analysed.
    assert _stats(done)["analysed"] == 1
    assert '"path": "src/copy.py"' in done.stdout


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _run(root, "metrics", "--no-cache", "--format", "json", "src")
    second = _run(root, "check", "--no-cache", "src")
    assert first.returncode == 0 and second.returncode == 1
    assert not (root / CACHE_DIR_NAME).exists()
    assert _stats(second)["analysed"] == 6


def test_cache_dir_gets_a_gitignore(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _run(root, "metrics", "src")
    gitignore = root / CACHE_DIR_NAME / ".gitignore"
    assert gitignore.is_file()
    assert "*" in gitignore.read_text(encoding="utf-8").split()


def test_concurrent_runs_both_succeed_with_identical_output(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for i in range(6, 40):
        (root / "src" / f"m{i}.py").write_text(LONG.replace("long_one", f"f{i}"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    command = [sys.executable, "-m", "codesmell", "metrics", "--format", "json", "--jobs", "1", "src"]
    runs = [
        subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]
    assert not [p for p in (root / CACHE_DIR_NAME).rglob("*.tmp")]  # no half-written entries left
    warm = _run(root, "metrics", "--format", "json", "--jobs", "1", "src")
    assert warm.stdout == outputs[0][0]
    assert _stats(warm)["analysed"] == 0
