"""The programmatic interface: lint files or text and get Diagnostics back."""

from __future__ import annotations

from pathlib import Path

from .config import Overrides
from .diagnostics import Diagnostic
from .engine import Options, run

__all__ = ["Diagnostic", "lint_file", "lint_paths", "lint_source"]


def lint_paths(
    paths: list[str | Path],
    *,
    target_version: str | None = None,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] | None = None,
    isolated: bool = True,
) -> list[Diagnostic]:
    """Lint files or directories. ``isolated`` (default) ignores pyproject.toml settings."""
    overrides = Overrides(select=select, ignore=ignore, target_version=target_version, isolated=isolated)
    return run(Options([Path(p) for p in paths], overrides, jobs=1)).diagnostics


def lint_file(path: str | Path, *, target_version: str = "2.12.1") -> list[Diagnostic]:
    """Lint one file against ``target_version`` of the SDK, ignoring any configuration."""
    return lint_paths([path], target_version=target_version)


def lint_source(source: str, *, path: str = "module.py", target_version: str = "2.12.1") -> list[Diagnostic]:
    """Lint source text as if it were the file ``path``."""
    overrides = Overrides(target_version=target_version, isolated=True)
    options = Options([], overrides, jobs=1, stdin=(Path(path), source))
    return run(options).diagnostics
