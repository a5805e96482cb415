"""The linter run for one module the plugin reports on: this module loads the linter (extraction, project
flow, rules, settings), so the plugin imports it only when a module is checked and its findings are not stored.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..config import ConfigError, Overrides, Settings, SettingsResolver
from ..diagnostics import Diagnostic
from ..rules import known_codes
from ..single import lint_module, read_text
from ._codes import CONFIG, PROJECT_RULES, SHOWN_WARNINGS, plugin_code
from ._findings import Finding

_resolver: tuple[int, SettingsResolver] | None = None


def settings_for(path: str, generation: int) -> Settings | ConfigError:
    """The linter's settings for ``path`` (the error, naming the file and the key, when the configuration is
    broken); one resolver per generation of the plugin's file view, which reads each folder's configuration once."""
    global _resolver
    if _resolver is None or _resolver[0] != generation:
        _resolver = (generation, SettingsResolver(known_codes(), Overrides()))
    try:
        return _resolver[1].for_file(path)
    except ConfigError as error:
        return error


def lint(
    path: str,
    module: str,
    names: dict[str, list[str]],
    related: Sequence[str],
    generation: int,
    registers_plugins: bool | None = None,
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """(the module's findings as the plugin reports them, the other project files they were computed from). A
    broken configuration is one finding at the module's first line (the linter refuses to run on it): its
    findings would otherwise vanish without a word."""
    settings = settings_for(path, generation)
    if isinstance(settings, ConfigError):
        message = f"flyte-lint's configuration cannot be read ({settings}): no Flyte checks in this module"
        return (Finding(1, 0, 1, 0, CONFIG.code, message),), ()
    result = lint_module(
        path, module, read_text, names, settings, related, registers_plugins, SHOWN_WARNINGS, PROJECT_RULES
    )
    files = sorted({path, *result.used}, key=len, reverse=True)
    findings = (_finding(d, path, files) for d in result.diagnostics)
    return tuple(f for f in findings if f is not None), result.used


def _finding(d: Diagnostic, path: str, files: Sequence[str]) -> Finding | None:
    # An unknown keyword written out at TaskEnvironment(...) / @env.task(...) is plain mypy's error too
    # ([call-arg], [call-overload]); the linter's finding says what the SDK does and where the keyword belongs,
    # and is reported under its own code beside mypy's: silencing mypy's does not hide it.
    code = plugin_code(d.code, d.severity)
    if code is None:
        return None
    message = d.message
    folder = os.path.dirname(path)
    for file in files:  # a project rule names the files of the environments involved: as seen from this module
        if file in message:
            message = message.replace(file, os.path.relpath(file, folder))
    return Finding(d.line, max(0, d.column - 1), d.end_line, max(0, d.end_column - 1), code.code, message)
