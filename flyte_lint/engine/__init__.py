"""The engine: a run over paths (``run``), split by job: ``reading`` (bytes, text, facts of one file),
``imports`` (which files matter), ``sources`` (the files of a run and the cache manifest), ``workers`` (the
process pool), ``dispatch`` (rules per target release, suppressions), ``runner`` (the whole run)."""

from __future__ import annotations

from .imports import may_import_flyte
from .reading import MAX_FILE_BYTES, ReadFailure, decode_source, facts_for_bytes, read_file
from .runner import Options, RunResult, files_to_check, lint_paths, run

__all__ = [
    "MAX_FILE_BYTES",
    "Options",
    "ReadFailure",
    "RunResult",
    "decode_source",
    "facts_for_bytes",
    "files_to_check",
    "lint_paths",
    "may_import_flyte",
    "read_file",
    "run",
]
