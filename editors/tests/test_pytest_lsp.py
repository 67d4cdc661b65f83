"""The editor scenario through pytest-lsp, a client independent of Neovim's.

For each capability profile (VS Code 1.65, Neovim 0.7, Neovim 0.11, Emacs 29) it opens
fixtures/northwick.foi.txt and checks what that editor would show: the exempt,
referred and not-held findings on the right lines, the hover on `84.5K` showing
84,500, inlay hints and the outline where the client declares them, and the
Verify code action inserting exactly one annotation line. Any message outside the
profile's declared capabilities fails the test (client_checks.py, and pytest-lsp's
own checks turned into errors by pytest.ini).
"""

from __future__ import annotations

import asyncio
import pathlib

import attrs
import pytest
from lsprotocol import types as t
from pygls.capabilities import get_capability
from pytest_lsp import LanguageClient, client_capabilities

import client_checks
from conftest import HERE, SCENARIO
from document import Document

TIMEOUT = 15  # seconds for any one answer from the server


async def answer(awaitable, what: str):
    try:
        return await asyncio.wait_for(awaitable, TIMEOUT)
    except TimeoutError:
        pytest.fail(f"no answer to {what} within {TIMEOUT} s", pytrace=False)
    except RuntimeError as error:
        if "exited" in str(error):
            pytest.fail(f"`foil lsp` exited before answering {what} ({error})", pytrace=False)
        raise


def assert_no_violations(client: LanguageClient, found: list[str] = ()) -> None:
    problems = list(client.violations) + list(found)
    assert not problems, (
        f"{client.profile}: the server sent what the client did not declare:\n  " + "\n  ".join(problems)
    )


async def initialize(client: LanguageClient, root: pathlib.Path) -> tuple[t.ClientCapabilities, str]:
    capabilities = client_capabilities(client.profile)
    result = await answer(
        client.initialize_session(
            t.InitializeParams(
                capabilities=capabilities,
                client_info=t.ClientInfo(name=f"pytest-lsp as {client.profile}"),
                root_uri=root.as_uri(),
                workspace_folders=[t.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            )
        ),
        "initialize",
    )
    assert_no_violations(client, client_checks.initialize_result(capabilities, result))
    encoding = result.capabilities.position_encoding
    encoding = "utf-16" if encoding is None else str(getattr(encoding, "value", encoding))
    client.server_capabilities = result.capabilities
    return capabilities, encoding


def open_fixture(client: LanguageClient, root: pathlib.Path, encoding: str) -> Document:
    text = (HERE / "fixtures" / SCENARIO["fixture"]).read_text(encoding="utf-8")
    path = root / SCENARIO["fixture"]
    path.write_text(text, encoding="utf-8")
    document = Document(uri=path.as_uri(), text=text, encoding=encoding)
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=document.uri, language_id="foi", version=1, text=text)
        )
    )
    return document


def pulls_diagnostics(client: LanguageClient) -> bool:
    """Whether diagnostics come by textDocument/diagnostic: the profile declares
    pull (Neovim 0.10+) and the server offers it. Otherwise they are pushed."""
    declared = get_capability(client.capabilities, "text_document.diagnostic", None) is not None
    return declared and client.server_capabilities.diagnostic_provider is not None


async def pull_diagnostics(client: LanguageClient, document: Document) -> None:
    report = await answer(
        client.text_document_diagnostic_async(
            t.DocumentDiagnosticParams(text_document=t.TextDocumentIdentifier(uri=document.uri))
        ),
        "textDocument/diagnostic",
    )
    if getattr(report, "kind", None) == "full":
        client.violations.extend(client_checks.diagnostics(client.capabilities, report.items))
        client.diagnostics[document.uri] = report.items


async def findings_on_right_lines(client: LanguageClient, document: Document) -> list[t.Diagnostic]:
    """Waits for the scenario's findings (pushed or pulled, as the profile and the
    server agree) and checks each sits on its anchor line."""
    wanted = {finding["code"] for finding in SCENARIO["findings"]}

    def current() -> list[t.Diagnostic]:
        return [d for d in client.diagnostics.get(document.uri, []) if d.source == "foil"]

    def in_place() -> bool:
        for finding in SCENARIO["findings"]:
            line, _ = document.line_of(finding["anchor"])
            matching = [d for d in current() if d.code == finding["code"]]
            if len(matching) != 1 or not matching[0].range.start.line <= line <= matching[0].range.end.line:
                return False
        return True

    deadline = asyncio.get_running_loop().time() + TIMEOUT
    pulling = pulls_diagnostics(client)
    if pulling:
        await pull_diagnostics(client, document)
    while not in_place() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
        if pulling:
            await pull_diagnostics(client, document)

    diagnostics = current()
    seen = sorted(f"{d.code}@{d.range.start.line + 1}" for d in diagnostics)
    for finding in SCENARIO["findings"]:
        line, _ = document.line_of(finding["anchor"])
        matching = [d for d in diagnostics if d.code == finding["code"]]
        assert len(matching) == 1, (
            f"{client.profile}: expected exactly one {finding['code']!r} diagnostic "
            f"(answer on line {line + 1}); the server published {seen or 'none'}"
        )
        d = matching[0]
        assert d.range.start.line <= line <= d.range.end.line, (
            f"{client.profile}: the {finding['code']!r} diagnostic covers lines "
            f"{d.range.start.line + 1}-{d.range.end.line + 1}; it should cover line {line + 1}: "
            f"{document.lines[line]!r}"
        )
    assert not wanted - {d.code for d in diagnostics}
    return diagnostics


def hover_text(contents) -> str:
    if isinstance(contents, t.MarkupContent):
        return contents.value
    if isinstance(contents, list):
        return "\n".join(hover_text(c) for c in contents)
    if isinstance(contents, str):
        return contents
    return getattr(contents, "value", str(contents))


async def hover_shows_normalised_value(client, capabilities, document) -> None:
    line, column = document.line_of(SCENARIO["hover"]["anchor"])
    position = document.position(line, column + 1)
    result = await answer(
        client.text_document_hover_async(
            t.HoverParams(text_document=t.TextDocumentIdentifier(uri=document.uri), position=position)
        ),
        "textDocument/hover",
    )
    assert_no_violations(client, client_checks.hover(capabilities, result))
    assert result is not None, (
        f"{client.profile}: no hover on {SCENARIO['hover']['anchor']!r} (line {line + 1})"
    )
    text = hover_text(result.contents)
    assert SCENARIO["hover"]["expect"] in text, (
        f"{client.profile}: the hover on {SCENARIO['hover']['anchor']!r} does not show "
        f"{SCENARIO['hover']['expect']!r}:\n{text}"
    )


async def definition_goes_to_the_referred_answer(client, document) -> None:
    spec = SCENARIO["definition"]
    line, column = document.line_of(spec["anchor"])
    target, _ = document.line_of(spec["target_anchor"])
    result = await answer(
        client.text_document_definition_async(
            t.DefinitionParams(
                text_document=t.TextDocumentIdentifier(uri=document.uri),
                position=document.position(line, column + 1),
            )
        ),
        "textDocument/definition",
    )
    links = result if isinstance(result, list) else [result] if result else []
    lines = [
        (link.target_selection_range if isinstance(link, t.LocationLink) else link.range).start.line
        for link in links
    ]
    if any(isinstance(link, t.LocationLink) for link in links):
        assert get_capability(client.capabilities, "text_document.definition.link_support", False), (
            f"{client.profile}: definition answered with LocationLinks; "
            "the client did not declare linkSupport"
        )
    assert lines == [target], (
        f"{client.profile}: go to definition on the referral (line {line + 1}) gives lines "
        f"{[n + 1 for n in lines]}, not the answer on line {target + 1}"
    )


async def inlay_hint_shows_normalised_value(client, capabilities, document) -> None:
    """Only for clients that declare inlay hints (Neovim 0.10+; not VS Code 1.65's profile)."""
    if get_capability(capabilities, "text_document.inlay_hint", None) is None:
        return
    assert client.server_capabilities.inlay_hint_provider, (
        f"{client.profile}: the client declares inlay hints but the server offers none"
    )
    line, _ = document.line_of(SCENARIO["hover"]["anchor"])
    end = len(document.lines) - 1
    hints = await answer(
        client.text_document_inlay_hint_async(
            t.InlayHintParams(
                text_document=t.TextDocumentIdentifier(uri=document.uri),
                range=t.Range(start=t.Position(0, 0), end=document.position(end, len(document.lines[end]))),
            )
        ),
        "textDocument/inlayHint",
    )

    def label(hint: t.InlayHint) -> str:
        return hint.label if isinstance(hint.label, str) else "".join(part.value for part in hint.label)

    on_line = [label(h) for h in hints or [] if h.position.line == line]
    assert any(SCENARIO["hover"]["expect"] in text for text in on_line), (
        f"{client.profile}: no inlay hint showing {SCENARIO['hover']['expect']!r} on line {line + 1}; "
        f"hints there: {on_line}"
    )


async def outline_lists_the_questions(client, capabilities, document) -> None:
    symbols = await answer(
        client.text_document_document_symbol_async(
            t.DocumentSymbolParams(text_document=t.TextDocumentIdentifier(uri=document.uri))
        ),
        "textDocument/documentSymbol",
    )
    assert_no_violations(client, client_checks.document_symbols(capabilities, symbols))
    ranges = []

    def visit(symbol):
        ranges.append(symbol.range if isinstance(symbol, t.DocumentSymbol) else symbol.location.range)
        for child in getattr(symbol, "children", None) or []:
            visit(child)

    for symbol in symbols or []:
        visit(symbol)
    for finding in SCENARIO["findings"]:
        line, _ = document.line_of(finding["anchor"])
        assert any(r.start.line <= line <= r.end.line for r in ranges), (
            f"{client.profile}: no outline entry covers the {finding['code']} answer on line {line + 1}"
        )


def edits_for(edit: t.WorkspaceEdit, document: Document) -> list[t.TextEdit]:
    edits: list[t.TextEdit] = []
    for uri, changes in (edit.changes or {}).items():
        assert uri == document.uri, f"the edit touches another file: {uri}"
        edits.extend(changes)
    for change in edit.document_changes or []:
        assert isinstance(change, t.TextDocumentEdit), (
            f"the edit creates, renames or deletes a file: {change}"
        )
        assert change.text_document.uri == document.uri, (
            f"the edit touches another file: {change.text_document.uri}"
        )
        if change.text_document.version is not None:
            assert change.text_document.version == document.version, (
                f"the edit is for version {change.text_document.version}; "
                f"the document is at {document.version}"
            )
        edits.extend(change.edits)
    return edits


async def verify_action_inserts_one_annotation(client, capabilities, document, diagnostics) -> None:
    spec = SCENARIO["code_action"]
    line, column = document.line_of(spec["anchor"])
    position = document.position(line, column + 1)
    # What the editor sends back: the diagnostics on that line, without `data`
    # unless it declared that it keeps it.
    keeps_data = get_capability(capabilities, "text_document.publish_diagnostics.data_support", False)
    context = [
        d if keeps_data else attrs.evolve(d, data=None)
        for d in diagnostics
        if d.range.start.line <= line <= d.range.end.line
    ]
    actions = await answer(
        client.text_document_code_action_async(
            t.CodeActionParams(
                text_document=t.TextDocumentIdentifier(uri=document.uri),
                range=t.Range(start=position, end=position),
                context=t.CodeActionContext(diagnostics=context),
            )
        ),
        "textDocument/codeAction",
    )
    assert_no_violations(client, client_checks.code_actions(capabilities, actions))
    titles = [a.title for a in actions or []]
    verify = next((a for a in actions or [] if a.title.startswith(spec["title_prefix"])), None)
    assert verify is not None, (
        f"{client.profile}: no code action titled {spec['title_prefix']!r}... "
        f"on line {line + 1}; offered {titles}"
    )

    if isinstance(verify, t.CodeAction) and verify.edit is None and verify.command is None:
        verify = await answer(client.code_action_resolve_async(verify), "codeAction/resolve")
        assert_no_violations(client, client_checks.code_actions(capabilities, [verify]))

    edit = verify.edit if isinstance(verify, t.CodeAction) else None
    command = verify if isinstance(verify, t.Command) else verify.command
    if edit is None and command is not None:
        await answer(
            client.workspace_execute_command_async(
                t.ExecuteCommandParams(command=command.command, arguments=command.arguments)
            ),
            f"workspace/executeCommand {command.command}",
        )
        assert client.applied_edits, (
            f"{client.profile}: {verify.title!r} ran {command.command} but no edit came back"
        )
        edit = client.applied_edits.pop()
    assert edit is not None, f"{client.profile}: {verify.title!r} carries no edit"
    assert_no_violations(client)

    before = document.lines
    changes = document.apply(edits_for(edit, document))
    after = document.lines
    assert len(after) == len(before) + 1, (
        f"{client.profile}: {verify.title!r} changed the line count from {len(before)} to {len(after)}"
    )
    inserted = next(
        (i for i, (a, b) in enumerate(zip(after, before, strict=False)) if a != b), len(after) - 1
    )
    new_line = after[inserted].strip()
    assert new_line.startswith(spec["inserted_prefix"]) and new_line.endswith(spec["inserted_suffix"]), (
        f"{client.profile}: {verify.title!r} inserted {after[inserted]!r}, not an annotation line"
    )
    assert after[:inserted] + after[inserted + 1 :] == before, (
        f"{client.profile}: {verify.title!r} changed the response's own text"
    )
    assert inserted == line + 1, (
        f"{client.profile}: the annotation went to line {inserted + 1}; "
        f"it belongs right after the answer on line {line + 1}"
    )

    # The editor tells the server, which must read its own annotation back cleanly
    # and move every finding with the text.
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=document.uri, version=document.version),
            content_changes=changes,
        )
    )
    await findings_on_right_lines(client, document)
    complaints = [
        f"{d.code}@{d.range.start.line + 1}: {d.message}"
        for d in client.diagnostics.get(document.uri, [])
        if str(d.code).startswith("annotation-")
    ]
    assert not complaints, f"{client.profile}: foil objects to the annotation it wrote: {complaints}"


async def test_editor_scenario(client: LanguageClient, tmp_path: pathlib.Path):
    capabilities, encoding = await initialize(client, tmp_path)
    document = open_fixture(client, tmp_path, encoding)

    diagnostics = await findings_on_right_lines(client, document)
    assert_no_violations(client)
    await hover_shows_normalised_value(client, capabilities, document)
    await definition_goes_to_the_referred_answer(client, document)
    await inlay_hint_shows_normalised_value(client, capabilities, document)
    await outline_lists_the_questions(client, capabilities, document)
    await verify_action_inserts_one_annotation(client, capabilities, document, diagnostics)
    assert_no_violations(client)

    await answer(client.shutdown_session(), "shutdown and exit (the server must exit)")
