"""``flyte-lint server`` end to end: a real LSP client (pytest-lsp) drives the server over stdio, on a project
in a temporary folder. No mocks, no network."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from flyte_lint.extract import parse_quietly

pytestmark = pytest.mark.asyncio

ENVS = (
    "import flyte\n\n"
    'pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency={c}))\n'
    'base = flyte.TaskEnvironment(name="base")\n'
)
TASKS = """\
import flyte

from envs import base, pool


@pool.task
def embed(text: str) -> int:
    return len(text)


@pool.task
async def infer(x: int) -> int:
    return x


driver = flyte.TaskEnvironment(name="driver")


@driver.task
async def main(x: int) -> int:
    y = await infer.override(resources=flyte.Resources(cpu=8))(x=x)
    return y
"""
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\n')
    (tmp_path / "envs.py").write_text(ENVS.format(c=4))
    (tmp_path / "tasks.py").write_text(TASKS)
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "flyte_lint", "server"]))
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    registrations: list[types.Registration] = []

    # As VS Code does: the server asks the client to watch files for it.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=project.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def codes(client: LanguageClient, path: Path) -> list[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(path.as_uri(), ()))


async def eventually(client: LanguageClient, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for published diagnostics to satisfy ``condition`` (an earlier run's late publish does not)."""

    async def wait() -> None:
        while not condition():
            await client.wait_for_notification(PUBLISH)

    await asyncio.wait_for(wait(), timeout)


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="python", version=1, text=path.read_text() if text is None else text
            )
        )
    )


def replace_text(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP text edits (ASCII text: characters are UTF-16 units), all relative to the original text."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None
    if action.edit.document_changes:
        return [
            edit
            for change in action.edit.document_changes
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
            for edit in change.edits
            if isinstance(edit, types.TextEdit)
        ]
    return list((action.edit.changes or {}).get(uri, []))


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the project (but flyte-lint's own cache) with its modification time and content."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".flyte_lint_cache" not in p.parts
    }


async def test_diagnostics_are_published_when_a_file_is_opened(client: LanguageClient, project: Path) -> None:
    tasks = project / "tasks.py"
    open_file(client, tasks)
    await eventually(client, lambda: codes(client, tasks) == ["FLY104", "FLY204", "FLY301"])
    fly104 = next(d for d in client.diagnostics[tasks.as_uri()] if d.code == "FLY104")
    assert fly104.severity == types.DiagnosticSeverity.Error
    assert fly104.source == "flyte-lint"
    assert fly104.range.start.line == 5  # @pool.task on line 6
    assert fly104.code_description is not None and fly104.code_description.href.endswith("docs/rules/FLY104.md")


async def test_an_edit_in_the_buffer_refreshes_its_diagnostics_without_touching_the_disk(
    client: LanguageClient, project: Path
) -> None:
    tasks = project / "tasks.py"
    before = snapshot(project)
    open_file(client, tasks)
    await eventually(client, lambda: "FLY204" in codes(client, tasks))
    replace_text(client, tasks, TASKS.replace("resources=flyte.Resources(cpu=8)", "short_name='x'"), 2)
    await eventually(client, lambda: codes(client, tasks) == ["FLY104", "FLY301"])
    assert snapshot(project) == before


async def test_editing_an_imported_module_in_its_buffer_refreshes_the_files_that_import_it(
    client: LanguageClient, project: Path
) -> None:
    envs, tasks = project / "envs.py", project / "tasks.py"
    open_file(client, tasks)
    open_file(client, envs)
    await eventually(client, lambda: "FLY104" in codes(client, tasks) and envs.as_uri() in client.diagnostics)
    # concurrency=1: a sync task is allowed on the reusable environment, only in the buffer of envs.py
    replace_text(client, envs, ENVS.format(c=1), 2)
    await eventually(client, lambda: codes(client, tasks) == ["FLY204", "FLY301"])
    replace_text(client, envs, ENVS.format(c=8), 3)
    await eventually(client, lambda: "FLY104" in codes(client, tasks))
    assert envs.read_text() == ENVS.format(c=4)


async def test_code_actions_offer_each_fix_with_its_safety_a_noqa_and_fix_all_safe(
    client: LanguageClient, project: Path
) -> None:
    tasks = project / "tasks.py"
    before = snapshot(project)
    open_file(client, tasks)
    await eventually(client, lambda: "FLY301" in codes(client, tasks))
    found = {str(d.code): d for d in client.diagnostics[tasks.as_uri()]}
    at_call = found["FLY301"].range  # FLY204 is reported on the same call
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            range=at_call,
            context=types.CodeActionContext(diagnostics=[found["FLY301"], found["FLY204"]]),
        )
    )
    assert actions is not None
    by_title = {a.title: a for a in actions if isinstance(a, types.CodeAction)}
    safe = [t for t in by_title if t.startswith("FLY301") and t.endswith("(safe fix)")]
    unsafe = [t for t in by_title if t.startswith("FLY204") and t.endswith("(unsafe fix)")]
    assert safe and unsafe, sorted(by_title)
    fixed = apply(TASKS, edits_of(by_title[safe[0]], tasks.as_uri()))
    assert 'driver = flyte.TaskEnvironment(name="driver", depends_on=[pool])' in fixed
    parse_quietly(fixed, "tasks.py")

    silenced = apply(TASKS, edits_of(by_title["Disable FLY204 on this line"], tasks.as_uri()))
    assert "(x=x)  # noqa: FLY204\n" in silenced
    # Applied in the buffer: FLY204 is gone, and silencing FLY301 there too keeps the code already listed.
    replace_text(client, tasks, silenced, 2)
    await eventually(client, lambda: codes(client, tasks) == ["FLY104", "FLY301"])
    again = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            range=at_call,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert again is not None
    noqa = next(a for a in again if isinstance(a, types.CodeAction) and a.title == "Disable FLY301 on this line")
    assert "(x=x)  # noqa: FLY204, FLY301\n" in apply(silenced, edits_of(noqa, tasks.as_uri()))

    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.flyte-lint"]),
        )
    )
    assert fix_all is not None and [a.kind for a in fix_all if isinstance(a, types.CodeAction)] == [
        "source.fixAll.flyte-lint"
    ]
    assert "depends_on=[pool]" in apply(silenced, edits_of(fix_all[0], tasks.as_uri()))  # type: ignore[arg-type]
    assert snapshot(project) == before


async def test_hover_on_a_finding_shows_the_rule_summary_and_its_page(client: LanguageClient, project: Path) -> None:
    tasks = project / "tasks.py"
    open_file(client, tasks)
    await eventually(client, lambda: "FLY104" in codes(client, tasks))
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            position=types.Position(line=5, character=3),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "**FLY104**" in hover.contents.value
    assert "docs/rules/FLY104.md" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            position=types.Position(line=0, character=0),
        )
    )
    assert nothing is None


async def test_survives_half_typed_code_and_unknown_requests(client: LanguageClient, project: Path) -> None:
    tasks = project / "tasks.py"
    open_file(client, tasks)
    await eventually(client, lambda: "FLY104" in codes(client, tasks))
    for version, cut in enumerate(
        ("\0(", TASKS[:200], TASKS[:201], "import flyte\nenv = flyte.TaskEnvironment(name="), 2
    ):
        replace_text(client, tasks, cut, version)
    await eventually(client, lambda: codes(client, tasks) == ["FLY901"])
    with pytest.raises(Exception, match="flyte/noSuchRequest"):
        await client.protocol.send_request_async("flyte/noSuchRequest", {"x": 1})
    client.protocol.notify("flyte/noSuchNotification", {"x": 1})
    replace_text(client, tasks, TASKS, 10)
    await eventually(client, lambda: codes(client, tasks) == ["FLY104", "FLY204", "FLY301"])


async def test_a_changed_pyproject_reloads_the_configuration(client: LanguageClient, project: Path) -> None:
    tasks = project / "tasks.py"
    open_file(client, tasks)
    await eventually(client, lambda: "FLY104" in codes(client, tasks))
    watched = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]  # type: ignore[attr-defined]
    assert watched, "the server asks the client to watch pyproject.toml files"
    config = project / "pyproject.toml"
    config.write_text('[project]\nname = "p"\n\n[tool.flyte-lint]\nignore = ["FLY104"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await eventually(client, lambda: codes(client, tasks) == ["FLY204", "FLY301"])
    # A client that watches nothing: saving the pyproject.toml it edits reloads too.
    config.write_text('[project]\nname = "p"\n\n[tool.flyte-lint]\nignore = ["FLY204"]\n')
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    await eventually(client, lambda: codes(client, tasks) == ["FLY104", "FLY301"])
    assert any("configuration changed" in m.message for m in client.log_messages)


async def test_a_broken_configuration_is_reported_on_the_open_files_and_in_the_log(
    client: LanguageClient, project: Path
) -> None:
    tasks = project / "tasks.py"
    (project / "pyproject.toml").write_text('[project]\nname = "p"\n\n[tool.flyte-lint]\nselect = ["NOPE1"]\n')
    open_file(client, tasks)
    await eventually(client, lambda: codes(client, tasks) == ["FLY902"])
    assert "NOPE1" in client.diagnostics[tasks.as_uri()][0].message
    assert any("NOPE1" in m.message and m.type == types.MessageType.Warning for m in client.log_messages)


async def test_a_fix_in_the_module_that_defines_the_environment_is_offered_as_one_workspace_edit(
    client: LanguageClient, project: Path
) -> None:
    envs, tasks = project / "envs.py", project / "tasks.py"
    envs.write_text(
        "import flyte\n\n"
        'gpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_debian_base().with_pip_packages("torch"))\n'
        'driver = flyte.TaskEnvironment(name="driver")\n'
    )
    tasks_text = (
        "from envs import driver, gpu\n\n\n@gpu.task\nasync def train(x: int) -> int:\n    return x\n\n\n"
        "@driver.task\nasync def main(x: int) -> int:\n    return await train(x)\n"
    )
    tasks.write_text(tasks_text)
    before = snapshot(project)
    open_file(client, tasks)
    await eventually(client, lambda: "FLY301" in codes(client, tasks))
    finding = next(d for d in client.diagnostics[tasks.as_uri()] if d.code == "FLY301")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=tasks.as_uri()),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    assert actions is not None
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("FLY301"))
    assert "envs.py" in fix.title, fix.title
    assert edits_of(fix, tasks.as_uri()) == []  # the call's module is left as it is
    fixed = apply(envs.read_text(), edits_of(fix, envs.as_uri()))
    assert 'driver = flyte.TaskEnvironment(name="driver", depends_on=[gpu])' in fixed
    parse_quietly(fixed, "envs.py")
    assert snapshot(project) == before  # offered, never written by the server
