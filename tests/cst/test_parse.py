"""Parsing without revalidation (`codesmell.cst.parse`) builds LibCST's own tree and leaves validation on after."""

from __future__ import annotations

import hypothesmith
import libcst as cst
import pytest
from hypothesis import given, settings

from codesmell.cst.parse import parse_without_revalidation


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")  # hypothesmith compiles its programs
@settings(max_examples=60, deadline=None)
@given(hypothesmith.from_grammar())
def test_parsing_without_revalidation_builds_the_same_tree(text: str) -> None:
    try:
        expected = cst.parse_module(text)
    except Exception:
        return  # LibCST's grammar differs from CPython's on a few corners; not ours to test
    assert parse_without_revalidation(text).deep_equals(expected)


def test_validation_is_back_on_after_a_parse_even_a_failed_one() -> None:
    parse_without_revalidation("x = 1\n")
    with pytest.raises(cst.ParserSyntaxError):
        parse_without_revalidation("def (:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not an identifier")


def test_stdlib_modules_parse_to_the_same_tree_without_revalidation() -> None:
    import inspect
    import json.decoder
    import string

    for module in (string, json.decoder, inspect):
        text = inspect.getsource(module)
        assert parse_without_revalidation(text).deep_equals(cst.parse_module(text))
