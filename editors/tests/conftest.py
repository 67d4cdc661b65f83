"""pytest-lsp set-up: `foil lsp` driven by a client that impersonates a real
editor's declared capabilities and records anything the server sends outside them.

The server is `$FOIL_PATH lsp`; without FOIL_PATH every test fails with that
message (tests/it/editors.rs sets it to the binary cargo built)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pathlib
import sys

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import LanguageClient, LanguageClientProtocol

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import client_checks  # noqa: E402

HERE = pathlib.Path(__file__).parent
SCENARIO = json.loads((HERE / "fixtures" / "northwick.scenario.json").read_text(encoding="utf-8"))

# The capability profiles shipped with pytest-lsp: VS Code, Debian 12's Neovim, current Neovim, Emacs 29 (eglot).
PROFILES = ["visual-studio-code", "neovim@v0.7", "neovim@v0.11", "emacs@v29"]


def foil_command() -> list[str]:
    path = os.environ.get("FOIL_PATH", "")
    if not path:
        pytest.fail("set FOIL_PATH to the foil binary", pytrace=False)
    if not os.access(path, os.X_OK):
        pytest.fail(f"FOIL_PATH={path} is not an executable", pytrace=False)
    return [path, "lsp"]


class RecordingProtocol(LanguageClientProtocol):
    """Records server-to-client requests that the client's capabilities rule out."""

    def _handle_request(self, msg_id, method_name, params):
        capabilities = self._server.capabilities
        if capabilities is not None:
            self._server.violations.extend(client_checks.server_request(capabilities, method_name, params))
        return super()._handle_request(msg_id, method_name, params)


def make_client() -> LanguageClient:
    client = LanguageClient(protocol_cls=RecordingProtocol)
    # pytest-lsp's default handlers, except the two this client checks first.
    own = {t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, t.WORKSPACE_APPLY_EDIT}
    defaults = pytest_lsp.client.DEFAULT_CLIENT_FEATURES
    pytest_lsp.client.register_lsp_features(client, {m: f for m, f in defaults.items() if m not in own})
    client.violations = []
    client.documents = {}
    client.applied_edits = []
    client.registrations = []

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish_diagnostics(ls: LanguageClient, params: t.PublishDiagnosticsParams):
        if ls.capabilities is not None:
            ls.violations.extend(client_checks.diagnostics(ls.capabilities, params.diagnostics))
        ls.diagnostics[params.uri] = params.diagnostics

    # Registrations are accepted as an editor would; RecordingProtocol has already
    # checked that the profile allows them.
    @client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def register_capability(ls: LanguageClient, params: t.RegistrationParams):
        ls.registrations.extend(r.method for r in params.registrations)

    @client.feature(t.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(ls: LanguageClient, params: t.UnregistrationParams):
        for gone in params.unregisterations:
            if gone.method in ls.registrations:
                ls.registrations.remove(gone.method)

    @client.feature(t.WORKSPACE_APPLY_EDIT)
    def apply_edit(ls: LanguageClient, params: t.ApplyWorkspaceEditParams):
        ls.violations.extend(
            client_checks.workspace_edit(ls.capabilities, params.edit, "workspace/applyEdit")
        )
        ls.applied_edits.append(params.edit)
        return t.ApplyWorkspaceEditResult(applied=True)

    return client


@pytest_asyncio.fixture(params=PROFILES)
async def client(request):
    """`foil lsp` started under a fresh client; the test sends initialize with the
    capabilities of profile `client.profile`."""
    command = foil_command()
    lsp_client = make_client()
    lsp_client.profile = request.param
    await lsp_client.start_io(*command)
    yield lsp_client
    # A test that failed midway leaves the server running: ask it to leave, then
    # make sure it has (pygls' stop() only waits for the process).
    server = lsp_client._server
    if server is not None and server.returncode is None and lsp_client.error is None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(lsp_client.shutdown_session(), 5)
    if server is not None and server.returncode is None:
        server.kill()
    await asyncio.wait_for(lsp_client.stop(), 10)
