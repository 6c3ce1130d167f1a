"""`check --format github`: workflow commands that GitHub turns into annotations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import tangled

from codesmell.model import Finding
from codesmell.output.github import annotation, escape_data, escape_property

LONG = "def long_function(x):\n" + "".join(f"    x = x + {i}\n" for i in range(60)) + "    return x\n"
MEDIUM = "def medium(x):\n" + "".join(f"    x = x + {i}\n" for i in range(24)) + "    return x\n"


def test_cli_prints_one_command_per_finding(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(MEDIUM + "\n\n" + LONG + "\n\n" + tangled("knotted", 13))
    (tmp_path / "pkg" / "bad.py").write_bytes(b"x = 1\0\n")
    # `--select CSM`: the per-metric hard limits too, not only the long-method finding
    done = subprocess.run(
        [sys.executable, "-m", "codesmell", "check", "--jobs", "1", "--no-cache", "--format", "github",
         "--select", "CSM", "."],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("::error file=pkg/m.py,line=93,col=1,title=CSM200::long method 'knotted': 54 SLOC")
        for line in lines
    )
    assert any(
        line.startswith("::warning file=pkg/m.py,line=1,col=1,title=CSM101::long function 'medium': SLOC 26 > 20")
        for line in lines
    )
    assert any(
        line.startswith("::error file=pkg/m.py,line=29,col=1,title=CSM201::long function 'long_function': SLOC 62")
        for line in lines
    )
    assert any(line.startswith("::error file=pkg/bad.py,line=1,col=1,title=CSM903::") for line in lines)
    assert all(line.startswith(("::warning ", "::error ")) for line in lines)


def test_escaping_follows_the_runner() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("dir:x,y%\n.py") == "dir%3Ax%2Cy%25%0A.py"


def test_annotation_escapes_properties_and_message() -> None:
    finding = Finding("a,b:c.py", 7, 3, "CSM902", "cannot decode: 50%\nbyte 0xff", "error")
    assert annotation(finding) == "::error file=a%2Cb%3Ac.py,line=7,col=4,title=CSM902::cannot decode: 50%25%0Abyte 0xff"
    critical = Finding("m.py", 2, 0, "CSM203", "hard", "critical", "f", "cognitive", 40, 30)
    assert annotation(critical).startswith("::error file=m.py,line=2,col=1,title=CSM203::")
