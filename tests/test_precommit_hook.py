"""The shipped `.pre-commit-hooks.yaml`, run by the real `pre-commit try-repo`.

try-repo builds the hook's virtualenv by `pip install`-ing a repository, which
is the slow part (tens of seconds to minutes on a loaded machine): that test is
in the slow suite. So the hook repository is a committed copy of this checkout
with a fixed ref, installed once into a private PRE_COMMIT_HOME, and both
scenarios (a long function fails, a clean commit passes) run in one test so
pytest-xdist cannot split them over two installs. The default suite runs each
hook's `entry` the way pre-commit calls it (staged file names appended unless
`pass_filenames: false`) in this checkout's interpreter, with the same assertions.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "codesmell tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "codesmell tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


def hook_repository(destination: Path) -> tuple[Path, str]:
    """A git repository holding what `pip install .` needs from this checkout; (path, commit)."""
    destination.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(
        ROOT / "codesmell", destination / "codesmell",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".codesmell_cache"),
    )
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "hook repository under test")
    return destination, git(destination, "rev-parse", "HEAD")


# 13 nested for/if/if blocks: a critical long method (CSM200), what the hook reports by default
LONG_FUNCTION = "def long_function(xs, y):\n" + "".join(
    f"    for x in xs:\n        if x > {i}:\n            if x % 2:\n                y = y + x\n" for i in range(13)
) + "    return y\n"
CLEAN_FUNCTION = "def short_function(x):\n    return x + 1\n"


def try_repo(consumer: Path, hook_repo: Path, ref: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull, "PRE_COMMIT_HOME": str(home)}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "--ref", ref, "--color", "never"],
        cwd=consumer, env=env, capture_output=True, text=True, timeout=900,
    )


def test_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"codesmell", "codesmell-gate"}
    per_file, gate = hooks["codesmell"], hooks["codesmell-gate"]
    assert per_file["entry"].startswith("codesmell check")
    assert per_file["language"] == gate["language"] == "python"
    assert per_file["types"] == ["python"]
    assert per_file.get("pass_filenames", True) is True
    assert gate["pass_filenames"] is False
    assert gate["require_serial"] is True


def run_hooks_as_pre_commit_does(consumer: Path, staged: list[str]) -> tuple[int, str]:
    """Every hook of the manifest over `staged`: (worst exit status, output with pre-commit's verdicts)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    worst, output = 0, []
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        command, *arguments = shlex.split(hook["entry"])
        assert command == "codesmell"
        files = staged if hook.get("pass_filenames", True) else []
        done = subprocess.run(
            [sys.executable, "-m", "codesmell", *arguments, *hook.get("args", []), *files],
            cwd=consumer, env=env, capture_output=True, text=True, timeout=300,
        )
        output.append(f"{hook['name']}: {'Passed' if done.returncode == 0 else 'Failed'}\n{done.stdout}{done.stderr}")
        worst = max(worst, done.returncode)
    return worst, "".join(output)


def test_hook_entries_fail_on_a_long_function_and_pass_a_clean_commit(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    git(consumer, "init", "-q")
    (consumer / "legacy.py").write_text(CLEAN_FUNCTION + "\n\n" + LONG_FUNCTION)
    git(consumer, "add", "legacy.py")
    status, output = run_hooks_as_pre_commit_does(consumer, ["legacy.py"])
    assert status == 1, output
    assert "legacy.py:5:1: CSM200" in output  # the long-method finding, critical
    assert output.count("Failed") == 2, output  # the per-file hook and the project gate

    (consumer / "legacy.py").write_text(CLEAN_FUNCTION)
    git(consumer, "add", "legacy.py")
    status, output = run_hooks_as_pre_commit_does(consumer, ["legacy.py"])
    assert status == 0, output
    assert output.count("Passed") == 2, output
    assert "CSM" not in output


@pytest.mark.slow
def test_try_repo_fails_on_a_long_function_and_passes_a_clean_commit(tmp_path: Path) -> None:
    hook_repo, ref = hook_repository(tmp_path / "hooks")
    home = tmp_path / "pre-commit-home"

    consumer = tmp_path / "consumer"
    consumer.mkdir()
    git(consumer, "init", "-q")
    (consumer / "README.md").write_text("consumer\n")
    git(consumer, "add", "README.md")
    git(consumer, "commit", "-q", "-m", "start")

    # A staged long function: both hooks fail and name the function's file, line and code.
    (consumer / "legacy.py").write_text(CLEAN_FUNCTION + "\n\n" + LONG_FUNCTION)
    git(consumer, "add", "legacy.py")
    failed = try_repo(consumer, hook_repo, ref, home)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "legacy.py:5:1: CSM200 long method 'long_function'" in output
    assert output.count("Failed") == 2, output  # the per-file hook and the project gate

    # The same file with the long function split: both hooks pass (env reused from the store).
    (consumer / "legacy.py").write_text(CLEAN_FUNCTION)
    git(consumer, "add", "legacy.py")
    passed = try_repo(consumer, hook_repo, ref, home)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert output.count("Passed") == 2, output
    assert "CSM" not in output


def readme_snippet() -> str:
    """The `.pre-commit-config.yaml` block of the README, exactly as a user would copy it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```yaml\n# .pre-commit-config.yaml\n") + len("```yaml\n")
    return text[start:text.index("```", start)]


def test_the_readme_snippet_runs_verbatim_under_pre_commit(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    git(consumer, "init", "-q")
    (consumer / ".pre-commit-config.yaml").write_text(readme_snippet())
    (consumer / "legacy.py").write_text(CLEAN_FUNCTION + "\n\n" + LONG_FUNCTION)
    git(consumer, "add", "-A")
    # `language: system` runs the `codesmell` on PATH: this interpreter's, as after `pip install .`
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull, "PRE_COMMIT_HOME": str(tmp_path / "home"),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never"],
                              cwd=consumer, env=env, capture_output=True, text=True, timeout=300)

    failed = run()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "legacy.py:5:1: CSM200" in failed.stdout
    assert failed.stdout.count("Failed") == 2, failed.stdout

    (consumer / "legacy.py").write_text(CLEAN_FUNCTION)
    git(consumer, "add", "-A")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2, passed.stdout
