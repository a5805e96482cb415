"""The language server's protocol handlers (pygls 2, over stdio). They convert and route: what is found comes
from the engine and the rules, how a finding is fixed from ``fix.py``, how it is silenced from ``noqa.py``.
The server writes no file of the user's: code actions hand the client edits to apply."""

from __future__ import annotations

import asyncio
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from .. import __version__
from ..diagnostics import Diagnostic, Edit, Fix
from ..facts import Span
from ..fix import apply_edits, choose_fixes, fix_allowed, parse_error
from ..noqa import noqa_insertion
from ..rules import rule_by_code
from . import convert
from .state import ProjectKey, WorkspaceState

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.flyte-lint"
PYTHON_SUFFIXES = (".py", ".pyi")
CONFIG_FILE = "pyproject.toml"
# Files whose change on disk can change findings: the configuration and the modules the open files import.
WATCHED = ("**/pyproject.toml", "**/*.py", "**/*.pyi")
# How long a code action or hover waits for the run an edit started, before answering from nothing.
SETTLE_SECONDS = 10.0


class FlyteLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("flyte-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.state = WorkspaceState()
        # One thread runs the engine, one run at a time: the protocol keeps being served meanwhile, and edits
        # that arrive during a run are linted together by the next one.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flyte-lint-run")
        self.dirty: set[ProjectKey] = set()
        self.draining: asyncio.Future[None] | None = None

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # The server's own failures go to the client's log (an editor's output panel), not a pop-up per
        # keystroke; the server goes on.
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.log(f"flyte-lint server error ({getattr(source, '__name__', source)}): {detail}")

    # -- documents -------------------------------------------------------------------------------------------

    def python_document(self, uri: str) -> TextDocument | None:
        """The open Python file at ``uri``, or None (another language, an unsaved untitled buffer)."""
        document: TextDocument | None = self.workspace.text_documents.get(uri)
        if document is None or not uri.startswith("file:"):
            return None
        if document.language_id == "python" or document.path.endswith(PYTHON_SUFFIXES):
            return document
        return None

    def open_buffers(self, key: ProjectKey) -> dict[Path, TextDocument]:
        found: dict[Path, TextDocument] = {}
        for uri in list(self.workspace.text_documents):
            document = self.python_document(uri)
            if document is not None and self.state.project_of(Path(document.path)) == key:
                found[Path(document.path)] = document
        return found

    def open_projects(self) -> set[ProjectKey]:
        keys = set()
        for uri in list(self.workspace.text_documents):
            document = self.python_document(uri)
            if document is not None:
                keys.add(self.state.project_of(Path(document.path)))
        return keys

    # -- runs ------------------------------------------------------------------------------------------------

    def schedule(self, keys: set[ProjectKey]) -> None:
        self.dirty.update(keys)
        if self.draining is None or self.draining.done():
            self.draining = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self.dirty:
            key = self.dirty.pop()
            documents = self.open_buffers(key)
            if not documents:
                continue
            buffers = {path: document.source for path, document in documents.items()}
            try:
                found, problem = await loop.run_in_executor(self.executor, self.state.lint, key, buffers)
            except Exception as error:  # a bug of ours: say so in the log, keep serving
                self.report_server_error(error, "lint run")
                continue
            if problem is not None:
                self.log(problem, types.MessageType.Warning)
            for path, document in documents.items():
                current = self.workspace.text_documents.get(document.uri)
                if current is None or current.source != buffers[path]:
                    continue  # closed, or edited since: the run that edit started publishes
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=document.uri,
                        version=current.version,
                        diagnostics=[convert.to_lsp(current, d) for d in found.get(path, [])],
                    )
                )
            await loop.run_in_executor(self.executor, self.state.collect_young)

    async def findings(self, uri: str) -> tuple[TextDocument, list[Diagnostic]] | None:
        """The findings of an open file as of its current text (after the run its last edit started)."""
        document = self.python_document(uri)
        if document is None:
            return None
        if self.draining is not None and not self.draining.done():
            try:
                await asyncio.wait_for(asyncio.shield(self.draining), SETTLE_SECONDS)
            except asyncio.TimeoutError:
                return None
        found = self.state.findings.get(Path(document.path))
        if found is None or found.text != document.source:
            return None
        return document, found.diagnostics

    def reload(self) -> None:
        self.log("flyte-lint: configuration changed, linting again", types.MessageType.Info)
        self.state.reload()
        self.schedule(self.open_projects())


def create_server() -> FlyteLintServer:
    server = FlyteLintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: FlyteLintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities is not None else None
        if watched is None or not watched.dynamic_registration:
            return  # the client watches nothing for us: didSave of a pyproject.toml still reloads
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        )
        registration = types.Registration(
            id="flyte-lint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FlyteLintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = ls.python_document(params.text_document.uri)
        if document is not None:
            ls.schedule({ls.state.project_of(Path(document.path))})

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FlyteLintServer, params: types.DidChangeTextDocumentParams) -> None:
        # The whole project's open files are linted again: those importing the edited one may change too.
        did_open_or_change(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FlyteLintServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri.endswith("/" + CONFIG_FILE):
            ls.reload()
            return
        did_open_or_change(ls, params.text_document.uri)

    def did_open_or_change(ls: FlyteLintServer, uri: str) -> None:
        document = ls.python_document(uri)
        if document is not None:
            ls.schedule({ls.state.project_of(Path(document.path))})

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FlyteLintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if not uri.startswith("file:") or not uri.endswith(PYTHON_SUFFIXES):
            return
        path = Path(TextDocument(uri).path)
        key = ls.state.project_of(path)
        ls.state.forget(path)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.schedule({key})  # the others now see that file as it is on disk

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: FlyteLintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith("/" + CONFIG_FILE) for change in params.changes):
            ls.reload()
        else:  # a module on disk changed: open files importing it may change
            ls.schedule(ls.open_projects())

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(ls: FlyteLintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = await ls.findings(params.text_document.uri)
        if found is None:
            return None
        document, diagnostics = found
        only = params.context.only

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

        actions: list[types.CodeAction] = []
        if wanted(types.CodeActionKind.QuickFix):
            for diagnostic in diagnostics:
                if convert.overlaps(convert.diagnostic_range(document, diagnostic), params.range):
                    actions.extend(quick_fixes(ls, document, diagnostic))
        if wanted(FIX_ALL_KIND):
            fix_all = fix_all_safe(ls, document, diagnostics)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: FlyteLintServer, params: types.HoverParams) -> types.Hover | None:
        found = await ls.findings(params.text_document.uri)
        if found is None:
            return None
        document, diagnostics = found
        at = types.Range(start=params.position, end=params.position)
        parts = [rule_text(d) for d in diagnostics if convert.overlaps(convert.diagnostic_range(document, d), at)]
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
        )

    return server


def rule_text(diagnostic: Diagnostic) -> str:
    """A finding's hover: its code and message, the rule's summary and a link to the rule's page."""
    rule = rule_by_code(diagnostic.code)
    heading = f"**{diagnostic.code}**" + (f" ({rule.name})" if rule is not None else "")
    lines = [f"{heading}: {diagnostic.message}"]
    if rule is not None:
        lines.append(f"{rule.summary}")
        lines.append(f"[{diagnostic.code} documentation]({convert.DOCS_URL.format(code=diagnostic.code)})")
    return "\n\n".join(lines)


def _workspace_edit(ls: FlyteLintServer, document: TextDocument, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return _documents_edit(ls, [(document, edits)])


def _documents_edit(
    ls: FlyteLintServer, changes: list[tuple[TextDocument, list[types.TextEdit]]]
) -> types.WorkspaceEdit:
    """Edits of one or more documents as one workspace edit."""
    workspace = ls.client_capabilities.workspace
    if workspace is not None and workspace.workspace_edit is not None and workspace.workspace_edit.document_changes:
        # Tied to the text the edits were computed on: a client refuses them once the buffer has changed (a file
        # that is not open has no version).
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target.uri, version=target.version),
                    edits=edits,
                )
                for target, edits in changes
            ]
        )
    return types.WorkspaceEdit(changes={target.uri: edits for target, edits in changes})


def quick_fixes(ls: FlyteLintServer, document: TextDocument, diagnostic: Diagnostic) -> list[types.CodeAction]:
    """The rule's fix (if any, and if the text it makes parses), and silencing the finding on its line."""
    lsp_diagnostic = convert.to_lsp(document, diagnostic)
    actions: list[types.CodeAction] = []
    fix = diagnostic.fix
    if fix is not None and fix.other_files:
        action = _files_fix_action(ls, document, diagnostic, fix, lsp_diagnostic)
        if action is not None:
            actions.append(action)
    elif fix is not None and fix.edits:
        ranges = choose_fixes(document.source, [fix])
        if ranges and parse_error(apply_edits(document.source, ranges), document.path, with_libcst=False) is None:
            actions.append(
                types.CodeAction(
                    title=f"{diagnostic.code}: {fix.description} ({fix.applicability} fix)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp_diagnostic],
                    is_preferred=fix.applicability == "safe",
                    edit=_workspace_edit(ls, document, convert.offset_edits(document, ranges)),
                )
            )
    insertion = noqa_insertion(document.source, diagnostic.line, diagnostic.code)
    if insertion is not None:
        start, end, text = insertion
        edit = Edit(Span(diagnostic.line, start, diagnostic.line, end), text)
        actions.append(
            types.CodeAction(
                title=f"Disable {diagnostic.code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp_diagnostic],
                edit=_workspace_edit(ls, document, [convert.text_edit(document, edit)]),
            )
        )
    return actions


def _files_fix_action(
    ls: FlyteLintServer, document: TextDocument, diagnostic: Diagnostic, fix: Fix, lsp_diagnostic: types.Diagnostic
) -> types.CodeAction | None:
    """A fix that edits other files than the finding's (FLY301 adds ``depends_on`` where the environment is
    defined): one workspace edit over every file, each edited as the run saw it (an open file's buffer, else
    the disk), offered only when every file it makes parses."""
    changes: list[tuple[TextDocument, list[types.TextEdit]]] = []
    for file in fix.files(diagnostic.path):
        path = Path(file.path)
        if not path.is_absolute():
            return None
        target = (
            document
            if path == Path(document.path)
            else ls.workspace.get_text_document(uris.from_fs_path(str(path)) or "")
        )
        try:
            source = target.source
        except OSError:
            return None  # the file went away since the run
        ranges = choose_fixes(source, [Fix(fix.description, file.edits, fix.applicability)])
        if not ranges or parse_error(apply_edits(source, ranges), str(path), with_libcst=False) is not None:
            return None
        changes.append((target, convert.offset_edits(target, ranges)))
    edit = _documents_edit(ls, changes)
    files = ", ".join(sorted({Path(target.path).name for target, _ in changes}))
    return types.CodeAction(
        title=f"{diagnostic.code}: {fix.description} ({fix.applicability} fix; edits {files})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[lsp_diagnostic],
        is_preferred=fix.applicability == "safe",
        edit=edit,
    )


def fix_all_safe(ls: FlyteLintServer, document: TextDocument, diagnostics: list[Diagnostic]) -> types.CodeAction | None:
    """Every safe fix of the file that goes with the others (as ``flyte-lint --fix`` applies them in one
    round), when there is one and the text it makes parses."""
    fixes = [
        d.fix for d in diagnostics if d.fix is not None and not d.fix.other_files and fix_allowed(d.fix, unsafe=False)
    ]
    ranges = choose_fixes(document.source, fixes) if fixes else []
    if not ranges or parse_error(apply_edits(document.source, ranges), document.path, with_libcst=False) is not None:
        return None
    return types.CodeAction(
        title="flyte-lint: apply all safe fixes",
        kind=FIX_ALL_KIND,
        edit=_workspace_edit(ls, document, convert.offset_edits(document, ranges)),
    )
