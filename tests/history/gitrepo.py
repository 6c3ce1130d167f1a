"""Git repositories built by the tests, with fixed authors and dates, so every sha is the same on every run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BASE_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": str(Path(__file__).with_name("gitconfig")),
    "GIT_COMMITTER_NAME": "codesmell tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}
AUTHORS = {"ann": ("Ann", "ann@example.invalid"), "bob": ("Bob", "bob@example.invalid"),
           "cy": ("Cy", "cy@example.invalid")}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
         "-c", "protocol.file.allow=always", *args],
        cwd=cwd, env={**os.environ, **BASE_ENV, **(env or {})}, capture_output=True, check=True,
    )
    return done.stdout.decode().strip()


class Repo:
    """A repository in `root`; `commit` writes files (None deletes), stages everything, commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q")
        self.shas: list[str] = []

    def write(self, files: dict[str, str | bytes | None]) -> None:
        for name, content in files.items():
            path = self.root / name
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")

    def commit(self, message: str, date: str, author: str = "ann",
               files: dict[str, str | bytes | None] | None = None) -> str:
        self.write(files or {})
        name, email = AUTHORS[author]
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
               "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"}
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=env)
        sha = git(self.root, "rev-parse", "HEAD")
        self.shas.append(sha)
        return sha

    def git(self, *args: str) -> str:
        return git(self.root, *args)


CORE_1 = '''\
def f(x):
    if x:
        return 1
    return 2


def g(y):
    return y + 1


class C:
    def m(self, z):
        for item in z:
            print(item)
        return z
'''

# commit 2 (bob): f gains a branch; g and C.m only move down
CORE_2 = CORE_1.replace("    return 2\n", "    if x > 2:\n        return 5\n    return 2\n", 1)

# commit 4 (cy): C.m and g edited
CORE_4 = CORE_2.replace("    return y + 1\n", "    return y + 2\n").replace("            print(item)\n",
                                                                        "            if item:\n"
                                                                        "                print(item)\n")

# commit 5 (bob): f edited again, h added at the end
CORE_5 = CORE_4.replace("        return 5\n", "        return 6\n") + '''

def h():
    return 0
'''


def known_edits(root: Path) -> Repo:
    """Five commits with known effects on each function (see tests/history/test_history.py)."""
    repo = Repo(root)
    repo.commit("one", "2020-01-01", "ann", {"pkg/__init__.py": "", "pkg/core.py": CORE_1,
                                              "README.md": "not python\n"})
    repo.commit("two", "2020-02-01", "bob", {"pkg/core.py": CORE_2})
    repo.git("mv", "pkg/core.py", "pkg/engine.py")
    repo.commit("three: rename", "2020-03-01", "ann")
    repo.commit("four", "2020-04-01", "cy", {"pkg/engine.py": CORE_4})
    repo.commit("five", "2020-05-01", "bob", {"pkg/engine.py": CORE_5})
    return repo
