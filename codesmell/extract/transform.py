"""Perform an Extract Method with a LibCST transformer.

The block's statement nodes move unchanged into the new function (LibCST
keeps indentation relative, so comments and formatting inside the block
survive at the new depth); the block's leading comment stays at the call site.
The new function goes right after the top-level statement enclosing the
parent (or right after the parent method in its class when the block uses
`self`/`cls`). The result must re-parse and `compile()`, or nothing is written.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

import libcst as cst

from codesmell.cst.docstrings import is_docstring
from codesmell.cst.lines import LineIndex, index_lines
from codesmell.extract import block_calls, iter_functions
from codesmell.extract.candidates import Block, BlockAnalyzer, Candidate, NotExtractable, statement_lists
from codesmell.extract.facts import ScopeCache, function_facts
from codesmell.extract.naming import propose_name
from codesmell.metrics.visitor import FunctionMetricsVisitor
from codesmell.model import Increment


@dataclass(frozen=True)
class Extraction:
    """The rewritten source and what was done."""

    source: str
    parent: str  # qualname of the function the block left
    name: str
    candidate: Candidate


@dataclass(frozen=True)
class _Located:
    function: cst.FunctionDef
    ancestors: tuple[cst.CSTNode, ...]
    qualname: str
    block: Block


class _Identifiers(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def _qualname(function: cst.FunctionDef, ancestors: tuple[cst.CSTNode, ...]) -> str:
    parts: list[str] = []
    for node in ancestors:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            parts.append(node.name.value)
            if isinstance(node, cst.FunctionDef):
                parts.append("<locals>")
    parts.append(function.name.value)
    return ".".join(parts)


def locate(module: cst.Module, lines: LineIndex, start: int, end: int) -> _Located:
    """The innermost function whose body holds lines `start..end`, and the whole statements there."""
    if end < start:
        raise NotExtractable(f"empty line range {start}-{end}")
    innermost: tuple[cst.FunctionDef, tuple[cst.CSTNode, ...]] | None = None
    facts_lines = _StatementLines(lines)
    for function, ancestors in iter_functions(module):
        body = function.body
        if not isinstance(body, cst.IndentedBlock) or not body.body:
            continue
        # the innermost function whose body holds the whole range (a nested def inside the
        # range belongs to the block)
        if lines.line_of(function) < start and end <= facts_lines.stop(function):
            innermost = (function, ancestors)
    if innermost is None:
        raise NotExtractable(f"lines {start}-{end} are not inside the body of a function")
    function, ancestors = innermost
    docstring = function.body.body[0] if is_docstring(function.body.body[0]) else None
    hints: list[tuple[int, int]] = []
    for owner, loops in statement_lists(function):
        spans = [(facts_lines.start(s), facts_lines.stop(s)) for s in owner.body]
        hit = [k for k, (a, b) in enumerate(spans) if a <= end and start <= b]
        if not hit:
            continue
        partial = [k for k in hit if spans[k][0] < start or spans[k][1] > end]
        if partial:
            hints.extend(spans[k] for k in partial)
            continue
        first, last = hit[0], hit[-1]
        if lines.count_code(start, end) != lines.count_code(spans[first][0], spans[last][1]):
            hints.append((spans[first][0], spans[last][1]))
            continue  # the range also holds code of the enclosing statement (a header, another branch)
        if docstring is not None and owner.body[first] is docstring:
            if first == last:
                raise NotExtractable("that is the function's docstring")
            first += 1
        return _Located(function, ancestors, _qualname(function, ancestors), Block(owner, first, last, loops))
    a, b = hints[0] if hints else (start, end)
    raise NotExtractable(
        f"lines {start}-{end} cut through a statement (lines {a}-{b}); give a range of whole statements"
    )


class _StatementLines:
    """Start (with decorators) and last code line of statements, without a full function walk."""

    def __init__(self, lines: LineIndex) -> None:
        self.lines = lines
        self._stop: dict[int, int] = {}

    def start(self, statement: cst.CSTNode) -> int:
        decorators = getattr(statement, "decorators", ())
        if decorators:
            return self.lines.line_of(decorators[0].decorator) or self.lines.line_of(statement)
        return self.lines.line_of(statement)

    def stop(self, node: cst.CSTNode) -> int:
        cached = self._stop.get(id(node))
        if cached is not None:
            return cached
        result = max(self.lines.end_of(node), self.lines.line_of(node))
        for child in node.children:
            result = max(result, self.stop(child))
        self._stop[id(node)] = result
        return result


class ParsedFile:
    """One parse of a file, reusable for several extractions (LibCST trees are immutable)."""

    def __init__(self, text: str) -> None:
        try:
            self.module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            raise NotExtractable(f"cannot parse the file: {str(exc).strip().splitlines()[0]}") from exc
        self.line_count = text.count("\n") + 1
        self.lines = index_lines(self.module, self.line_count)
        self._taken: set[str] | None = None
        self._increments: dict[int, tuple[Increment, ...]] | None = None

    def taken(self) -> set[str]:
        """Every identifier of the file: a new function must not shadow or be shadowed by one."""
        if self._taken is None:
            identifiers = _Identifiers()
            self.module.visit(identifiers)
            self._taken = identifiers.names
        return self._taken

    def increments(self, def_line: int) -> tuple[Increment, ...]:
        if self._increments is None:
            visitor = FunctionMetricsVisitor(self.lines, self.line_count)
            self.module.visit(visitor)
            self._increments = {m.line: m.increments for m in visitor.results}
        return self._increments.get(def_line, ())


def _validate_name(name: str, taken: set[str]) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise NotExtractable(f"'{name}' is not a valid Python function name")
    if name in taken:
        raise NotExtractable(f"the name '{name}' is already used in this file; choose another with --name")


def extract_block(
    text: str, start: int, end: int, name: str | None = None, path: str = "<string>", verify: bool = True
) -> Extraction:
    """Rewrite `text` so lines `start..end` become a call to a new function `name`."""
    return extract_parsed(ParsedFile(text), start, end, name, path, verify)


def extract_parsed(
    parsed: ParsedFile,
    start: int,
    end: int,
    name: str | None = None,
    path: str = "<string>",
    verify: bool = True,
) -> Extraction:
    """`extract_block` on an already parsed file; `verify=False` skips the re-parse and compile."""
    module, lines = parsed.module, parsed.lines
    located = locate(module, lines, start, end)
    function, ancestors, block = located.function, located.ancestors, located.block
    facts = function_facts(function, ancestors, lines, ScopeCache())
    candidate = BlockAnalyzer(facts, parsed.increments(lines.line_of(function))).analyze(block)

    taken = parsed.taken()
    if name is None:
        name = propose_name(
            block.statements,
            candidate.returns,
            function.name.value,
            set(taken),
            block_calls(facts, candidate),
        )
    _validate_name(name, taken)

    new_def, call = _build(module, facts.self_name, facts.is_classmethod, candidate, name)
    is_method = candidate.kind == "method"
    if is_method:
        cls = facts.parent_class
        assert cls is not None
        anchor_owner: cst.CSTNode = cls.body
        anchor: cst.CSTNode = facts.class_member()
    else:
        anchor_owner = module
        anchor = ancestors[0] if ancestors else function
    rewritten = module.visit(_Rewrite(block, call, new_def, anchor_owner, anchor))
    assert isinstance(rewritten, cst.Module)
    new_source = rewritten.code
    if not verify:
        return Extraction(new_source, located.qualname, name, candidate)
    try:
        cst.parse_module(new_source)
        compile(new_source, path, "exec", dont_inherit=True)
    except (SyntaxError, cst.ParserSyntaxError, ValueError) as exc:  # pragma: no cover - a bug of ours
        raise NotExtractable(f"internal error: the rewritten file would not compile ({exc})") from exc
    return Extraction(new_source, located.qualname, name, candidate)


def _build(
    module: cst.Module,
    self_name: str | None,
    is_classmethod: bool,
    candidate: Candidate,
    name: str,
) -> tuple[cst.FunctionDef, cst.BaseStatement]:
    config = module.config_for_parsing
    is_method = candidate.kind == "method"
    params = ([self_name] if is_method and self_name else []) + list(candidate.params)
    prefix = "async " if candidate.is_async else ""
    decorator = "@classmethod\n" if is_method and is_classmethod else ""
    header = f"{decorator}{prefix}def {name}({', '.join(params)}):\n{module.default_indent}pass\n"
    template = cst.parse_statement(header, config=config)
    assert isinstance(template, cst.FunctionDef) and isinstance(template.body, cst.IndentedBlock)
    statements = list(candidate.block.statements)
    statements[0] = statements[0].with_changes(leading_lines=())
    body: list[cst.BaseStatement] = []
    if candidate.carry_globals:
        body.append(cst.parse_statement(f"global {', '.join(candidate.carry_globals)}\n", config=config))
    body.extend(statements)
    if candidate.returns:
        body.append(cst.parse_statement(f"return {', '.join(candidate.returns)}\n", config=config))
    blank = [cst.EmptyLine(indent=False)] * (1 if is_method else 2)
    new_def = template.with_changes(body=template.body.with_changes(body=body), leading_lines=blank)

    target = f"{self_name}.{name}" if is_method else name
    call = f"{target}({', '.join(candidate.params)})"
    if candidate.is_async:
        call = f"await {call}"
    if candidate.returns:
        call = f"{', '.join(candidate.returns)} = {call}"
    call_statement = cst.parse_statement(call + "\n", config=config)
    leading = getattr(candidate.block.statements[0], "leading_lines", ())
    call_statement = call_statement.with_changes(leading_lines=leading)
    return new_def, call_statement


class _Rewrite(cst.CSTTransformer):
    """Replace the block by the call, then insert the new def after `anchor` in `anchor_owner`."""

    def __init__(
        self,
        block: Block,
        call: cst.BaseStatement,
        new_def: cst.FunctionDef,
        anchor_owner: cst.CSTNode,
        anchor: cst.CSTNode,
    ) -> None:
        super().__init__()
        self.block = block
        self.call = call
        self.new_def = new_def
        self.anchor_owner = anchor_owner
        self.anchor = anchor

    def _insert(self, original: list[cst.CSTNode], updated: list[cst.CSTNode]) -> list[cst.CSTNode]:
        index = next(k for k, node in enumerate(original) if node is self.anchor)
        return [*updated[: index + 1], self.new_def, *updated[index + 1 :]]

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body: list[cst.CSTNode] = list(updated_node.body)
        if original_node is self.block.owner:
            body[self.block.first : self.block.last + 1] = [self.call]
        if original_node is self.anchor_owner:
            body = self._insert(list(original_node.body), body)
        return updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if original_node is not self.anchor_owner:
            return updated_node
        body = self._insert(list(original_node.body), list(updated_node.body))  # type: ignore[arg-type]
        return updated_node.with_changes(body=body)
