"""An open document as a client keeps it: text, version, and position conversion
in the encoding negotiated with the server (UTF-8, UTF-16 or UTF-32)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types as t


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


@dataclass
class Document:
    uri: str
    text: str
    encoding: str
    version: int = 1
    history: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, anchor: str) -> tuple[int, int]:
        """0-based line and character index (in str) of the first line containing `anchor`."""
        for number, line in enumerate(self.lines):
            column = line.find(anchor)
            if column >= 0:
                return number, column
        raise AssertionError(f"the document has no line containing {anchor!r}")

    def position(self, line: int, column: int) -> t.Position:
        """The LSP position of str index `column` on `line`."""
        return t.Position(line=line, character=_units(self.lines[line][:column], self.encoding))

    def offset(self, position: t.Position) -> int:
        """The str offset of an LSP position (positions past a line's end clamp to it,
        as the protocol asks)."""
        lines = self.lines
        if position.line >= len(lines):
            return len(self.text)
        start = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line]
        column = 0
        while column < len(line) and _units(line[: column + 1], self.encoding) <= position.character:
            column += 1
        return start + column

    def apply(self, edits: list[t.TextEdit]) -> list[t.TextDocumentContentChangeEvent]:
        """Applies edits given in the original document's coordinates (as one
        WorkspaceEdit gives them) and returns the equivalent incremental changes,
        last position first so that each range is still valid when it arrives."""
        ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
        changes = []
        text = self.text
        for edit in ordered:
            start, end = self.offset(edit.range.start), self.offset(edit.range.end)
            if end < start:
                raise AssertionError(f"edit range ends before it starts: {edit.range}")
            changes.append(t.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text))
            text = text[:start] + edit.new_text + text[end:]
        self.history.append(self.text)
        self.text = text
        self.version += 1
        return changes
