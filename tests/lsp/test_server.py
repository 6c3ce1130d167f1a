"""`codesmell lsp` end to end: a real LSP client (pytest-lsp) talking to the server over stdio."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from conftest import FIXTURES, REPO, run_cli
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp")
    shutil.copytree(FIXTURES / "long_methods" / "invoicing", root / "invoicing")
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "codesmell", "lsp"],
        server_env={**os.environ, "PYTHONPATH": str(REPO), "CODESMELL_NO_CACHE": "1"},
    ),
)
async def client(lsp_client: LanguageClient, workspace: Path):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)))
    return uri


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """What an editor does with a TextEdit list (here: one edit over the whole document)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = sum(len(line) + 1 for line in lines[: edit.range.start.line]) + edit.range.start.character
        end = sum(len(line) + 1 for line in lines[: edit.range.end.line]) + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
        lines = text.split("\n")
    return text


@pytest.mark.asyncio(loop_scope="function")
async def test_open_hover_extract_and_new_diagnostics(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "invoicing" / "pricing.py"
    text = path.read_text()
    uri = _open(client, path, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = client.diagnostics[uri]
    assert [(d.code, d.range.start.line + 1) for d in diagnostics] == [("CSM100", 38)]
    assert diagnostics[0].message.startswith("long method 'apply_pricing_rules'")
    assert diagnostics[0].severity == types.DiagnosticSeverity.Warning
    assert diagnostics[0].source == "codesmell"

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=40, character=4)))
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**apply_pricing_rules**: warning")
    assert "| cognitive | 23 | 15 / 30 |" in hover.contents.value
    assert "Increments:" in hover.contents.value

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=37, character=0), end=types.Position(line=37, character=0)),
        context=types.CodeActionContext(diagnostics=diagnostics)))
    assert actions
    action = actions[0]
    assert isinstance(action, types.CodeAction)
    assert action.title == "Extract Method: lines 56-62 → _add_to_audit"
    assert action.kind == types.CodeActionKind.RefactorExtract
    assert action.edit is not None and action.edit.changes is not None
    new_text = _apply(text, action.edit.changes[uri])
    assert "def _add_to_audit(" in new_text
    compile(new_text, str(path), "exec")

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    after = client.diagnostics[uri]
    # the extraction took the audit block out: no longer a 25-SLOC long method, and the new
    # diagnostics are what `codesmell check` says of the rewritten file
    assert not any(d.message.startswith("long method 'apply_pricing_rules': 25 SLOC") for d in after)
    path.write_text(new_text)
    checked = run_cli("check", "--no-cache", "invoicing/pricing.py", cwd=workspace)
    assert [f"invoicing/pricing.py:{d.range.start.line + 1}:{d.range.start.character + 1}: {d.code} {d.message}"
            for d in after] == checked.stdout.splitlines()
    path.write_text(text)


@pytest.mark.asyncio(loop_scope="function")
async def test_a_syntax_error_is_one_diagnostic_and_a_fix_clears_it(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "broken.py"
    uri = _open(client, path, "def f(:\n    pass\n")
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    [diagnostic] = client.diagnostics[uri]
    assert diagnostic.code == "CSM901"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert client.diagnostics[uri][0].code == "CSM901"  # saved unchanged: still broken
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="def f():\n    pass\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio(loop_scope="function")
async def test_a_burst_of_changes_is_analysed_once_after_the_pause(client: LanguageClient, workspace: Path) -> None:
    import asyncio

    path = workspace / "typing.py"
    uri = _open(client, path, "x = 1\n")
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    for version in range(2, 7):  # five keystrokes well inside the debounce pause
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=f"x = {version}\n")]))
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
    with pytest.raises(asyncio.TimeoutError):  # one analysis for the burst, not five
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 1.5)
