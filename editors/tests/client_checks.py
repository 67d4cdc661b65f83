"""What a client that declared `capabilities` accepts from a server.

pytest-lsp checks only a few methods (completion, document links, progress,
workspace/configuration). These functions cover the rest of what the foil
scenario exercises and return a list of violations, each a sentence naming the
capability the server ignored, so that a test fails on them with a clear message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types as t
from pygls.capabilities import get_capability

# LSP's default SymbolKind set when the client sends no valueSet: File..Array.
DEFAULT_SYMBOL_KINDS = set(range(1, 19))


def offered_encodings(caps: t.ClientCapabilities) -> list[str]:
    encodings = get_capability(caps, "general.position_encodings", None)
    return [str(e.value if hasattr(e, "value") else e) for e in encodings or []] or ["utf-16"]


def initialize_result(caps: t.ClientCapabilities, result: t.InitializeResult) -> list[str]:
    problems = []
    chosen = result.capabilities.position_encoding
    chosen = "utf-16" if chosen is None else str(getattr(chosen, "value", chosen))
    if chosen not in offered_encodings(caps):
        problems.append(
            f"positionEncoding {chosen!r} was not offered (client offered {offered_encodings(caps)})"
        )
    return problems


def diagnostics(caps: t.ClientCapabilities, items: Sequence[t.Diagnostic]) -> list[str]:
    """Pushed or pulled: a client renders both with what it declared under
    publishDiagnostics (LSP 3.17's pull capabilities name none of these fields)."""
    problems = []
    prefix = "text_document.publish_diagnostics"
    related = get_capability(caps, f"{prefix}.related_information", False)
    code_description = get_capability(caps, f"{prefix}.code_description_support", False)
    tag_set = get_capability(caps, f"{prefix}.tag_support.value_set", None)
    for d in items:
        where = f"diagnostic {d.code!r} at line {d.range.start.line + 1}"
        if d.related_information and not related:
            problems.append(f"{where} has relatedInformation; the client did not declare relatedInformation")
        if d.code_description is not None and not code_description:
            problems.append(f"{where} has codeDescription; the client did not declare codeDescriptionSupport")
        if d.tags:
            if tag_set is None:
                problems.append(f"{where} has tags; the client did not declare tagSupport")
            elif any(tag not in tag_set for tag in d.tags):
                problems.append(f"{where} has tags {d.tags} outside the client's valueSet {tag_set}")
    return problems


def _markup_kinds(contents: Any) -> list[str]:
    if isinstance(contents, t.MarkupContent):
        return [contents.kind.value]
    # MarkedString (string or {language, value}) and lists of them are plaintext/markdown
    # from LSP 2; they are deprecated but every client still reads them.
    return []


def hover(caps: t.ClientCapabilities, result: t.Hover | None) -> list[str]:
    if result is None:
        return []
    formats = get_capability(caps, "text_document.hover.content_format", None)
    allowed = [f.value for f in formats] if formats else ["plaintext"]
    return [
        f"hover content is {kind}; the client accepts {allowed}"
        for kind in _markup_kinds(result.contents)
        if kind not in allowed
    ]


def workspace_edit(caps: t.ClientCapabilities, edit: t.WorkspaceEdit, where: str) -> list[str]:
    problems = []
    document_changes = get_capability(caps, "workspace.workspace_edit.document_changes", False)
    resource_operations = get_capability(caps, "workspace.workspace_edit.resource_operations", None) or []
    annotations = get_capability(caps, "workspace.workspace_edit.change_annotation_support", None)
    if edit.document_changes is not None:
        if not document_changes:
            problems.append(
                f"{where} uses documentChanges; the client did not declare workspaceEdit.documentChanges"
            )
        for change in edit.document_changes:
            if not isinstance(change, t.TextDocumentEdit):
                kind = getattr(change, "kind", type(change).__name__)
                if kind not in [op.value for op in resource_operations]:
                    problems.append(f"{where} has a {kind} resource operation the client did not declare")
            elif any(isinstance(e, t.AnnotatedTextEdit) for e in change.edits) and annotations is None:
                problems.append(
                    f"{where} has annotated edits; the client did not declare changeAnnotationSupport"
                )
    if edit.change_annotations and annotations is None:
        problems.append(f"{where} has changeAnnotations; the client did not declare changeAnnotationSupport")
    return problems


def code_actions(caps: t.ClientCapabilities, result: list[t.Command | t.CodeAction] | None) -> list[str]:
    problems = []
    prefix = "text_document.code_action"
    literals = get_capability(caps, f"{prefix}.code_action_literal_support", None) is not None
    resolvable = get_capability(caps, f"{prefix}.resolve_support.properties", None) or []
    for item in result or []:
        if isinstance(item, t.Command):
            continue
        where = f"code action {item.title!r}"
        if not literals:
            problems.append(
                f"{where} is a CodeAction literal; the client did not declare codeActionLiteralSupport"
            )
        if item.is_preferred is not None and not get_capability(
            caps, f"{prefix}.is_preferred_support", False
        ):
            problems.append(f"{where} has isPreferred; the client did not declare isPreferredSupport")
        if item.disabled is not None and not get_capability(caps, f"{prefix}.disabled_support", False):
            problems.append(f"{where} has disabled; the client did not declare disabledSupport")
        if item.data is not None and not get_capability(caps, f"{prefix}.data_support", False):
            problems.append(f"{where} has data; the client did not declare dataSupport")
        if item.edit is None and item.command is None and "edit" not in resolvable:
            problems.append(f"{where} has neither edit nor command, and the client cannot resolve edits")
        if item.edit is not None:
            problems.extend(workspace_edit(caps, item.edit, where))
    return problems


def document_symbols(
    caps: t.ClientCapabilities, result: list[t.DocumentSymbol] | list[t.SymbolInformation] | None
) -> list[str]:
    problems = []
    prefix = "text_document.document_symbol"
    hierarchical = get_capability(caps, f"{prefix}.hierarchical_document_symbol_support", False)
    kinds = get_capability(caps, f"{prefix}.symbol_kind.value_set", None)
    allowed_kinds = {k.value for k in kinds} if kinds else DEFAULT_SYMBOL_KINDS
    tags = get_capability(caps, f"{prefix}.tag_support", None)

    def visit(symbol: t.DocumentSymbol | t.SymbolInformation) -> None:
        if isinstance(symbol, t.DocumentSymbol) and not hierarchical:
            problems.append(
                f"symbol {symbol.name!r} is a DocumentSymbol; "
                "the client did not declare hierarchicalDocumentSymbolSupport"
            )
        if symbol.kind.value not in allowed_kinds:
            problems.append(
                f"symbol {symbol.name!r} has kind {symbol.kind.value}, outside the client's valueSet"
            )
        if symbol.tags and tags is None:
            problems.append(f"symbol {symbol.name!r} has tags; the client did not declare tagSupport")
        for child in getattr(symbol, "children", None) or []:
            visit(child)

    for symbol in result or []:
        visit(symbol)
    return problems


# Server-to-client requests and the capability each needs.
REQUEST_CAPABILITIES = {
    t.WORKSPACE_APPLY_EDIT: "workspace.apply_edit",
    t.WINDOW_SHOW_DOCUMENT: "window.show_document.support",
    t.WORKSPACE_INLAY_HINT_REFRESH: "workspace.inlay_hint.refresh_support",
    t.WORKSPACE_CODE_LENS_REFRESH: "workspace.code_lens.refresh_support",
    t.WORKSPACE_DIAGNOSTIC_REFRESH: "workspace.diagnostics.refresh_support",
    t.WORKSPACE_SEMANTIC_TOKENS_REFRESH: "workspace.semantic_tokens.refresh_support",
    t.WORKSPACE_WORKSPACE_FOLDERS: "workspace.workspace_folders",
}

# client/registerCapability: method → where the client declares dynamicRegistration.
DYNAMIC_REGISTRATION = {
    t.WORKSPACE_DID_CHANGE_CONFIGURATION: "workspace.did_change_configuration.dynamic_registration",
    t.WORKSPACE_DID_CHANGE_WATCHED_FILES: "workspace.did_change_watched_files.dynamic_registration",
    t.WORKSPACE_EXECUTE_COMMAND: "workspace.execute_command.dynamic_registration",
    t.TEXT_DOCUMENT_DIAGNOSTIC: "text_document.diagnostic.dynamic_registration",
    t.TEXT_DOCUMENT_INLAY_HINT: "text_document.inlay_hint.dynamic_registration",
    t.TEXT_DOCUMENT_CODE_LENS: "text_document.code_lens.dynamic_registration",
    t.TEXT_DOCUMENT_HOVER: "text_document.hover.dynamic_registration",
    t.TEXT_DOCUMENT_CODE_ACTION: "text_document.code_action.dynamic_registration",
    t.TEXT_DOCUMENT_DOCUMENT_SYMBOL: "text_document.document_symbol.dynamic_registration",
    t.TEXT_DOCUMENT_COMPLETION: "text_document.completion.dynamic_registration",
    t.TEXT_DOCUMENT_DEFINITION: "text_document.definition.dynamic_registration",
    t.TEXT_DOCUMENT_FOLDING_RANGE: "text_document.folding_range.dynamic_registration",
}


def server_request(caps: t.ClientCapabilities, method: str, params: Any) -> list[str]:
    if method in REQUEST_CAPABILITIES and not get_capability(caps, REQUEST_CAPABILITIES[method], False):
        return [f"the server sent {method}; the client did not declare {REQUEST_CAPABILITIES[method]}"]
    if method == t.CLIENT_REGISTER_CAPABILITY:
        problems = []
        for registration in params.registrations:
            path = DYNAMIC_REGISTRATION.get(registration.method)
            if path is None or not get_capability(caps, path, False):
                problems.append(
                    f"the server registered {registration.method} dynamically; "
                    "the client did not declare dynamicRegistration for it"
                )
        return problems
    return []
