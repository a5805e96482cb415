"""SARIF 2.1.0 output (GitHub code scanning, VS Code SARIF viewer, ...)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..diagnostics import Diagnostic
from . import relative_uri

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/flyteorg/flyte-lint"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    # SARIF regions are 1-based with an exclusive end column, as flyte-lint's spans are.
    line = max(1, line)
    column = max(1, column)
    end_line = max(line, end_line)
    end_column = max(1, end_column)
    if end_line == line and end_column < column:
        end_column = column
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _rules() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from ..rules import all_rules

    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in all_rules():
        doc = (rule.doc or rule.summary).strip()
        index[rule.code] = len(descriptors)
        descriptors.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": doc},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": _LEVELS.get(rule.severity, "warning")},
                "properties": {"tags": ["flyte"], "fixable": bool(getattr(rule, "fixable", False))},
            }
        )
    return descriptors, index


def _result(d: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    uri = relative_uri(d.path)
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVELS.get(d.severity, "warning"),
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                }
            }
        ],
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": {"uri": relative_uri(path)},
                    "region": _region(line, column, line, column),
                },
            }
            for number, (path, line, column) in enumerate(d.related)
        ]
    if d.fix is not None and (d.fix.edits or d.fix.other_files):
        # One artifact change per file the fix edits (a FLY301 fix edits the file defining the environment).
        result["fixes"] = [
            {
                "description": {"text": d.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri if file.path == d.path else relative_uri(file.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(
                                    e.span.line, e.span.column, e.span.end_line, e.span.end_column
                                ),
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in file.edits
                        ],
                    }
                    for file in d.fix.files(d.path)
                ],
                "properties": {"applicability": d.fix.applicability},
            }
        ]
    return result


def to_sarif(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict (one run)."""
    descriptors, rule_index = _rules()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flyte-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, rule_index) for d in diagnostics],
            }
        ],
    }


def format_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(to_sarif(diagnostics), indent=2)
