"""`codesmell explain`: the increments beside each line, and a long function's shape and concerns."""

from __future__ import annotations

import textwrap
from pathlib import Path

from codesmell.output.explain import concern_of_line, describe_concerns, explain_function, explain_target
from tests.metrics._helpers import only

TWO_CONCERNS = textwrap.dedent(
    '''\
    def sync(a, b):
        """Copy a, then b."""
        x = load(a)
        y = x * 2
        y = y + 1
        y = y * 3
        y = y - 4
        y = y // 5
        y = y % 6
        y = y + 7
        y = y * 8
        y = y - 9
        save(y)
        p = fetch(b)
        q = p + 1
        q = q * 2
        q = q + 3
        q = q * 4
        q = q - 5
        q = q + 6
        q = q * 7
        send(q)
    '''
)


def test_describe_concerns_lists_each_concern_s_lines() -> None:
    f = only(TWO_CONCERNS)
    # 21 SLOC (22 lines less the docstring): two chains, on `y` (3-13) and on `q` (14-22);
    # flat, cognitive 0, 2 concerns: sequential
    assert f.sloc == 21
    assert describe_concerns(f) == "shape sequential, 2 concerns: c1 lines 3-13; c2 lines 14-22"


def test_short_function_has_no_concern_lines() -> None:
    f = only("def f(a):\n    return a\n")
    assert describe_concerns(f) == "shape short, 1 concern"
    assert concern_of_line(f) == {}


def test_explain_marks_each_line_with_its_concern() -> None:
    f = only(TWO_CONCERNS)
    text = explain_function(f, TWO_CONCERNS.split("\n")).splitlines()
    assert text[1] == "  shape sequential, 2 concerns: c1 lines 3-13; c2 lines 14-22"
    rows = {int(line[5:10]): line[2:4].strip() for line in text[2:]}
    assert rows[1] == "" and rows[2] == ""  # the def and the docstring belong to no concern
    assert {rows[n] for n in range(3, 14)} == {"c1"}
    assert {rows[n] for n in range(14, 23)} == {"c2"}


def test_explain_without_source_still_lists_the_concerns() -> None:
    f = only(TWO_CONCERNS)
    text = explain_function(f, None).splitlines()
    assert text[1] == "  shape sequential, 2 concerns: c1 lines 3-13; c2 lines 14-22"


def test_explain_target_on_the_fixture_dispatch(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "long_methods" / "invoicing" / "events.py"
    text, status = explain_target(f"{fixture}:InvoiceEventHandler.handle")
    assert status == 0
    lines = text.splitlines()
    assert lines[1] == "  shape flat-dispatch, 1 concern: c1 lines 30-85"
    match_line = next(line for line in lines if "match event" in line)
    assert match_line.startswith("  c1    32 |") and "cog +1 match" in match_line


def test_explain_target_reports_a_missing_function(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("def f():\n    return 1\n")
    text, status = explain_target(f"{path}:nope")
    assert status == 2 and "no function matching 'nope'" in text
