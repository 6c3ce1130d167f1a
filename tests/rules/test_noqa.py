"""`# noqa` read as flake8 reads it: anywhere in a comment, any case, codes as prefixes."""

from __future__ import annotations

import pytest

from codesmell.rules.noqa import is_suppressed, noqa_lines


def test_lines_with_noqa_and_their_codes() -> None:
    # line 5: "; noqa" is not "# noqa", so flake8 ignores it too
    text = "a = 1  # noqa\nb = 2\nc = 3  # NOQA: csm101, CSM2\nd = 4  # why # noqa:CSM105\ne = 5  # reason; noqa: CSM1\n"
    assert noqa_lines(text) == ((1, frozenset()), (3, frozenset({"CSM101", "CSM2"})), (4, frozenset({"CSM105"})))


def test_a_file_without_noqa_has_none() -> None:
    assert noqa_lines("x = 1  # a comment\n") == ()


@pytest.mark.parametrize(
    ("code", "suppressed"),
    [("CSM101", True), ("CSM201", True), ("CSM299", True), ("CSM102", False)],
)
def test_listed_codes_suppress_the_codes_they_start(code: str, suppressed: bool) -> None:
    noqa = noqa_lines("def f():  # noqa: CSM101, CSM2\n")
    assert is_suppressed(code, range(1, 2), noqa) is suppressed


def test_a_bare_noqa_suppresses_every_code_but_only_on_the_lines_asked() -> None:
    noqa = noqa_lines("\n\ndef f(  # noqa\n    a,\n):\n")
    assert is_suppressed("CSM106", range(3, 6), noqa)  # anywhere on the multi-line header
    assert not is_suppressed("CSM106", range(1, 3), noqa)
