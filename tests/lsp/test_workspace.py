"""`refarch lsp` in a workspace the editor opened through a symbolic link (macOS's /tmp is one): findings
come back under the names the editor uses, and a link in the model folder to a file outside the workspace
gets no finding published on that file."""

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
ACTORS = "architecture/business/toimijat.yaml"


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("linked")
    shutil.copytree(ROOT / "architecture", base / "real" / "architecture")
    (base / "outside.yaml").write_text("actors: [}\n", encoding="utf-8")
    (base / "link").symlink_to(base / "real", target_is_directory=True)
    return base


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, linked: Path):
    lsp_client.protocol.fm.features[t.CLIENT_REGISTER_CAPABILITY] = lambda params: None
    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[t.WorkspaceFolder(uri=(linked / "link").as_uri(), name="linked")],
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_findings_come_back_under_the_names_the_editor_uses(client, linked) -> None:
    target = (linked / "link" / ACTORS).as_uri()
    text = (linked / "real" / ACTORS).read_text(encoding="utf-8")
    broken = text.replace("      - to: ura\n", "      - to: uraa\n", 1)
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(target, "yaml", 1, broken)))
    await until(client, lambda: any(d.code == "unknown-reference" for d in client.diagnostics.get(target, [])))
    assert all(uri.startswith((linked / "link").as_uri()) for uri in client.diagnostics), list(client.diagnostics)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_link_to_a_file_outside_is_said_on_refarch_yaml_not_on_that_file(client, linked) -> None:
    (linked / "real" / "architecture" / "elsewhere.yaml").symlink_to(linked / "outside.yaml")
    target = (linked / "link" / ACTORS).as_uri()
    text = (linked / "real" / ACTORS).read_text(encoding="utf-8")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(version=2, uri=target), [t.TextDocumentContentChangeWholeDocument(text)]
        )
    )
    config = (linked / "link" / "architecture" / "refarch.yaml").as_uri()
    await until(client, lambda: any(d.code == "outside-model" for d in client.diagnostics.get(config, [])))
    assert (linked / "outside.yaml").as_uri() not in client.diagnostics


async def until(client: LanguageClient, condition, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not so within {seconds} s: {dict(client.diagnostics)}")
