"""The linter run for one module the plugin reports on: this module loads the linter (extraction, project
flow, rules, settings), so the plugin imports it only when a module is checked and its findings are not stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .. import spec
from ..config import ConfigError, Overrides, Settings, SettingsResolver
from ..diagnostics import Diagnostic
from ..rules import known_codes
from ..single import lint_module, read_text
from ._codes import plugin_code
from ._findings import Finding

# An unknown keyword of TaskEnvironment(...) / @env.task(...) that no flyte release takes is already an error in
# plain mypy (flyte's signatures have no **kwargs): the linter's words come as a note silenced with that error.
_UNKNOWN_KEYWORD: Final = re.compile(r"unexpected keyword argument '(\w+)'")
_ALL_KEYWORDS: Final = {
    "FLY004": (frozenset(k for p in spec.PROFILES for k in spec.env_fields(p)), "call-arg"),
    "FLY101": (frozenset(k for p in spec.PROFILES for k in spec.task_keywords(p)), "call-overload"),
}


_resolver: tuple[int, SettingsResolver] | None = None


def settings_for(path: str, generation: int) -> Settings | None:
    """The linter's settings for ``path`` (None when the configuration is broken: the linter reports that);
    one resolver per generation of the plugin's file view, which reads each folder's configuration once."""
    global _resolver
    if _resolver is None or _resolver[0] != generation:
        _resolver = (generation, SettingsResolver(known_codes(), Overrides()))
    try:
        return _resolver[1].for_file(path)
    except ConfigError:
        return None


def lint(
    path: str, module: str, names: dict[str, list[str]], related: Sequence[str], generation: int
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """(the module's findings as the plugin reports them, the other project files they were computed from)."""
    settings = settings_for(path, generation)
    if settings is None:
        return (), ()
    result = lint_module(path, module, read_text, names, settings, related)
    lines = (read_text(path) or "").splitlines()
    return tuple(f for f in (_finding(d, lines) for d in result.diagnostics) if f is not None), result.used


def _finding(d: Diagnostic, lines: list[str]) -> Finding | None:
    code = plugin_code(d.code, d.severity)
    if code is None:
        return None
    position = (d.line, max(0, d.column - 1), d.end_line, max(0, d.end_column - 1))
    known = _ALL_KEYWORDS.get(d.code)
    if known is not None:
        keyword = _UNKNOWN_KEYWORD.search(d.message)
        if keyword is not None and keyword.group(1) not in known[0] and _written(keyword.group(1), d, lines):
            return Finding(*position, known[1], f"flyte: {d.message}", note=True)
    return Finding(*position, code.code, d.message)


def _written(keyword: str, d: Diagnostic, lines: list[str]) -> bool:
    """Whether the finding's span spells ``keyword=`` out (then mypy checks it against flyte's signature); a
    keyword passed through ``**options`` or ``functools.partial`` elsewhere is the plugin's to report."""
    span = "\n".join(lines[d.line - 1 : d.end_line])
    return re.search(rf"\b{re.escape(keyword)}\s*=(?!=)", span) is not None
