"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import relative_uri

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(d: Diagnostic) -> str:
    properties = {
        "file": relative_uri(d.path),
        "line": str(d.line),
        "col": str(d.column),
        "endLine": str(d.end_line),
        "endColumn": str(d.end_column),
        "title": d.code,
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    text = d.message if d.remedy is None else f"{d.message}\nhelp: {d.remedy}"
    return f"::{_COMMANDS.get(d.severity, 'warning')} {props}::{escape_data(text)}"


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    return "\n".join(format_annotation(d) for d in diagnostics)
