"""`make bench`: how long `refarch lsp` takes from an edit to its diagnostics, driven over stdio as an editor
drives it (pytest-lsp's client, which is pygls's).

Each run breaks a reference in an open file, then mends it: the time is from sending the change to the
publishDiagnostics of that version, which says the error (or that it is gone). Wall time: that is what an
editor waits.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, client_capabilities

SERVER = [str(Path(sys.executable).parent / "refarch"), "lsp"]


def latency(root: Path, model: str, file: Path, good: str, bad: str, runs: int) -> dict:
    """Median and slowest time from an edit to its diagnostics, over `runs` edits of `file` (in the model
    folder `model` under `root`): `good` made `bad` (an unknown reference), then back, and so on."""
    return asyncio.run(_latency(root, model, file, good, bad, runs))


async def _latency(root: Path, model: str, file: Path, good: str, bad: str, runs: int) -> dict:
    client = await ClientServerConfig(server_command=SERVER).start()
    published: dict[str, tuple[int | None, list]] = {}
    arrived = asyncio.Event()

    def on_diagnostics(params: t.PublishDiagnosticsParams) -> None:
        published[params.uri] = (params.version, list(params.diagnostics))
        arrived.set()

    client.protocol.fm.features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_diagnostics
    client.protocol.fm.features[t.CLIENT_REGISTER_CAPABILITY] = lambda params: None  # file watching: yes
    await client.initialize_session(
        t.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[t.WorkspaceFolder(uri=root.as_uri(), name="bench")],
            initialization_options={"model": model},
        )
    )
    uri = file.as_uri()
    text = file.read_text(encoding="utf-8")
    broken = text.replace(good, bad, 1)
    assert broken != text, f"{file} has no {good!r}"

    async def until(version: int) -> None:
        while published.get(uri, (None,))[0] != version:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 60)

    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "yaml", 1, text)))
    await until(1)  # the first check, with every file parsed, is not what is measured
    times = []
    for version in range(2, runs + 2):
        body = broken if version % 2 == 0 else text
        start = time.perf_counter()
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [t.TextDocumentContentChangeWholeDocument(body)],
            )
        )
        await until(version)
        times.append(time.perf_counter() - start)
        said = any(d.code == "unknown-reference" for d in published[uri][1])
        assert said == (body is broken), f"version {version}: the diagnostics do not match the text"
    await client.shutdown_session()
    return {"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "runs": runs}
