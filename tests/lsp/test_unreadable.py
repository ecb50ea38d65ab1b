"""`refarch lsp` on a model folder that cannot be checked at all: one clear message, and the server goes on."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from support import ROOT

SERVER = [str(Path(sys.executable).parent / "refarch"), "lsp"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "architecture", root / "architecture")
    (root / "architecture" / "refarch.yaml").write_text("rules: [not, a, mapping\n", encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, project: Path):
    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=client_capabilities("neovim"),
            workspace_folders=[t.WorkspaceFolder(uri=project.as_uri(), name="broken")],
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_model_that_cannot_be_checked_says_so_once(client: LanguageClient, project: Path) -> None:
    target = (project / "architecture" / "business" / "toimijat.yaml").as_uri()
    text = (project / "architecture" / "business" / "toimijat.yaml").read_text(encoding="utf-8")
    for version in (1, 2, 3):  # an open and two edits: three checks, one message
        if version == 1:
            client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(target, "yaml", 1, text)))
        else:
            client.text_document_did_change(
                t.DidChangeTextDocumentParams(
                    t.VersionedTextDocumentIdentifier(version=version, uri=target),
                    [t.TextDocumentContentChangeWholeDocument(text + f"\n# {version}\n")],
                )
            )
        await asyncio.sleep(0.5)
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert len(client.messages) == 1, client.messages
    (message,) = client.messages
    assert message.type == t.MessageType.Error and "refarch.yaml" in message.message
    config = (project / "architecture" / "refarch.yaml").as_uri()
    for _ in range(100):
        if client.diagnostics.get(config):
            break
        await asyncio.sleep(0.05)
    assert client.diagnostics[config][0].severity == t.DiagnosticSeverity.Error  # also where it is
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(target), t.Position(3, 8)))
    assert hover is None  # nothing checked, nothing to say; and the server still answers
