"""`refarch lsp`: the Language Server Protocol over stdio (pygls), for the model folder of the workspace.

The wiring only: requests and notifications in, refarch.lsp.features and the session's findings out, with
positions converted between the model's (1-based, in characters) and the editor's (0-based, in the units
it asked for). A change is checked on a worker thread; changes that arrive meanwhile are checked together
once it ends, so a fast typist never queues a check per key.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from refarch import __version__
from refarch.errors import ConfigError
from refarch.lsp import features
from refarch.lsp.session import ModelSession
from refarch.problems import Location, Problem

SEVERITIES = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning}
SYMBOL_KIND = t.SymbolKind.Object
REQUEST_FAILED = -32803  # the Language Server Protocol's code for a request that could not be done


class RefarchServer(LanguageServer):
    """The server with its session (made at `initialize`, when the workspace's root is known)."""

    def __init__(self, model_dir: Path) -> None:
        super().__init__("refarch", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.model_dir = model_dir
        self.session: ModelSession | None = None
        self.published: set[str] = set()  # the files that were last sent findings
        self.said: str | None = None  # the last error shown for a model that cannot be checked
        self._pending = False
        self._running: asyncio.Future | None = None
        self._lines: dict[str, list[str]] = {}  # files' lines for the answers of one check (lines())
        self._wide: dict[str, set[int]] = {}  # the lines of each with a character UTF-16 writes as two

    # -- positions ------------------------------------------------------------------------------
    def lines(self, name: str) -> list[str]:
        """A file's lines as the editor counts them; kept for the round of answers being made (`_lines` is
        emptied when the model is checked again), so a thousand findings in one file split it once."""
        assert self.session is not None
        if name not in self._lines:
            lines = features.lines_of(self.session.text_of(name) or "")
            self._lines[name] = lines
            self._wide[name] = {n for n, text in enumerate(lines) if not text.isascii() and max(text) > "\uffff"}
        return self._lines[name]

    def client_position(self, name: str, line: int, column: int) -> t.Position:
        """A 0-based line and a column in characters as the editor counts them (UTF-16 by default): only a
        line with a character beyond the Basic Multilingual Plane counts otherwise, and only it is measured."""
        lines = self.lines(name)
        line = min(max(line, 0), len(lines) - 1)
        column = min(max(column, 0), len(lines[line]))
        if line not in self._wide[name] or self.workspace.position_encoding == t.PositionEncodingKind.Utf32:
            return t.Position(line, column)
        return self.workspace.position_codec.position_to_client_units(lines, t.Position(line, column))

    def to_range(self, where: Location) -> t.Range:
        """A model span as the editor's range; a position alone spans the word there (or the line's end)."""
        lines = self.lines(where.file)
        line = min(max(where.line - 1, 0), len(lines) - 1)
        start = max(where.column - 1, 0)
        if where.end_line is not None and where.end_column is not None:
            end_line, end = where.end_line - 1, where.end_column - 1
        else:
            word = features.word_at(lines[line], start + 1)
            end_line, end = line, (word[2] - 1 if word else len(lines[line]))
        return t.Range(self.client_position(where.file, line, start), self.client_position(where.file, end_line, end))

    def cursor(self, uri: str, position: t.Position) -> tuple[str, str, int, int] | None:
        """The file (as findings name it), its text and the 1-based position; None outside the model."""
        if self.session is None:
            return None
        path = Path(to_fs_path(uri) or "")
        if not self.session.owns(path):
            return None
        try:
            text = self.workspace.get_text_document(uri).source  # the editor's, else the file's
        except (OSError, UnicodeDecodeError):
            return None
        lines = features.lines_of(text)
        at = self.workspace.position_codec.position_from_client_units(lines, position)
        return self.session.name_of(path), text, at.line + 1, at.character + 1

    def location(self, where: Location) -> t.Location:
        assert self.session is not None
        return t.Location(self.session.path_of(where.file).as_uri(), self.to_range(where))

    # -- checking -------------------------------------------------------------------------------
    def request_check(self) -> None:
        self._pending = True
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._check_while_pending())

    async def _check_while_pending(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending and self.session is not None:
            self._pending = False
            try:
                result = await loop.run_in_executor(None, self.session.check)
            except ConfigError as exc:
                self._cannot_check(f"refarch: {exc}", exc.where, exc.message)
                continue
            except Exception as exc:  # noqa: BLE001 - a server that stops checking must say so, not go quiet
                self._cannot_check(f"refarch: the model could not be checked: {type(exc).__name__}: {exc}")
                continue
            self.said = None
            self._lines = {}
            self._publish(result.problems)

    def _cannot_check(self, message: str, where: str | None = None, detail: str = "") -> None:
        """A model that cannot be checked at all: said once, its old findings cleared (they may no longer
        hold), and the error shown where it has a place."""
        if message != self.said:
            self.window_show_message(t.ShowMessageParams(t.MessageType.Error, message))
            self.said = message
        self._lines = {}
        problems = []
        if where:
            file, _, rest = where.partition(":")
            line = int(rest.split(":")[0]) if rest.split(":")[0].isdigit() else 1
            problems.append(Problem("config", "error", Location(file, line), detail or message))
        self._publish(problems)

    def _publish(self, problems: list[Problem]) -> None:
        assert self.session is not None
        by_file: dict[str, list[t.Diagnostic]] = {}
        config = self.session.config_path()
        for problem in problems:
            path = self.session.path_of(problem.location.file)
            if not self.session.within(path):  # never on a file outside the workspace:
                if config is None:
                    continue
                where = Location(self.session.name_of(config))  # said at the top of refarch.yaml instead
                problem = replace(problem, location=where, message=f"{problem.location}: {problem.message}")
                path = config
            if path.is_file():
                by_file.setdefault(path.as_uri(), []).append(self.diagnostic(problem))
        session = self.session
        versions = {session.path_of(session.name_of(p)).as_uri(): v for p, v in session.checked_versions.items()}
        for uri in sorted((self.published | set(versions)) - set(by_file)):  # cleared, or an open file checked
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, [], versions.get(uri)))
        for uri, diagnostics in sorted(by_file.items()):
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, diagnostics, versions.get(uri)))
        self.published = set(by_file)

    def diagnostic(self, problem: Problem) -> t.Diagnostic:
        where = problem.location
        message = problem.message + (f"\n{problem.hint}" if problem.hint else "")
        related = [t.DiagnosticRelatedInformation(self.location(r.location), r.message) for r in problem.related]
        return t.Diagnostic(
            range=self.to_range(problem.location),
            message=message,
            severity=SEVERITIES.get(problem.severity, t.DiagnosticSeverity.Information),
            code=problem.code,
            source="refarch",
            related_information=related or None,
            data={"suggestions": features.quick_fixes(problem.hint, self.lines(where.file), where)},
        )


def make_server(model_dir: Path) -> RefarchServer:  # noqa: C901 - one handler per feature, each small
    server = RefarchServer(model_dir)

    @server.feature(t.INITIALIZE)
    def initialize(ls: RefarchServer, params: t.InitializeParams) -> None:
        root = Path(to_fs_path(params.root_uri) or ".") if params.root_uri else Path.cwd()
        if params.workspace_folders:
            root = Path(to_fs_path(params.workspace_folders[0].uri) or root)
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        model = options.get("model") if isinstance(options.get("model"), str) else None
        ls.session = ModelSession(root, Path(model) if model else ls.model_dir)

    @server.feature(t.INITIALIZED)
    def initialized(ls: RefarchServer, params: t.InitializedParams) -> None:
        ls.request_check()
        watching = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watching and watching.dynamic_registration:  # a checkout or a pull changes files nobody has open
            watchers = [t.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
            options = t.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
            registration = t.Registration("refarch-files", t.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            ls.client_register_capability(t.RegistrationParams([registration]))

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RefarchServer, params: t.DidOpenTextDocumentParams) -> None:
        _keep_text(ls, params.text_document.uri, params.text_document.version)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RefarchServer, params: t.DidChangeTextDocumentParams) -> None:
        _keep_text(ls, params.text_document.uri, params.text_document.version)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RefarchServer, params: t.DidSaveTextDocumentParams) -> None:
        _keep_text(ls, params.text_document.uri, None)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RefarchServer, params: t.DidCloseTextDocumentParams) -> None:
        if ls.session is not None:  # the file on disk counts again
            path = Path(to_fs_path(params.text_document.uri) or "").resolve()
            ls.session.texts.pop(path, None)
            ls.session.versions.pop(path, None)
            ls.request_check()

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: RefarchServer, params: t.DidChangeWatchedFilesParams) -> None:
        ls.request_check()  # a checkout or a pull: files not open are read again where they changed

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
    def completion(ls: RefarchServer, params: t.CompletionParams) -> t.CompletionList | None:
        at = ls.cursor(params.text_document.uri, params.position)
        if at is None or ls.session is None:
            return None
        found, cut = features.completions(ls.session, at[1], at[2], at[3])
        items = [
            t.CompletionItem(
                label=c.label,
                kind=t.CompletionItemKind.Reference if c.is_id else t.CompletionItemKind.Field,
                detail=c.detail,
                label_details=t.CompletionItemLabelDetails(description=c.description) if c.description else None,
                documentation=c.documentation or None,
                insert_text=c.label if c.is_id else f"{c.label}: ",
                filter_text=f"{c.label} {c.description}" if c.description else c.label,
                sort_text=f"{n:05d}",
            )
            for n, c in enumerate(found)
        ]
        return t.CompletionList(is_incomplete=cut, items=items)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RefarchServer, params: t.DefinitionParams) -> t.Location | None:
        found = _id_at(ls, params.text_document.uri, params.position)
        where = features.definition(ls.session, found[0]) if found and ls.session else None
        return ls.location(where) if where else None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    def references(ls: RefarchServer, params: t.ReferenceParams) -> list[t.Location] | None:
        found = _id_at(ls, params.text_document.uri, params.position)
        if not found or ls.session is None:
            return None
        places = features.references(ls.session, found[0], params.context.include_declaration)
        return [ls.location(where) for where in places]

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: RefarchServer, params: t.HoverParams) -> t.Hover | None:
        found = _id_at(ls, params.text_document.uri, params.position)
        text = features.hover(ls.session, found[0]) if found and ls.session else None
        if not found or not text:
            return None
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, text), ls.to_range(found[1]))

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: RefarchServer, params: t.PrepareRenameParams) -> t.Range | None:
        found = _id_at(ls, params.text_document.uri, params.position)
        return ls.to_range(found[1]) if found else None

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    async def rename(ls: RefarchServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        if ls.session is None:
            return None
        await asyncio.get_running_loop().run_in_executor(None, ls.session.check)  # the texts of this moment
        ls._lines = {}
        found = _id_at(ls, params.text_document.uri, params.position)
        if not found:
            return None
        try:
            edits = features.rename(ls.session, found[0], params.new_name)
        except features.RenameError as exc:
            raise JsonRpcException(str(exc), code=REQUEST_FAILED) from None
        changes = {
            ls.session.path_of(file).as_uri(): [t.TextEdit(ls.to_range(span), text) for span, text in spans]
            for file, spans in edits.items()
        }
        return t.WorkspaceEdit(changes=changes)

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(ls: RefarchServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol] | None:
        at = ls.cursor(params.text_document.uri, t.Position(0, 0))
        if at is None or ls.session is None:
            return None
        return [
            t.DocumentSymbol(
                name=s.id,
                detail=f"{s.kind}: {s.name}",
                kind=SYMBOL_KIND,
                range=ls.to_range(s.range),
                selection_range=ls.to_range(s.selection),
            )
            for s in features.symbols(ls.session, at[0])
        ]

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    def code_actions(ls: RefarchServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        actions = []
        for diagnostic in params.context.diagnostics:
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            for suggestion in data.get("suggestions") or []:
                if not isinstance(suggestion, str):
                    continue
                edit = t.TextEdit(diagnostic.range, suggestion)
                actions.append(
                    t.CodeAction(
                        title=f'Change to "{suggestion}"',
                        kind=t.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=t.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                    )
                )
        return actions

    return server


def _keep_text(ls: RefarchServer, uri: str, version: int | None) -> None:
    """The editor's text of a model file stands for the file from now on; checked again."""
    if ls.session is None:
        return
    path = Path(to_fs_path(uri) or "")
    if ls.session.owns(path):
        document = ls.workspace.get_text_document(uri)
        ls.session.texts[path.resolve()] = document.source
        ls.session.versions[path.resolve()] = version if version is not None else (document.version or 0)
        ls.request_check()


def _id_at(ls: RefarchServer, uri: str, position: t.Position) -> tuple[str, Location] | None:
    at = ls.cursor(uri, position)
    if at is None or ls.session is None:
        return None
    return features.id_at(ls.session, *at)


def serve(model_dir: Path) -> None:
    """Serve over stdin and stdout until the editor says exit."""
    make_server(model_dir).start_io()
