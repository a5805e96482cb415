"""The flyte requirement of a single-file script's PEP 723 header (``# /// script``)."""

from __future__ import annotations

import re

_PEP723_RE = re.compile(r"(?m)^# /// script\s*$\n((?:^#(?:| .*)$\n)+)^# ///\s*$")
_FLYTE_REQ_RE = re.compile(r"""["']\s*(flyte\s*(?:\[[^\]]*\])?\s*[=~<>!][^"']*)["']""")


def scan_pep723_pin(source: str) -> str | None:
    """The flyte requirement from a PEP 723 ``# /// script`` header, if the file has one."""
    if "# /// script" not in source:
        return None
    match = _PEP723_RE.search(source)
    if not match:
        return None
    block = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in match.group(1).splitlines())
    req = _FLYTE_REQ_RE.search(block)
    return req.group(1).strip() if req else None
