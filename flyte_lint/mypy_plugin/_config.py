"""Which flyte SDK release a checked file targets, decided exactly as the linter decides it.

The linter's own settings resolver is used (``[tool.flyte-lint] target-version``, else the file's PEP 723
header, else the project's pin: PEP 621, Poetry, dependency groups, uv, PDM, ``requirements*.txt``), so the
plugin and ``flyte-lint`` always check a file against the same release(s).
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import spec
from ..config import ConfigError, SettingsResolver
from ..pep723 import scan_pep723_pin


@functools.lru_cache(maxsize=1)
def _resolver() -> SettingsResolver:
    from ..rules import known_codes

    return SettingsResolver(known=frozenset(known_codes()))


def _target(path: str) -> spec.Target:
    # Not cached: the daemon re-checks a file after its header changed, and the header is read again then.
    try:
        settings = _resolver().for_path(Path(path))
    except ConfigError:
        return spec.DEFAULT_TARGET
    file_pin: str | None = None
    if path:
        try:
            file_pin = scan_pep723_pin(Path(path).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            file_pin = None
    try:
        return settings.target(file_pin)
    except spec.VersionError:
        return spec.DEFAULT_TARGET


def target_for_file(path: str) -> spec.Target:
    """The target of the module at ``path`` (relative paths resolve against the working directory)."""
    return _target(path or ".")


def clear_cache() -> None:
    _resolver.cache_clear()
