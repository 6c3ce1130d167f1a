"""Names for typical blocks: each case is a block a reader would name the same way.

The expected names follow the documented order in `codesmell.extract.naming`
(comment, guards, returned value, loop, attributes, main call, main object,
last resort); each test says which rule applies.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from codesmell.extract.naming import describe, fresh_name, name_from_comment, propose_name


def block(code: str) -> list[cst.BaseStatement]:
    """The statements of `code`, parsed as the body of a function."""
    body = textwrap.indent(textwrap.dedent(code).strip("\n"), "    ")
    module = cst.parse_module(f"def parent(self):\n{body}\n")
    function = module.body[0]
    assert isinstance(function, cst.FunctionDef) and isinstance(function.body, cst.IndentedBlock)
    return list(function.body.body)


def name(
    code: str, returns: tuple[str, ...] = (), parent: str = "parent", taken: set[str] | None = None
) -> str:
    return propose_name(block(code), returns, parent, taken or set(), self_name="self")


def test_a_title_comment_names_the_block() -> None:
    assert name("# Compute the totals\ntotal = sum(xs)\ncount = len(xs)\n", ("total",)) == "_compute_totals"


def test_a_comment_stops_before_its_clause_and_drops_possessives() -> None:
    assert name_from_comment("add any action defaults that aren't present") == "add_action_defaults"
    assert (
        name_from_comment("add container's mutually exclusive groups") == "add_container_mutually_exclusive"
    )
    assert name_from_comment("find group indices and identify actions in groups") == "find_group_indices"


def test_prose_comments_do_not_name_the_block() -> None:
    # eight words at most; a topic (no verb first) of more than three words is prose
    code = "# Integer values need StringVar because int('') raises.\nself.a = StringVar(self)\n"
    assert not name(code).startswith("_integer")
    assert not name(code).startswith("_set_up_integer")


def test_a_topic_comment_gets_the_verb_of_the_parent() -> None:
    code = "# groups\nself._action_groups = []\nself._mutually_exclusive_groups = []\n"
    assert name(code, parent="__init__") == "_init_groups"


def test_guards_are_named_after_what_they_test() -> None:
    code = """
        if nargs == 0:
            raise ValueError('nargs must be > 0')
        if const is not None and nargs != OPTIONAL:
            raise ValueError('nargs must be %r' % OPTIONAL)
    """
    assert name(code) == "_check_nargs"


def test_a_dict_it_fills_is_built() -> None:
    code = """
        index = {}
        for row in rows:
            index[row.key] = row
    """
    assert name(code, ("index",)) == "_build_index"


def test_a_list_it_appends_to_is_collected() -> None:
    code = """
        seen = []
        for action in actions:
            if action.default is not None:
                seen.append(action)
    """
    assert name(code, ("seen",)) == "_collect_seen"


def test_a_value_set_in_branches_is_chosen() -> None:
    code = """
        if width is None:
            limit = 80
        else:
            limit = width - 2
    """
    assert name(code, ("limit",)) == "_choose_limit"


def test_a_value_a_verb_call_makes_takes_the_verb() -> None:
    code = """
        text = source.strip()
        config = parse_config(text)
        config.validate()
    """
    assert name(code, ("config",)) == "_parse_config"


def test_two_returned_values_are_both_named() -> None:
    code = """
        if simple:
            head = parts[0]
            tail = parts[1:]
        else:
            head, tail = split(parts)
    """
    assert name(code, ("head", "tail")) == "_choose_head_and_tail"


def test_a_weak_returned_name_is_not_the_object() -> None:
    # `mo` says nothing: the block's main call names it
    code = """
        pattern = compile_pattern(spec)
        mo = pattern.search(line)
        mo = mo or pattern.search(line.lower())
    """
    assert "mo" not in name(code, ("mo",)).split("_")


def test_a_loop_takes_its_iterable_and_the_verb_of_its_call() -> None:
    code = """
        for font in fonts:
            self.fontlist.insert(END, font)
    """
    assert name(code) == "_insert_fonts"


def test_a_loop_without_a_verb_call_processes_its_iterable() -> None:
    code = """
        for entry in entries:
            total += entry.size
            count += 1
    """
    assert name(code) == "_process_entries"


def test_attributes_with_a_shared_word_are_set_up_together() -> None:
    code = """
        self._whitespace_matcher = _re.compile(r'\\s+', _re.ASCII)
        self._long_break_matcher = _re.compile(r'\\n\\n\\n+')
    """
    assert name(code, parent="__init__") == "_init_matchers"


def test_stored_arguments_are_stored() -> None:
    code = """
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
    """
    assert name(code, parent="__init__") == "_store_option_strings_dest"


def test_a_repeated_verb_call_is_pluralised() -> None:
    code = """
        parser.add_argument('--verbose')
        parser.add_argument('--quiet')
        parser.add_argument('--jobs')
    """
    assert name(code) == "_add_arguments"


def test_a_one_word_verb_takes_its_object() -> None:
    code = """
        self.fontlist.bind('<ButtonRelease-1>', self.on_select)
        self.fontlist.bind('<KeyRelease-Up>', self.on_select)
        self.fontlist.bind('<KeyRelease-Down>', self.on_select)
    """
    assert name(code) == "_bind_fontlist"


def test_constructors_name_what_the_block_creates() -> None:
    code = """
        title = Label(frame, text='Size')
        other = Label(frame, text='Bold')
        title.grid(row=0)
    """
    assert name(code) == "_create_labels"


def test_a_lower_case_constructor_is_not_a_verb() -> None:
    # today's `_do_defaultdict`: the block builds the mapping it hands back
    code = """
        groups = defaultdict(list)
        for item in items:
            groups[item.kind].append(item)
    """
    assert name(code, ("groups",)) == "_build_groups"


def test_camel_case_methods_are_not_constructors() -> None:
    code = """
        item_list = idleConf.GetSectionList('user', 'keys')
        item_list.sort()
        self.customlist.SetMenu(item_list, current)
    """
    assert not name(code).startswith("_create")


def test_many_calls_on_one_object_update_it() -> None:
    code = """
        self.fontlist.see(index)
        self.fontlist.select_set(index)
        self.fontlist.activate(index)
    """
    assert name(code) == "_update_fontlist"


def test_gettext_and_one_letter_calls_are_ignored() -> None:
    code = """
        self._positionals = add_group(_('positional arguments'))
        self._optionals = add_group(_('options'))
        self.register('type', None, identity)
        self.add_argument('-h', action='help')
        self._add_container_actions(parent)
    """
    # two of five statements set attributes: not the attributes rule; `_` (gettext) is skipped
    assert name(code, parent="__init__") == "_add_groups"


def test_the_last_resort_is_a_step_of_the_parent() -> None:
    assert name("x = 1\ny = 2\n", parent="run") == "_run_step"


def test_no_generic_part_or_do_names() -> None:
    cases = [
        ("self.a = 1\nself.b = 2\n", ()),
        ("d = defaultdict(int)\nd[k] += 1\n", ("d",)),
        ("m = rx.search(s)\nn = rx.search(t)\n", ("m",)),
    ]
    for code, returns in cases:
        proposed = name(code, returns, parent="__init__")
        assert "_part" not in proposed and not proposed.startswith("_do_"), proposed


def test_a_taken_name_is_qualified_before_it_is_numbered() -> None:
    code = """
        if nargs == 0:
            raise ValueError('nargs must be > 0')
    """
    taken = {"_check_nargs"}
    first = propose_name(block(code), (), "__init__", taken, owner="_AppendAction")  # never `_for_init`
    assert first == "_check_nargs_for_append_action"
    second = propose_name(block(code), (), "__init__", {*taken, first, "_init_step"}, owner="_AppendAction")
    assert second == "_check_nargs_2"
    # the parent qualifies first; a test method's `test_` prefix is dropped
    third = propose_name(block(code), (), "test_limits", {"_check_nargs"}, owner="Tests")
    assert third == "_check_nargs_for_limits"


@pytest.mark.parametrize(
    "options, taken, expected",
    [
        (["_a", "_b"], set(), "_a"),
        (["_a", "_b"], {"_a"}, "_b"),
        (["_a", "_b"], {"_a", "_b"}, "_a_2"),
        (["_a"], {"_a", "_a_2"}, "_a_3"),
        (["_list"], set(), "_list"),
    ],
)
def test_fresh_name_numbers_only_when_every_option_is_taken(
    options: list[str], taken: set[str], expected: str
) -> None:
    assert fresh_name(options, taken) == expected


def test_describe_ends_with_the_last_resort() -> None:
    assert describe(block("x = 1\n"), (), "parent")[-1] == "parent_step"


def test_test_assertions_are_named_after_what_they_check() -> None:
    # today's `_do_assert_equal`, `_do_assert_equal_2` ...
    code = """
        self.assertEqual(textwrap.dedent(a), b)
        self.assertEqual(textwrap.dedent(c), d)
        with self.assertRaises(ValueError):
            textwrap.fill(e)
    """
    assert name(code, parent="test_dedent") == "_check_dedent"
    plain = """
        self.assertTrue(valid)
        self.assertFalse(broken)
    """
    assert name(plain, parent="test_round_trip") == "_check_round_trip"


def test_assertions_with_nested_calls_are_still_assertions() -> None:
    # each assertion holds calls of its own; the statements, not the calls, are counted
    code = """
        self.assertEqual(len(parse(a)), 1)
        self.assertEqual(len(parse(b)), 2)
        self.assertIn(parse(c)[0], known)
    """
    assert name(code, parent="test_parse") == "_check_parse"


def test_attributes_given_initial_values_are_initialised() -> None:
    # `None` is a Name in the tree, not a stored argument
    code = """
        self.group = None
        self.release = None
        self.serial = 0
    """
    assert name(code, parent="initialize_options") == "_init_group_release"


def test_assertions_among_set_up_steps_are_still_checks() -> None:
    # two set-up lines, two assertions: the assertion call dominates, the name says check
    code = """
        mock = Mock()
        mock.method(1)
        mock.other(2)
        self.assertEqual(mock.method.call_count, 1)
        self.assertEqual(mock.other.call_count, 1)
    """
    assert name(code, parent="test_calls") == "_check_call_count"


def test_names_do_not_depend_on_string_hashing() -> None:
    """Ties between words are broken by first appearance, never by set order (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    from tests.conftest import FIXTURES, REPO

    snippet = FIXTURES / "reviewed/functions/django/django.core.management.ManagementUtility.execute.py"
    outputs = set()
    for seed in ("1", "2", "5"):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "codesmell", "suggest", str(snippet), "--format", "json"],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert '"name": "_store_settings"' in outputs.pop()
