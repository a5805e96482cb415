"""Conversions between flyte-lint's findings and fixes and the protocol's types. Nothing is decided here:
flyte-lint's places are 1-based lines and columns counted in characters, end exclusive; the protocol's are
0-based, with columns in the client's position encoding (UTF-16 code units unless agreed otherwise)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from ..diagnostics import Diagnostic, Edit, Severity

SOURCE = "flyte-lint"
# The rule pages, for the code's link and the hover.
DOCS_URL = "https://github.com/flyteorg/flyte-lint/blob/main/docs/rules/{code}.md"

_SEVERITY: dict[Severity, types.DiagnosticSeverity] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def position(document: TextDocument, line: int, column: int) -> types.Position:
    """A 1-based (line, character column) of flyte-lint -> the client's position, clamped to the text (a
    finding on a line the buffer no longer has, or a column past its end, points at the nearest place)."""
    lines = document.lines
    row = max(0, line - 1)
    if row >= len(lines):
        return types.Position(line=len(lines), character=0) if lines else types.Position(line=0, character=0)
    text = lines[row].rstrip("\r\n")
    character = min(max(0, column - 1), len(text))
    return document.position_to_client_units(ServerTextPosition(row, character))


def lsp_range(document: TextDocument, line: int, column: int, end_line: int, end_column: int) -> types.Range:
    start = position(document, line, column)
    end = position(document, end_line, end_column)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start=start, end=end)


def diagnostic_range(document: TextDocument, diagnostic: Diagnostic) -> types.Range:
    return lsp_range(document, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column)


def to_lsp(document: TextDocument, diagnostic: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=diagnostic_range(document, diagnostic),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=DOCS_URL.format(code=diagnostic.code)),
        source=SOURCE,
    )


def text_edit(document: TextDocument, edit: Edit) -> types.TextEdit:
    span = edit.span
    return types.TextEdit(
        range=lsp_range(document, span.line, span.column, span.end_line, span.end_column), new_text=edit.replacement
    )


def offset_edits(document: TextDocument, ranges: Sequence[tuple[int, int, str]]) -> list[types.TextEdit]:
    """(begin, end, replacement) character offsets into the document's text -> text edits."""
    return [
        types.TextEdit(
            range=types.Range(
                start=document.client_position_at_offset(begin), end=document.client_position_at_offset(end)
            ),
            new_text=replacement,
        )
        for begin, end, replacement in ranges
    ]


def overlaps(a: types.Range, b: types.Range) -> bool:
    """Do two ranges share a position (touching counts: a cursor at a finding's end is on it)?"""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)
