"""`refarch lsp` end to end: pytest-lsp starts the real server over stdio and drives it as an editor would,
on a copy of the TE24 model (issue 18)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from refarch import pipeline

from support import ROOT, working_directory

SERVER = [str(Path(sys.executable).parent / "refarch"), "lsp"]
ACTORS = "architecture/business/toimijat.yaml"
SYSTEMS = "architecture/systems/jarjestelmat.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "architecture", root / "architecture")
    return root


PUBLISHED: dict[str, int | None] = {}  # the version each file's last diagnostics were for


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, project: Path):
    def published(params: t.PublishDiagnosticsParams) -> None:  # as the client keeps them, and their version
        lsp_client.diagnostics[params.uri] = params.diagnostics
        PUBLISHED[params.uri] = params.version

    lsp_client.protocol.fm.features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published
    registered: list[t.RegistrationParams] = []
    lsp_client.protocol.fm.features[t.CLIENT_REGISTER_CAPABILITY] = registered.append  # as an editor does
    lsp_client.registered = registered

    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[t.WorkspaceFolder(uri=project.as_uri(), name="te24")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri(project: Path, name: str) -> str:
    return (project / name).as_uri()


VERSIONS: dict[str, int] = {}  # the version of each file the editor last sent


async def diagnostics_of(client: LanguageClient, target: str, until, timeout: float = 20.0) -> list[t.Diagnostic]:
    """The diagnostics of a file's last version sent, once they satisfy `until`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(target)
        if found is not None and PUBLISHED.get(target) == VERSIONS.get(target) and until(found):
            return list(found)
        if loop.time() > deadline:
            raise AssertionError(f"no diagnostics like that for {target}: {found}")
        await asyncio.sleep(0.05)


def open_file(client: LanguageClient, project: Path, name: str, text: str | None = None) -> str:
    target = uri(project, name)
    body = (project / name).read_text(encoding="utf-8") if text is None else text
    VERSIONS[target] = VERSIONS.get(target, 0) + 1
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(t.TextDocumentItem(target, "yaml", VERSIONS[target], body))
    )
    return target


def change(client: LanguageClient, target: str, _: int, text: str) -> None:
    VERSIONS[target] += 1
    version = VERSIONS[target]
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(version=version, uri=target),
            [t.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def position_of(text: str, needle: str, offset: int = 0) -> t.Position:
    """The 0-based position of `needle` in the text (plus `offset` characters)."""
    before = text[: text.index(needle) + offset]
    return t.Position(before.count("\n"), len(before) - (before.rfind("\n") + 1))


@pytest.mark.asyncio(loop_scope="module")
async def test_a_broken_reference_is_a_diagnostic_with_a_quick_fix_and_clears_when_fixed(client, project) -> None:
    text = (project / ACTORS).read_text(encoding="utf-8")
    target = open_file(client, project, ACTORS, text)
    broken = text.replace("      - to: ura\n", "      - to: uraa\n", 1)
    change(client, target, 2, broken)
    found = await diagnostics_of(client, target, lambda ds: any(d.code == "unknown-reference" for d in ds))
    (diagnostic,) = [d for d in found if d.code == "unknown-reference"]
    at = position_of(broken, "to: uraa", 4)
    assert diagnostic.range == t.Range(at, t.Position(at.line, at.character + 4))  # exactly the id
    assert diagnostic.severity == t.DiagnosticSeverity.Error and 'did you mean "ura"' in diagnostic.message
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(target),
            range=diagnostic.range,
            context=t.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert [a.title for a in actions] == ['Change to "ura"']
    assert actions[0].edit.changes[target][0].new_text == "ura"
    change(client, target, 3, text)
    await diagnostics_of(client, target, lambda ds: not ds)  # fixed: cleared


@pytest.mark.asyncio(loop_scope="module")
async def test_a_half_typed_file_is_a_diagnostic_not_a_crash(client, project) -> None:
    text = (project / SYSTEMS).read_text(encoding="utf-8")
    target = open_file(client, project, SYSTEMS, text)
    change(client, target, 2, text + "\n  - id: uusi\n    name: [kesken\n")
    found = await diagnostics_of(client, target, lambda ds: any(d.code == "yaml-syntax" for d in ds))
    assert found[0].range.start.line >= text.count("\n")
    hover = await client.text_document_hover_async(
        t.HoverParams(t.TextDocumentIdentifier(uri(project, ACTORS)), position_of(text, "id: ura\n", 4))
    )  # the server still answers; the other files keep their meaning
    assert hover is None or hover.contents
    change(client, target, 3, text)
    await diagnostics_of(client, target, lambda ds: not ds)


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_offers_ids_the_relationship_allows_with_name_and_kind(client, project) -> None:
    text = (project / ACTORS).read_text(encoding="utf-8")
    target = open_file(client, project, ACTORS, text)
    typed = text.replace("      - to: ura\n", "      - to: ur\n", 1)
    change(client, target, 4, typed)
    result = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(target), position_of(typed, "to: ur\n", 6))
    )
    items = {i.label: i for i in result.items}
    assert items["ura"].detail == "Järjestelmä" and items["ura"].label_details.description == "URA"
    kinds = {i.detail for i in result.items}
    assert kinds <= {"Palvelu", "Järjestelmä", "Järjestelmäpalvelu", "Rajapinta", "Tietovaranto"}  # what `uses` allows
    assert "tyonhakijaksi-ilmoittautuminen" not in items  # a step: an actor does not `use` it
    # a key on a new line of an element: its fields and relationships; at the start of a line: sections
    keyed = typed.replace("      - to: ur\n", "      - to: ura\n    p\n", 1)
    change(client, target, 5, keyed)
    result = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(target), position_of(keyed, "\n    p\n", 6))
    )
    # an actor's fields and the relationships an actor may write, nothing else
    assert {i.label for i in result.items} == {"part-of", "plays", "provides", "properties", "provenance"}
    top = keyed + "sys"
    change(client, target, 6, top)
    result = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(target), position_of(top, "\nsys", 4))
    )
    assert [i.label for i in result.items] == ["systems", "system-services"]
    change(client, target, 7, text)
    await diagnostics_of(client, target, lambda ds: not ds)


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_references_hover_and_outline(client, project) -> None:
    text = (project / ACTORS).read_text(encoding="utf-8")
    target = open_file(client, project, ACTORS, text)
    at = position_of(text, "- to: ura\n", 7)
    where = await client.text_document_definition_async(t.DefinitionParams(t.TextDocumentIdentifier(target), at))
    systems = (project / SYSTEMS).read_text(encoding="utf-8")
    assert where.uri == uri(project, SYSTEMS) and where.range.start == position_of(systems, "id: ura\n", 4)
    places = await client.text_document_references_async(
        t.ReferenceParams(text_document=t.TextDocumentIdentifier(target), position=at, context=t.ReferenceContext(True))
    )
    files = {p.uri for p in places}
    assert len(places) == 7 and len(files) == 4 and uri(project, SYSTEMS) in files
    hover = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(target), at))
    assert hover.contents.value.startswith("**URA** (Järjestelmä, `ura`)")
    symbols = await client.text_document_document_symbol_async(
        t.DocumentSymbolParams(t.TextDocumentIdentifier(uri(project, SYSTEMS)))
    )
    names = [s.name for s in symbols]
    assert "ura" in names and names == sorted(names, key=names.index)  # the elements, in file order
    assert next(s for s in symbols if s.name == "ura").detail == "Järjestelmä: URA"


@pytest.mark.asyncio(loop_scope="module")
async def test_ten_thousand_findings_on_one_line_do_not_stall_the_server(client, project) -> None:
    """Each finding's range is read from its line once per check, not from the whole file again: a line of
    10,000 unknown ids (a hostile pull request) took over a minute that way; the server answers meanwhile."""
    stub = project / "architecture" / "zz-hostile.yaml"
    text = "systems:\n  - id: hostile-x\n    name: H\n    source: x\n    associated-with: [tea]\n"
    stub.write_text(text, encoding="utf-8")
    target = open_file(client, project, "architecture/zz-hostile.yaml", text)
    hostile = text.replace("[tea]", "[" + ", ".join(["urx"] * 10_000) + "]")
    change(client, target, 0, hostile)
    found = await diagnostics_of(client, target, lambda ds: len(ds) >= 10_000)
    assert sum(d.code == "unknown-reference" for d in found) == 10_000
    change(client, target, 0, text)
    await diagnostics_of(client, target, lambda ds: not any(d.code == "unknown-reference" for d in ds))
    client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(target)))
    stub.unlink()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_rename_right_after_an_edit_renames_what_the_edit_left(client, project) -> None:
    text = (project / ACTORS).read_text(encoding="utf-8")
    target = open_file(client, project, ACTORS, text)
    edited = text.replace("      - to: ura\n", "      - to: tea\n", 1)  # one reference to URA gone
    change(client, target, 0, edited)
    systems = (project / SYSTEMS).read_text(encoding="utf-8")
    at = position_of(systems, "id: ura\n", 4)
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=t.TextDocumentIdentifier(uri(project, SYSTEMS)), position=at, new_name="ura-2")
    )
    lines = edited.split("\n")
    for e in edit.changes.get(target, []):  # every edit in the edited file stands on "ura" in the new text
        assert lines[e.range.start.line][e.range.start.character : e.range.end.character] == "ura"
    assert len(edit.changes.get(target, [])) == edited.count(": ura\n") + edited.count("to: ura,")
    change(client, target, 0, text)
    await diagnostics_of(client, target, lambda ds: not ds)


@pytest.mark.asyncio(loop_scope="module")
async def test_rename_edits_every_file_and_the_model_stays_valid(client, project) -> None:
    text = (project / ACTORS).read_text(encoding="utf-8")
    target = open_file(client, project, ACTORS, text)
    at = position_of(text, "- to: ura\n", 7)
    ready = await client.text_document_prepare_rename_async(t.PrepareRenameParams(t.TextDocumentIdentifier(target), at))
    assert ready == t.Range(t.Position(at.line, at.character - 1), t.Position(at.line, at.character + 2))
    with pytest.raises(Exception, match="is no id"):
        await client.text_document_rename_async(
            t.RenameParams(text_document=t.TextDocumentIdentifier(target), position=at, new_name="URA 2")
        )
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=t.TextDocumentIdentifier(target), position=at, new_name="ura-jarjestelma")
    )
    assert len(edit.changes) >= 2
    for file_uri, edits in edit.changes.items():  # apply them as the editor would, last first
        path = Path(file_uri.removeprefix("file://"))
        lines = path.read_text(encoding="utf-8").split("\n")
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            line = lines[e.range.start.line]
            assert line[e.range.start.character : e.range.end.character] == "ura"
            lines[e.range.start.line] = line[: e.range.start.character] + e.new_text + line[e.range.end.character :]
        path.write_text("\n".join(lines), encoding="utf-8")
    with working_directory(project):
        result = pipeline.check([Path("architecture")])
    assert "ura-jarjestelma" in result.model.elements and "ura" not in result.model.elements
    assert not [p for p in result.problems if p.severity == "error"]  # last: it renames URA in the project's files
