"""Machine-readable report formats for CI systems: SARIF 2.1.0, GitHub workflow annotations, JUnit XML.

Each module exposes one ``format_*(diagnostics) -> str`` function; ``flyte_lint.report.load_extra_format``
finds them by name.
"""

from __future__ import annotations

from pathlib import Path


def relative_uri(path: str) -> str:
    """``path`` as a forward-slash path relative to the working directory when it lies under it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    text = candidate.as_posix()
    return text[2:] if text.startswith("./") else text


__all__ = ["relative_uri"]
