"""The engine: a run over paths (``run``), split by job: ``reading`` (bytes, text, facts of one file),
``imports`` (which files matter), ``sources`` (the files of a run and the cache manifest), ``workers`` (the
process pool), ``dispatch`` (rules per target release, suppressions), ``runner`` (the whole run).

The names below are imported on first use: the mypy plugin needs ``imports``, ``reading`` and ``dispatch``
only, and importing the runner (the cache, discovery, the process pool) would cost every mypy run."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .imports import may_import_flyte as may_import_flyte
    from .reading import MAX_FILE_BYTES as MAX_FILE_BYTES
    from .reading import ReadFailure as ReadFailure
    from .reading import decode_source as decode_source
    from .reading import facts_for_bytes as facts_for_bytes
    from .reading import read_file as read_file
    from .runner import Options as Options
    from .runner import RunResult as RunResult
    from .runner import files_to_check as files_to_check
    from .runner import lint_paths as lint_paths
    from .runner import run as run

_HOMES = {
    "may_import_flyte": "imports",
    "MAX_FILE_BYTES": "reading",
    "ReadFailure": "reading",
    "decode_source": "reading",
    "facts_for_bytes": "reading",
    "read_file": "reading",
    "Options": "runner",
    "RunResult": "runner",
    "files_to_check": "runner",
    "lint_paths": "runner",
    "run": "runner",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
