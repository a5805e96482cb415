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
class FileEdits:
    """Edits of a file other than the finding's (a fix in ``envs.py`` for a call in ``tasks.py``)."""

    path: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits of the finding's file (``edits``) and of other files (``other_files``); applied all together or
    not at all."""

    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"
    other_files: tuple[FileEdits, ...] = ()

    def files(self, path: str) -> tuple[FileEdits, ...]:
        """Every file the fix edits, the finding's own (``path``) first when it has edits there."""
        own = (FileEdits(path, self.edits),) if self.edits else ()
        return (*own, *(f for f in self.other_files if f.edits))


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
    # What to do about it, when the finding has no fix to say so (a fix's description is its help).
    help: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # A message quotes the user's values (an environment's name, a keyword's value): a newline or another
        # control character in one would split the finding over lines, where mypy's, flake8's and the CI
        # annotations' readers expect one line per finding.
        if not self.message.isprintable():
            object.__setattr__(self, "message", one_line(self.message))
        if self.help is not None and not self.help.isprintable():
            object.__setattr__(self, "help", one_line(self.help))

    @property
    def remedy(self) -> str | None:
        """What to do about it: the fix's description, else the help."""
        return self.fix.description if self.fix is not None else self.help

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
        if self.help is not None:
            data["help"] = self.help
        if self.fix is not None:
            fix: dict[str, object] = {
                "description": self.fix.description,
                "applicability": self.fix.applicability,
                "edits": [_edit_json(e) for e in self.fix.edits],
            }
            if self.fix.other_files:
                fix["other_files"] = [
                    {"path": f.path, "edits": [_edit_json(e) for e in f.edits]} for f in self.fix.other_files
                ]
            data["fix"] = fix
        return data


def _edit_json(edit: Edit) -> dict[str, object]:
    s = edit.span
    return {
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "replacement": edit.replacement,
    }


def at(path: str, span: Span, code: str, severity: Severity, message: str, **extra: object) -> Diagnostic:
    """A diagnostic covering ``span``."""
    return Diagnostic(path, span.line, span.column, span.end_line, span.end_column, code, severity, message, **extra)  # type: ignore[arg-type]


def one_line(text: str) -> str:
    """``text`` with each character that is not printable (a newline, a tab, a control character) written as
    its Python escape (``\\n``), spaces kept."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
