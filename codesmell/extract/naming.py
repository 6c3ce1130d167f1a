"""A snake_case name for an extracted block that says what the block does.

`describe` tries, in order, and the first that applies gives the name:

1. a title-like comment right above the block (`# Compute the totals` -> `_compute_totals`);
2. guards (`if ...: raise`, `assert`): `_check_<what they test>`;
3. the values it hands back: `_<verb>_<value>`, the verb saying how the block makes it
   (`build` a dict it fills, `collect` a list it appends to, `choose` between branches,
   `format` a string, the verb of the call that makes it, `compute` otherwise);
4. a loop: `_<verb of the loop's main call>_<iterable>` (`for f in fonts: box.insert(f)` ->
   `_insert_fonts`), else `_process_<iterable>`;
5. attributes it sets on `self`: `_init_<shared word>s`, `_set_<attr>_<attr>`;
6. test assertions (`self.assertEqual(...)` statements): `_check_<what they test most>`;
   else its main call: a verb says itself, plural when repeated (`add_argument` x3 ->
   `_add_arguments`), with its object when it is one word (`fontlist.bind` -> `_bind_fontlist`);
   a constructor names what it creates (`Label(...)` x3 -> `_create_labels`);
7. what it appends to (`_add_to_<list>`), else the object most of its statements work on:
   `_update_<object>`;
8. `_<parent>_step`, the last resort.

Names too short to mean anything (`mo`, `rv`, `tmp`) are never the object. `fresh_name`
numbers a name only when every variant is taken in its scope.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from codesmell.cst.names import target_names
from codesmell.cst.walk import SOURCE_ORDER, VISIT_ORDER, CodeHooks, walk_code
from codesmell.extract.facts import BUILTIN_NAMES

# Calls too generic to say what a block is for.
_GENERIC_CALLS = frozenset(
    [
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "get",
        "setdefault",
        "items",
        "keys",
        "values",
        "update",
        "add",
        "discard",
        "clear",
        "copy",
        "format",
        "join",
        "split",
        "rsplit",
        "strip",
        "lstrip",
        "rstrip",
        "startswith",
        "endswith",
        "replace",
        "lower",
        "upper",
        "encode",
        "decode",
        "read",
        "write",
        "close",
        "open",
        "print",
        "len",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "set",
        "tuple",
        "frozenset",
        "range",
        "enumerate",
        "zip",
        "sorted",
        "reversed",
        "isinstance",
        "issubclass",
        "hasattr",
        "getattr",
        "setattr",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "map",
        "filter",
        "iter",
        "next",
        "repr",
        "type",
        "super",
        "object",
        "id",
        "hash",
        "abs",
        "round",
        "divmod",
        "callable",
        "vars",
    ]
)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "for",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "it",
        "its",
        "we",
        "our",
        "then",
        "now",
        "here",
        "there",
        "all",
        "any",
        "each",
        "every",
        "some",
        "so",
        "as",
        "if",
        "else",
        "when",
        "which",
        "who",
        "what",
        "via",
    ]
)
_DIRECTIVES = re.compile(r"^\s*(noqa|type:|pragma|pylint|fmt:|isort:|todo|fixme|xxx|hack|ruff:|mypy:)", re.I)
MAX_WORDS = 4
MAX_TOPIC_WORDS = 3  # a comment not starting with a verb names a topic only when this short
_CLAUSE_WORDS = frozenset(
    ["that", "which", "who", "if", "when", "because", "unless", "since", "so", "but", "while"]
)
MAX_COMMENT_WORDS = 8  # longer comments explain; they are not titles


_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_WORD = re.compile(r"[a-zA-Z][a-zA-Z0-9]*|[0-9]+")


@functools.lru_cache(maxsize=8192)
def snake(text: str) -> str:
    """`fetchUserToken` / `Fetch user token` -> `fetch_user_token`.

    Memoised: naming asks for the same parent, class and local names many times per file.
    """
    words = _WORD.findall(_CAMEL_HUMP.sub(r"\1_\2", text))
    return "_".join(w.lower() for w in words)


def leading_comment(statement: cst.BaseStatement) -> str:
    """The comment lines right above `statement` (the last paragraph of them), joined."""
    lines: list[str] = []
    for line in getattr(statement, "leading_lines", ()):
        if line.comment is None:
            lines = []
            continue
        lines.append(line.comment.value.lstrip("#").strip())
    return " ".join(line for line in lines if line and not _DIRECTIVES.match(line))


def name_from_comment(comment: str) -> str:
    """A title-like comment (`# Compute the totals`) names the block; prose does not.

    The title stops before a clause (`that`, `which`, `if`, `because` ...); a title with more
    than `MAX_WORDS` words keeps what comes before its `and`. Contractions and possessives
    lose their tail (`container's` -> `container`, `aren't` -> `aren`, then dropped as a stub).
    """
    title = re.sub(r"'\w*", "", comment.split(".")[0].split(":")[0].split(";")[0])
    words = [w for w in snake(title).split("_") if w]
    if len(words) > MAX_COMMENT_WORDS:
        return ""
    for index, word in enumerate(words):
        if index and word in _CLAUSE_WORDS:
            words = words[:index]
            break
    content = [w for w in words if w not in _STOPWORDS]
    if len(content) > MAX_WORDS and "and" in words[1:]:
        words = words[: words.index("and", 1)]
        content = [w for w in words if w not in _STOPWORDS]
    words = content or words
    if not words or not words[0].isalpha():
        return ""
    return "_".join(words[:MAX_WORDS])


# Values too vague to name a block after.
_WEAK_NAMES = frozenset(
    ["tmp", "temp", "res", "ret", "rv", "val", "obj", "mo", "buf", "result", "value", "data", "self", "cls"]
)
# Calls that do not say what a block is for; their receiver might.
_WEAK_VERBS = frozenset(
    [
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "get",
        "setdefault",
        "update",
        "add",
        "discard",
        "clear",
        "copy",
        "write",
        "read",
        "close",
        "set",
        "config",
        "configure",
    ]
)
# Container bookkeeping: what a loop appends to is not what it is for.
_BOOKKEEPING = frozenset(
    ["append", "extend", "add", "update", "setdefault", "get", "pop", "discard", "remove"]
)
_CONSTRUCTORS = frozenset(["defaultdict", "namedtuple", "deque", "partial", "object"])
# First words that make a call name a verb phrase (`parse_args`, `compile`, `bind`).
_VERB_WORDS = """
    abort accept activate add adjust allocate append apply ask assert assign attach bind build
    calculate call cancel check choose clean cleanup clear close collect combine commit compare
    compile complete compute configure connect convert copy count create decode decorate delete
    deliver destroy detach detect disable dispatch display do draw drop dump emit enable encode
    ensure enter escape evaluate execute exit expand export extend extract feed fetch fill filter
    find finish fix flush fold format forward gather generate get grid grow handle hash hide
    import init initialize insert inspect install invoke iterate join keep kill launch layout
    list load lock log lookup make map mark match merge move normalize notify open pack pad parse
    patch perform pick place poll pop populate post prepare print process publish push put quote
    raise read rebuild receive record redraw refresh register reject release reload remove render
    reorder repeat replace report request reset resize resolve restore retry return rewind run
    save scan schedule search see seek select send serialize set setup show shutdown skip sort
    split start stop store strip submit substitute sync tell terminate test throw toggle trace
    transform translate trim truncate try unbind unlock unpack unregister update upgrade validate
    verify visit wait walk warn withdraw wrap write yield
    sum average scale shift swap tag label unwrap sign group rank score summarize tidy limit
    clamp align indent dedent unfold cache sanitize unescape unquote highlight mount unmount
    apply append calculate tokenize lex scan emit print close open rename copy
"""
_VERBS = frozenset(_VERB_WORDS.split())
MAX_NAME_WORDS = 5


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith(("x", "ch", "sh", "z")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _words(name: str) -> list[str]:
    return [w for w in snake(name).split("_") if w]


def _meaningful(name: str) -> bool:
    """A name a reader would recognise as a thing: not `mo`, `rv`, `tmp`, `x`."""
    clean = name.strip("_").lower()
    return len(clean) > 2 and clean not in _WEAK_NAMES


def _receiver(node: cst.BaseExpression) -> str:
    """`self.fontlist` -> `fontlist`, `parser` -> `parser`; '' for anything else."""
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


def _subject(node: cst.BaseExpression) -> str:
    """The thing an expression is about: a call's callee, a name, an attribute."""
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Name) and node.func.value in BUILTIN_NAMES and node.args:
            return _subject(node.args[0].value)  # `len(parts)` is about parts
        node = node.func
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""


@dataclass
class _Call:
    name: str
    receiver: str  # '' when called on `self` or on an expression


@dataclass
class _Summary:
    """What a block does, seen from its statements (nested scopes left out)."""

    calls: list[_Call] = field(default_factory=list)
    self_attributes: list[str] = field(default_factory=list)  # `self.x = ...` targets, in order
    stored_names: int = 0  # how many of those assign a plain name (`self.x = x`)
    objects: Counter[str] = field(default_factory=Counter)  # receivers and assigned attributes' owners
    bindings: dict[str, cst.BaseExpression | None] = field(default_factory=dict)  # first value of each name
    branch_bound: set[str] = field(default_factory=set)  # names bound in some `if` branch
    appended: set[str] = field(default_factory=set)  # names whose append/add/update/[...]= is called
    checked: Counter[str] = field(default_factory=Counter)  # what `assert*` calls test
    computed_attributes: int = 0  # `self.x = <anything but a name or a literal>`
    created: set[str] = field(default_factory=set)  # callees whose result is assigned (`w = Label(...)`)


class _Summarizer:
    """One read-only walk over a block's fields (LibCST's visitor rebuilds every node it
    leaves, which made naming cost a third of the suggestions); nested scopes left out."""

    def __init__(self, summary: _Summary, self_name: str | None) -> None:
        self.summary = summary
        self.self_name = self_name or "self"
        self.in_if = 0

    def walk(self, node: cst.CSTNode) -> None:
        walk_code(node, self, _SUMMARY_HOOKS, SOURCE_ORDER)

    def enter_if(self, node: cst.If) -> None:
        self.in_if += 1

    def leave_if(self, node: cst.If) -> None:
        self.in_if -= 1

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            self.summary.calls.append(_Call(func.value, ""))
        elif isinstance(func, cst.Attribute):
            owner = func.value
            receiver = (
                "" if isinstance(owner, cst.Name) and owner.value == self.self_name else _receiver(owner)
            )
            self.summary.calls.append(_Call(func.attr.value, receiver))
            if receiver:
                self.summary.objects[receiver] += 1
            if isinstance(owner, cst.Name) and func.attr.value in _WEAK_VERBS:
                self.summary.appended.add(owner.value)
        called = self.summary.calls[-1].name if self.summary.calls else ""
        if called.lower().startswith("assert") and node.args:
            # what a test assertion checks: `assertEqual(parse(x), 1)` -> parse
            args = (
                node.args[1:]
                if called.startswith("assertRaises") or called.startswith("assertWarns")
                else node.args
            )
            subject = _subject(args[0].value) if args else ""
            if subject:
                self.summary.checked[subject] += 1

    def _target(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            if target.value not in self.summary.bindings and self.in_if:
                self.summary.branch_bound.add(target.value)  # first bound in a branch: chosen
            self.summary.bindings.setdefault(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value, None)
        elif isinstance(target, cst.Attribute):
            owner = target.value
            if isinstance(owner, cst.Name) and owner.value == self.self_name:
                self.summary.self_attributes.append(target.attr.value)
                if isinstance(value, cst.Name) and value.value not in ("None", "True", "False"):
                    self.summary.stored_names += 1
                elif value is not None and not isinstance(value, (cst.Name, cst.BaseNumber, cst.BaseString)):
                    self.summary.computed_attributes += 1
            elif _receiver(owner):
                self.summary.objects[_receiver(owner)] += 1
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            self.summary.appended.add(target.value.value)

    def _keeps(self, target: cst.BaseExpression) -> bool:
        """A local or `self.x`: what is assigned there is something the block builds."""
        if isinstance(target, cst.Name):
            return True
        owner = target.value if isinstance(target, cst.Attribute) else None
        return isinstance(owner, cst.Name) and owner.value == self.self_name

    def _created(self, value: cst.BaseExpression | None) -> None:
        if isinstance(value, cst.Call):
            func = value.func
            called = (
                func.value
                if isinstance(func, cst.Name)
                else (func.attr.value if isinstance(func, cst.Attribute) else "")
            )
            if called:
                self.summary.created.add(called)

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(self._keeps(t.target) for t in node.targets):
            self._created(node.value)
        for target in node.targets:
            self._target(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self.summary.appended.add(node.target.value)
        self._target(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        for name in target_names(node.target):
            self.summary.bindings.setdefault(name.value, None)


def _prune(walker: _Summarizer, node: cst.CSTNode) -> bool:
    return False  # nested scopes: what runs there is not the block's own work


_SUMMARY_HANDLERS: dict[type, Callable[[_Summarizer, Any], None]] = {
    cst.Call: _Summarizer.visit_Call,
    cst.Assign: _Summarizer.visit_Assign,
    cst.AnnAssign: _Summarizer.visit_AnnAssign,
    cst.AugAssign: _Summarizer.visit_AugAssign,
    cst.For: _Summarizer.visit_For,
}
_SUMMARY_HOOKS = CodeHooks(
    attributes={},
    visit={
        **_SUMMARY_HANDLERS,
        cst.If: _Summarizer.enter_if,
        cst.FunctionDef: _prune,
        cst.ClassDef: _prune,
        cst.Lambda: _prune,
    },
    leave={cst.If: _Summarizer.leave_if},
)


def summarize(statements: Sequence[cst.BaseStatement], self_name: str | None = None) -> _Summary:
    summary = _Summary()
    walker = _Summarizer(summary, self_name)
    for statement in statements:
        walker.walk(statement)
    return summary


def _is_guard(statement: cst.BaseStatement) -> bool:
    """`if ...: raise ...` (with elif/else all raising) or `assert ...`."""
    if isinstance(statement, cst.SimpleStatementLine):
        return all(isinstance(small, cst.Assert) for small in statement.body)
    if isinstance(statement, cst.If):
        body = statement.body.body
        last = body[-1] if body else None
        if isinstance(last, cst.SimpleStatementLine):
            raises = isinstance(last.body[-1], cst.Raise)
        elif isinstance(last, cst.Raise):
            raises = True
        else:
            raises = any(_is_guard(s) for s in body if isinstance(s, cst.BaseStatement))
        orelse = statement.orelse
        if isinstance(orelse, cst.If):
            return raises and _is_guard(orelse)
        return raises
    return False


def _tested_names(node: cst.CSTNode, found: list[str]) -> None:
    """Names and attributes a condition tests (the arguments of its calls, not the callees).

    A plain recursion over LibCST's own child order (`VISIT_ORDER`): `CSTNode.visit`
    rebuilt every node of the condition, and a long `if` chain's tests are large.
    An attribute counts by its last name only; a call by its arguments' values.
    """
    kind = type(node)
    if kind is cst.Name:
        found.append(node.value)  # type: ignore[attr-defined]
        return
    if kind is cst.Attribute:
        found.append(node.attr.value)  # type: ignore[attr-defined]
        return
    if kind is cst.Call:
        for arg in node.args:  # type: ignore[attr-defined]
            _tested_names(arg.value, found)
        return
    for attribute in VISIT_ORDER.fields(node):
        value = getattr(node, attribute)
        if type(value) is tuple or type(value) is list:
            for child in value:
                _tested_names(child, found)
        elif isinstance(value, cst.CSTNode):
            _tested_names(value, found)


def _guard_subject(statements: Sequence[cst.BaseStatement], self_name: str | None) -> str:
    """The name the guards test most (`if nargs == 0: raise` -> `nargs`)."""
    counts: Counter[str] = Counter()
    for statement in statements:
        test: cst.CSTNode | None = None
        if isinstance(statement, cst.If):
            test = statement.test
        elif isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Assert):
            test = statement.body[0].test
        if test is None:
            continue
        found: list[str] = []
        _tested_names(test, found)
        counts.update(n for n in found if n != self_name and n not in BUILTIN_NAMES and _meaningful(n))
    return counts.most_common(1)[0][0] if counts else ""


def _is_constructor(name: str) -> bool:
    """`Label`, `defaultdict`: a class called; `GetSectionList` is a CamelCase method."""
    if name in _CONSTRUCTORS:
        return True
    words = _words(name)
    return name[:1].isupper() and not (name[1:2].islower() and len(words) > 1 and words[0] in _VERBS)


def _useful_calls(summary: _Summary) -> list[_Call]:
    return [
        c
        for c in summary.calls
        if not c.name.startswith("__")
        and len(c.name.strip("_")) > 1  # `_(...)` is gettext, `f(...)` says nothing
        and c.name not in BUILTIN_NAMES
        and (c.name not in _GENERIC_CALLS or c.name in _WEAK_VERBS)
    ]


def _verb_of(call: str) -> str:
    """The call's own words when it is a verb phrase (`parse_args`), else ''."""
    words = _words(call)
    return "_".join(words) if words and words[0] in _VERBS else ""


def _how_made(name: str, value: cst.BaseExpression | None, summary: _Summary) -> str:
    """The verb for a block whose job is to produce `name`."""
    if name in summary.branch_bound:
        return "choose"
    if isinstance(value, (cst.Dict, cst.DictComp)):
        return "build"
    if isinstance(value, (cst.List, cst.ListComp, cst.Set, cst.SetComp)):
        return "collect"
    if isinstance(value, (cst.FormattedString, cst.ConcatenatedString, cst.SimpleString)):
        return "format"
    if isinstance(value, cst.Call):
        func = value.func
        called = (
            func.value
            if isinstance(func, cst.Name)
            else (func.attr.value if isinstance(func, cst.Attribute) else "")
        )
        if called in ("dict", "defaultdict", "OrderedDict", "Counter"):
            return "build"
        if called in ("list", "set", "deque"):
            return "collect"
        if called in ("format", "join"):
            return "format"
        if _is_constructor(called):
            return "make"
        verb = _verb_of(called)
        if verb and verb.split("_")[0] not in _WEAK_VERBS:
            return verb.split("_")[0]
    if (
        isinstance(value, cst.BinaryOperation)
        and isinstance(value.operator, cst.Modulo)
        and isinstance(value.left, (cst.SimpleString, cst.FormattedString))
    ):
        return "format"
    return "compute"


def _join(*parts: str) -> str:
    words = [w for part in parts for w in part.split("_") if w]
    return "_".join(words[:MAX_NAME_WORDS])


def _from_returns(returns: Sequence[str], summary: _Summary) -> list[str]:
    named = [r for r in returns if _meaningful(r)]
    if not named:
        return []
    first = named[0]
    verb = _how_made(first, summary.bindings.get(first), summary)
    objects = "_and_".join(snake(r) for r in named[:2])
    return [_join(verb, objects)]


def _from_loop(statements: Sequence[cst.BaseStatement], self_name: str | None) -> list[str]:
    loop = statements[0]
    if not isinstance(loop, cst.For) or len(statements) > 2:
        return []
    subject = _loop_subject(loop)
    if not _meaningful(subject):
        return []
    calls = _useful_calls(summarize([loop], self_name))
    verbs = [_verb_of(c.name) for c in calls]
    verbs = [v for v in verbs if v and v.split("_")[0] not in _BOOKKEEPING]
    noun = snake(subject)
    names = []
    if verbs:
        verb = Counter(verbs).most_common(1)[0][0].split("_")[0]
        names.append(_join(verb, noun))
    names.append(_join("process", noun))
    return names


def _from_attributes(summary: _Summary, statements: int, parent: str) -> list[str]:
    attributes = summary.self_attributes
    if not attributes or len(attributes) * 2 < statements:
        return []
    verb = "init" if parent == "__init__" else "set"
    if summary.stored_names * 2 >= len(attributes):
        verb = "store"
    elif not summary.computed_attributes:
        verb = "init"  # `self.x = None`, `self.y = 0`: initial values
    # each attribute's words once, in order: ties of most_common keep first-seen order, not hash order
    words = Counter(w for a in attributes for w in dict.fromkeys(_words(a)) if w not in _STOPWORDS and len(w) > 2)
    shared = [w for w, n in words.most_common() if n >= 2 and n * 2 >= len(attributes)]
    if shared:
        return [_join(verb, _plural(shared[0])), _join(verb, shared[0], _words(attributes[0])[0])]
    return [_join(verb, *(snake(a) for a in attributes[:2]))]


def _is_assertion(statement: cst.BaseStatement) -> bool:
    """`self.assertEqual(...)` as a statement, or `with self.assertRaises(...):`."""
    if isinstance(statement, cst.SimpleStatementLine):
        small = statement.body[0]
        call = small.value if isinstance(small, cst.Expr) else None
    elif isinstance(statement, cst.With):
        call = statement.items[0].item
    else:
        return False
    func = call.func if isinstance(call, cst.Call) else None
    return isinstance(func, cst.Attribute) and func.attr.value.lower().startswith("assert")


def _from_assertions(statements: Sequence[cst.BaseStatement], summary: _Summary, parent: str) -> list[str]:
    """Mostly `self.assert*(...)` statements: `_check_<what they test most>`."""
    if statements and sum(map(_is_assertion, statements)) * 2 < len(statements):
        return []
    subjects = [(n, k) for n, k in summary.checked.most_common() if _meaningful(n) and n != "self"]
    if subjects and (subjects[0][1] > 1 or len(subjects) == 1):
        return [_join("check", snake(subjects[0][0]))]
    words = [w for w in _words(parent) if w != "test"]
    return [_join("check", *words)] if words else ["check_results"]


def _from_calls(summary: _Summary, parent: str = "") -> list[str]:
    # a constructor whose object is not kept (`Decimal("0")` as an argument) is a value, not a step
    calls = [c for c in _useful_calls(summary) if not _is_constructor(c.name) or c.name in summary.created]
    if not calls:
        return []
    counts = Counter(c.name for c in calls)
    best = max(counts.values())
    if best < 2 and len(counts) > 2:
        return []  # no call dominates: several different steps
    call = next(c for c in calls if counts[c.name] == best)
    if call.name.lower().startswith("assert"):  # assertions among set-up steps: still a check
        return _from_assertions((), summary, parent)
    receivers = Counter(c.receiver for c in calls if c.name == call.name and _meaningful(c.receiver))
    receiver = snake(receivers.most_common(1)[0][0]) if receivers else ""
    words = _words(call.name)
    if _is_constructor(call.name):
        noun = "_".join(words)
        return [_join("create", _plural(noun) if best > 1 else noun)]
    if not words:
        return []
    if words[0] in _VERBS and len(words) > 1:
        if best > 1:
            words[-1] = _plural(words[-1])
        phrase = "_".join(words)
        return [phrase, _join(phrase, "for", receiver)] if receiver else [phrase]
    if words[0] in ("append", "extend", "add") and receiver:
        return [_join("add_to", receiver)]  # `audit.append(...)` x2 -> `_add_to_audit`
    if words[0] in _VERBS and receiver:
        return [_join(words[0], receiver)]
    if words[0] in _VERBS:
        return []  # a bare verb (`sort`, `pack`) on varied objects says too little
    # a noun call (`families()`, `winfo_rootx()`) reads a value: what it is used for is elsewhere
    return []


def _from_appended(summary: _Summary, parent: str) -> list[str]:
    """A block that adds to one collection: `_add_to_<it>`, or to what the parent makes."""
    targets = [t for t in summary.appended if t not in summary.bindings and t != "self"]
    if len(targets) != 1:
        return []
    if _meaningful(targets[0]):
        return [_join("add_to", snake(targets[0]))]
    words = _words(parent)
    if len(words) > 1 and words[0] in _VERBS:
        return [_join("collect", *words[1:])]  # `result` of `_get_option_tuples`: option tuples
    return []


def _from_object(summary: _Summary) -> list[str]:
    objects = [(n, k) for n, k in summary.objects.most_common() if _meaningful(n)]
    if not objects or objects[0][1] < 2:
        return []
    return [_join("update", snake(objects[0][0]))]


def describe(
    statements: Sequence[cst.BaseStatement],
    returns: Sequence[str],
    parent: str,
    self_name: str | None = None,
) -> list[str]:
    """Candidate names for the block, best first (without the leading underscore)."""
    summary = summarize(statements, self_name)
    comment = leading_comment(statements[0])
    titled = name_from_comment(comment) if comment else ""
    if titled and titled.split("_")[0] in _VERBS:
        return [titled]
    if titled and len(titled.split("_")) <= MAX_TOPIC_WORDS:
        # a topic (`# groups`, `# defaults storage`): say what the block does with it
        if parent == "__init__":
            verb = "init"
        elif len(summary.self_attributes) * 2 >= len(statements) or parent.startswith(
            ("create", "setup", "set_up")
        ):
            verb = "set_up"
        else:
            verb = "handle"
        return [_join(verb, titled)]
    if not returns and sum(_is_guard(st) for st in statements) * 2 >= len(statements):
        subject = _guard_subject(statements, self_name)
        if subject:
            return [_join("check", snake(subject))]
        return [_join("check", snake(parent), "arguments")]
    names = _from_returns(returns, summary)
    if not names and not returns:
        names = _from_loop(statements, self_name) or _from_attributes(summary, len(statements), parent)
    if not names:
        names = _from_assertions(statements, summary, parent) or _from_calls(summary, parent)
    if not names and returns:
        names = _from_loop(statements, self_name) or []
    if not names and not returns:
        names = _from_appended(summary, parent)
    if not names:
        names = _from_object(summary)
    if not names:
        weak = [r for r in returns if len(r.strip("_")) > 2]  # `result`, `value`: not `mo`
        if weak:
            names = [_join("compute", snake(weak[0]))]
    names.append(_join(snake(parent).strip("_") or "block", "step"))
    return [n for n in names if n]


def propose_name(
    statements: Sequence[cst.BaseStatement],
    returns: Sequence[str],
    parent: str,
    taken: set[str],
    calls: Sequence[str] = (),
    self_name: str | None = None,
    owner: str = "",
) -> str:
    """A fresh `_snake_case` name for the block, not clashing with `taken` or builtins.

    When every name `describe` offers is taken, the best one is qualified by where the
    block comes from (the parent, then `owner`, the parent's class:
    `_check_nargs_for_append_action`) before the last resort, and numbered only after. `calls` is accepted for older callers;
    the block's own calls are read from `statements`.
    """
    described = ["_" + n.lstrip("_") for n in describe(statements, returns, parent, self_name)]
    options, last_resort = described[:-1] or described, described[-1]
    dunder = parent.startswith("__") and parent.endswith("__")  # `_for_init` says nothing
    for where in ("" if dunder else parent.removeprefix("test_"), owner):
        where = snake(where).strip("_")
        if where and where not in options[0]:
            options.append(f"{options[0]}_for_{where}")
    return fresh_name([*options, last_resort], taken)


def _loop_subject(statement: cst.BaseStatement) -> str:
    if isinstance(statement, cst.For):
        subject = statement.iter
        if isinstance(subject, cst.Call) and not isinstance(subject.func, cst.Attribute):
            subject = subject.args[0].value if subject.args else subject
        if isinstance(subject, cst.Attribute):
            return subject.attr.value
        if isinstance(subject, cst.Name):
            return subject.value
        if isinstance(subject, cst.Call) and isinstance(subject.func, cst.Attribute):
            return _receiver(subject.func.value)
    return ""


_UNDERSCORES = re.compile(r"_+")


def _clean(base: str) -> str:
    base = _UNDERSCORES.sub("_", base)[:40].rstrip("_") or "_extracted"
    if base[0].isdigit():
        base = "_" + base
    return base


def _free(name: str, taken: set[str]) -> bool:
    return name not in taken and not keyword.iskeyword(name) and name not in BUILTIN_NAMES


def fresh_name(options: str | Iterable[str], taken: set[str]) -> str:
    """The first free option; numbered (`_2`, `_3`...) only when every option is taken."""
    bases = [_clean(options)] if isinstance(options, str) else [_clean(o) for o in options]
    for base in bases:
        if _free(base, taken):
            return base
    base, n = bases[0], 2
    while not _free(f"{base}_{n}", taken):
        n += 1
    return f"{base}_{n}"
