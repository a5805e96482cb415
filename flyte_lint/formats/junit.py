"""JUnit XML: one test suite, one test case per file with findings, one failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import relative_uri


def format_junit(diagnostics: Sequence[Diagnostic]) -> str:
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(relative_uri(d.path), []).append(d)
    failures = len(diagnostics)
    suites = ET.Element("testsuites", name="flyte-lint", tests=str(max(1, len(by_file))), failures=str(failures))
    suite = ET.SubElement(
        suites, "testsuite", name="flyte-lint", tests=str(max(1, len(by_file))), failures=str(failures), errors="0"
    )
    if not by_file:
        ET.SubElement(suite, "testcase", name="flyte-lint", classname="flyte-lint")
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase", name=path, classname="flyte-lint", file=path)
        for d in found:
            failure = ET.SubElement(case, "failure", message=f"{d.code} {d.message}", type=d.code)
            failure.text = f"{path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"
            if d.remedy is not None:
                failure.text += f"\n  = help: {d.remedy}"
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'
