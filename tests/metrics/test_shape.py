"""`shape` on hand-written long functions, by the rules of `codesmell.metrics.shape` (and the README).

Each case is over the 20-SLOC floor; the comments derive the expected shape
from the documented thresholds.
"""

from __future__ import annotations

from pathlib import Path

from codesmell.metrics import shape
from codesmell.model import FunctionMetrics
from codesmell.run.analyze import analyze_source
from tests.metrics._helpers import measure, only

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "long_methods" / "invoicing"


def _lines(template: str, count: int, indent: int = 8) -> str:
    return "".join(" " * indent + template.format(i=i) + "\n" for i in range(count))


def test_short_at_or_below_the_floor() -> None:
    f = only("def f(a):\n" + _lines("a = a + {i}", 18, 4) + "    return a\n")
    assert (f.sloc, f.shape) == (20, "short")
    f = only("def f(a):\n" + _lines("a = a + {i}", 19, 4) + "    return a\n")
    # 21 SLOC: measured; 19 procedural steps, no nesting, one chain through `a`
    assert (f.sloc, f.shape) == (21, "sequential")


def test_flat_match_dispatch() -> None:
    cases = "".join(f'        case "k{i}":\n            handle_{i}(event)\n' for i in range(12))
    f = only("def handle(event):\n    match event.kind:\n" + cases + "        case _:\n            ignore(event)\n")
    # one match of 13 arms of 2 SLOC each, nothing nested: the whole body is the dispatch
    assert f.sloc > 20
    assert f.shape == "flat-dispatch"


def test_if_elif_dispatch() -> None:
    arms = "".join(f'    elif op == "o{i}":\n        result = do_{i}(x)\n' for i in range(11))
    f = only('def run(op, x):\n    result = None\n    if op == "start":\n        result = start(x)\n'
             + arms + "    return result\n")
    # the chain holds 24 of 26 body SLOC (>= 60 %) in 12 arms of 2 SLOC
    assert f.shape == "flat-dispatch"
    assert f.concerns == 1


def test_handler_table_dispatch() -> None:
    entries = "".join(f'        "k{i}": self.on_{i},\n' for i in range(20))
    functions = measure(
        "class H:\n    def table(self, key):\n        handlers = {\n" + entries
        + "        }\n        return handlers[key]()\n"
    )
    # a dict display of 20 attribute values: a handler table, 22 of 23 body SLOC
    assert functions["H.table"].shape == "flat-dispatch"


def test_dispatch_with_a_long_arm_is_not_flat() -> None:
    arms = "".join(f'    elif op == "o{i}":\n        do_{i}(x)\n' for i in range(4))
    long_arm = "".join(f"        step_{i}(x)\n" for i in range(14))
    f = only('def run(op, x):\n    if op == "start":\n' + long_arm + arms + "    else:\n        fail(op)\n")
    # the first arm has 15 SLOC, over MAX_ARM_SLOC (12): not a flat dispatch; nothing else
    # nests or carries state, cognitive 6 (if + 4 elif + else) <= 0.4 * SLOC: sequential
    assert f.shape == "sequential"


def test_state_machine_in_a_loop_is_not_a_flat_dispatch() -> None:
    arms = "".join(
        f"        elif state == {i}:\n            state = {i + 1}\n            emit(token)\n" for i in range(6)
    )
    f = only("def scan(tokens):\n    state = 0\n    for token in tokens:\n        if state is None:\n"
             "            state = 0\n            emit(token)\n" + arms + "    return state\n")
    # the loop is opened (it holds 22 of 24 SLOC); its if/elif arms read `state`, which
    # other arms bind: state carried across arms, so no dispatch. Nesting 2, cognitive
    # for 1 + if 2 + 6 elif = 9 <= 0.4 * 23; carried: `state` (1): sequential
    assert f.max_nesting == 2
    assert f.shape == "sequential"


TKINTER = '''
class Dialog:
    def build(self, master):
        """Lay out the dialog's widgets."""
        self.frame = tk.Frame(master, padx=8, pady=8)
        self.frame.grid(row=0, column=0, sticky="nsew")
        self.name_label = tk.Label(self.frame, text="Name:")
        self.name_label.grid(row=0, column=0, sticky="w")
        self.name_entry = tk.Entry(self.frame, width=30)
        self.name_entry.grid(row=0, column=1)
        self.mail_label = tk.Label(self.frame, text="E-mail:")
        self.mail_label.grid(row=1, column=0, sticky="w")
        self.mail_entry = tk.Entry(self.frame, width=30)
        self.mail_entry.grid(row=1, column=1)
        self.note = tk.Text(self.frame, height=5, width=40, wrap="word")
        self.note.grid(row=2, column=0, columnspan=2)
        self.subscribe = tk.BooleanVar(value=True)
        self.check = tk.Checkbutton(self.frame, text="Subscribe", variable=self.subscribe)
        self.check.grid(row=3, column=0, columnspan=2, sticky="w")
        self.ok = tk.Button(self.frame, text="OK", width=10, command=self.on_ok)
        self.ok.grid(row=4, column=0, pady=(8, 0))
        self.cancel = tk.Button(self.frame, text="Cancel", width=10, command=self.destroy)
        self.cancel.grid(row=4, column=1, pady=(8, 0))
        self.bind("<Return>", lambda event: self.on_ok())
        self.bind("<Escape>", lambda event: self.destroy())
        self.name_entry.focus_set()
'''


def test_tkinter_style_builder_is_declarative() -> None:
    f = measure(TKINTER)["Dialog.build"]
    # every statement but the last is a call with keyword or literal arguments (or a
    # literal-argument constructor assigned to self.x): 21 of 22 SLOC declarative; the
    # argument-less `focus_set()` is neutral
    assert f.sloc == 23
    assert f.shape == "declarative"


ARGPARSE = '''
def parse_args(argv):
    parser = argparse.ArgumentParser(prog="tool", description="Convert files.")
    parser.add_argument("inputs", nargs="+", help="files to convert")
    parser.add_argument("-o", "--output", default="-", help="where to write")
    parser.add_argument("-f", "--format", choices=["json", "csv"], default="json")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("--encoding", default="utf-8")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--sep", default=",")
    parser.add_argument("--quote", default='"')
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--color", action="store_true")
    group.add_argument("--no-color", action="store_true")
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--indent", type=int, default=2)
    parser.add_argument("--sort-keys", action="store_true")
    parser.add_argument("--version", action="version", version="1.0")
    parser.add_argument("--config", metavar="FILE")
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args(argv)
'''


def test_argparse_set_up_is_declarative() -> None:
    f = only(ARGPARSE)
    # 20 literal/keyword-argument calls of 22 body SLOC; `group = parser.add_...()` is neutral
    # (no arguments) and `return parser.parse_args(argv)` procedural: 20 >= 0.7 * 21
    assert f.shape == "declarative"
    assert f.concerns == 1  # everything reads `parser`


RECIPE = '''
def publish(path, target):
    raw = read(path)
    text = decode(raw)
    doc = parse(text)
    validate(doc)
    doc = normalise(doc)
    meta = extract_meta(doc)
    title = meta.title
    body = render(doc)
    page = wrap(title, body)
    digest = checksum(page)
    name = slug(title)
    dest = join(target, name)
    ensure_dir(dest)
    write(dest, page)
    index = load_index(target)
    index = add_entry(index, name, digest)
    save_index(target, index)
    notify(name)
    log_done(name, digest)
    cleanup(path)
    return dest
'''


def test_straight_recipe_is_sequential() -> None:
    f = only(RECIPE)
    # positional data flowing from step to step: procedural, not declarative; no nesting,
    # cognitive 0, one data-flow chain: sequential
    assert (f.max_nesting, f.cognitive, f.concerns) == (0, 0, 1)
    assert f.shape == "sequential"


TANGLED = '''
def reconcile(accounts, ledger, strict):
    missing = []
    for account in accounts:
        entries = ledger.get(account.id)
        if entries is None:
            if strict:
                raise KeyError(account.id)
            missing.append(account.id)
            continue
        balance = 0
        for entry in entries:
            if entry.kind == "credit":
                balance += entry.amount
            elif entry.kind == "debit":
                if entry.amount > account.limit:
                    if strict:
                        raise ValueError(entry)
                    continue
                balance -= entry.amount
        account.balance = balance
    if missing:
        warn(missing)
    return missing
'''


def test_tangled_nested_function() -> None:
    f = only(TANGLED)
    # for > for > elif > if > if: nesting 5 > 2
    assert f.max_nesting == 5
    assert f.shape == "tangled"


def _blocks(count: int) -> str:
    return "".join(
        f"    part_{i} = fetch_{i}(source)\n    part_{i} = clean(part_{i})\n    store(part_{i})\n"
        for i in range(count)
    )


def test_four_concerns_make_a_flat_function_tangled() -> None:
    f = only("def run(source):\n" + _blocks(4) + "".join(f"    step_{i}(source)\n" for i in range(9)))
    # four 3-SLOC chains on the parameter: 4 concerns, a strong sign, though flat: tangled
    assert (f.sloc, f.concerns, f.max_nesting) == (22, 4, 0)
    assert f.shape == "tangled"


def test_three_concerns_alone_are_one_weak_sign() -> None:
    f = only("def run(source):\n" + _blocks(3) + "".join(f"    step_{i}(source)\n" for i in range(12)))
    # 3 concerns is one weak sign; no nesting, cognitive 0: sequential
    assert (f.concerns, f.shape) == (3, "sequential")


def test_two_weak_signs_make_it_tangled() -> None:
    nested = (
        "    for item in part_0:\n"
        "        if item:\n"
        "            for part in item:\n"
        "                use(part)\n"
    )
    f = only("def run(source):\n" + _blocks(3) + nested + "".join(f"    step_{i}(source)\n" for i in range(8)))
    # the loop reads part_0, so it joins the first chain: still 3 concerns (weak), and
    # for > if > for is nesting 3 (weak); cognitive 1 + 2 + 3 = 6 < 0.4 * 22: two weak signs
    assert (f.sloc, f.concerns, f.max_nesting, f.cognitive) == (22, 3, 3, 6)
    assert f.shape == "tangled"


def _fixture_function(module: str, qualname: str) -> FunctionMetrics:
    result = analyze_source((FIXTURE / f"{module}.py").read_bytes(), f"{module}.py", with_graph=False)
    [function] = [f for f in result.functions if f.qualname == qualname]
    return function


def test_fixture_match_dispatch_is_flat() -> None:
    f = _fixture_function("events", "InvoiceEventHandler.handle")
    assert (f.shape, f.concerns) == ("flat-dispatch", 1)


def test_fixture_nested_pricing_rules_are_tangled_with_three_concerns() -> None:
    f = _fixture_function("pricing", "apply_pricing_rules")
    # promotions loop (41-55), gold discount (56-58), reverse charge (59-62): they share only
    # the audit trail they append to
    assert f.concern_spans == (((41, 55),), ((56, 58),), ((59, 62),))
    assert f.shape == "tangled"


def test_fixture_statement_template_is_sequential() -> None:
    f = _fixture_function("reporting", "render_statement")
    assert f.shape == "sequential"


def test_statement_kinds() -> None:
    import libcst as cst

    def kind(code: str) -> str:
        line = cst.parse_statement(code)
        assert isinstance(line, cst.SimpleStatementLine)
        return shape.statement_kind(line.body[0])

    assert kind('x = {"a": 1, "b": (2, 3)}') == "declarative"
    assert kind('label.grid(row=0, column=1)') == "declarative"
    assert kind('b = Button(frame, text="OK", command=lambda: go(1))') == "declarative"
    assert kind("x = compute(a, b)") == "procedural"
    assert kind("x = [f(v) for v in vs]") == "procedural"
    assert kind("self.var = StringVar()") == "neutral"
    assert kind("return result") == "neutral"
    assert kind("x += 1") == "procedural"
