"""The language server: pygls over stdio, calling the same analysis, cache and rules as the CLI.

Diagnostics are published on open and save at once, and on change after a pause in
typing (DEBOUNCE_SECONDS), so a burst of keystrokes costs one analysis. Hover on a
function shows its metrics, verdict and increments; the code action applies an Extract
Method suggestion with the same codemod as `codesmell extract`, as a workspace edit.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from codesmell import __version__
from codesmell.config import Config, ConfigError, load_config
from codesmell.lsp import views
from codesmell.model import FileResult
from codesmell.rules.codes import INTERNAL_ERROR
from codesmell.rules.thresholds import file_findings
from codesmell.run.single import analyze_cached

DEBOUNCE_SECONDS = 0.3
SOURCE = "codesmell"


class CodesmellServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("codesmell", __version__)
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def root(self) -> Path:
        root = self.workspace.root_path
        return Path(root) if root else Path.cwd()

    def config_for(self, path: Path) -> Config:
        return load_config(start=path.parent)

    def relative(self, path: Path) -> str:
        """The path as `codesmell check` run from the workspace root would print it (overrides match on it)."""
        try:
            return Path(os.path.relpath(path, self.root())).as_posix()
        except ValueError:
            return path.as_posix()

    def analyse(self, uri: str) -> tuple[FileResult, Config, list[str]] | None:
        document = self.workspace.get_text_document(uri)
        if not document.path.endswith(".py"):
            return None
        path = Path(document.path)
        config = self.config_for(path)
        result = analyze_cached(document.source.encode("utf-8", "surrogateescape"), self.relative(path),
                                None if os.environ.get("CODESMELL_NO_CACHE") else self.root())
        return result, config, document.source.split("\n")

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            analysed = self.analyse(uri)
        except ConfigError as exc:  # a broken [tool.codesmell]: say so on the file, do not lint with defaults
            self.send(uri, [types.Diagnostic(range=_line_range(0, 0, 1), message=f"codesmell: {exc}",
                                             severity=types.DiagnosticSeverity.Error, source=SOURCE,
                                             code=INTERNAL_ERROR)])
            return
        if analysed is None:
            return
        result, config, lines = analysed
        found = views.diagnostics(file_findings(result, config), lines)
        self.send(uri, [types.Diagnostic(range=_line_range(d.line - 1, d.col, d.end_col), message=d.message,
                                         severity=types.DiagnosticSeverity(d.severity), code=d.code, source=SOURCE)
                        for d in found])

    def send(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        version = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def later(self, uri: str) -> None:
        """Publish after DEBOUNCE_SECONDS without another change to `uri`."""
        if uri in self.pending:
            self.pending[uri].cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.publish, uri)


def _line_range(line: int, start: int, end: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end))


server = CodesmellServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CodesmellServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CodesmellServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: CodesmellServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.later(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CodesmellServer, params: types.DidCloseTextDocumentParams) -> None:
    handle = ls.pending.pop(params.text_document.uri, None)
    if handle is not None:
        handle.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CodesmellServer, params: types.HoverParams) -> types.Hover | None:
    analysed = ls.analyse(params.text_document.uri)
    if analysed is None:
        return None
    result, config, _ = analysed
    function = views.function_at(result, params.position.line + 1)
    if function is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value=views.hover_markdown(function, config, result.path)))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.RefactorExtract]),
)
def code_action(ls: CodesmellServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    from codesmell.extract.candidates import NotExtractable
    from codesmell.extract.transform import extract_block

    uri = params.text_document.uri
    analysed = ls.analyse(uri)
    if analysed is None:
        return None
    result, _, lines = analysed
    function = views.function_at(result, params.range.start.line + 1)
    if function is None:
        return []
    text = ls.workspace.get_text_document(uri).source
    actions = []
    for action in views.extract_actions(function, params.range.start.line + 1, params.range.end.line + 1):
        try:
            new_text = extract_block(text, action.start_line, action.end_line, action.name, result.path).source
        except NotExtractable:
            continue
        whole = types.Range(start=types.Position(line=0, character=0),
                            end=types.Position(line=len(lines), character=0))
        actions.append(types.CodeAction(
            title=action.title, kind=types.CodeActionKind.RefactorExtract,
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=whole, new_text=new_text)]}),
        ))
    return actions


def main(argv: Any = None) -> int:
    server.start_io()
    return 0
