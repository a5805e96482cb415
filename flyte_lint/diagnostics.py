"""What a rule reports: a finding with its exact place, and optionally a fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .facts import Span

Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in ``span`` (1-based lines and columns, end exclusive) by ``replacement``."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None
    # Extra lines where a ``# noqa`` also silences this finding (first line of the statement, the def line...).
    noqa_lines: tuple[int, ...] = field(default=(), compare=False)
    # Other places the finding concerns (e.g. the first of two duplicates), for messages and SARIF.
    related: tuple[tuple[str, int, int], ...] = field(default=(), compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = {
                "description": self.fix.description,
                "applicability": self.fix.applicability,
                "edits": [
                    {
                        "line": e.span.line,
                        "column": e.span.column,
                        "end_line": e.span.end_line,
                        "end_column": e.span.end_column,
                        "replacement": e.replacement,
                    }
                    for e in self.fix.edits
                ],
            }
        return data


def at(path: str, span: Span, code: str, severity: Severity, message: str, **extra: object) -> Diagnostic:
    """A diagnostic covering ``span``."""
    return Diagnostic(path, span.line, span.column, span.end_line, span.end_column, code, severity, message, **extra)  # type: ignore[arg-type]
