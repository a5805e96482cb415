"""Which flyte SDK version a checked file targets: ``[tool.flyte-lint]`` in the nearest pyproject.toml."""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

from .. import spec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@functools.lru_cache(maxsize=256)
def _target_for_directory(directory: str) -> spec.Target:
    current = directory
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            return _target_from_pyproject(candidate)
        parent = os.path.dirname(current)
        if parent == current:
            return spec.DEFAULT_TARGET
        current = parent


def _target_from_pyproject(path: str) -> spec.Target:
    """target-version if set, else the project's flyte pin, else the newest release the spec knows."""
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return spec.DEFAULT_TARGET
    tool = data.get("tool")
    table = tool.get("flyte-lint") if isinstance(tool, dict) else None
    if isinstance(table, dict):
        version = table.get("target-version")
        if isinstance(version, str):
            try:
                return spec.parse_target(version)
            except spec.VersionError:
                return spec.DEFAULT_TARGET
    project = data.get("project")
    dependencies = project.get("dependencies") if isinstance(project, dict) else None
    if isinstance(dependencies, list):
        for dependency in dependencies:
            if isinstance(dependency, str):
                pinned = spec.target_from_pin(dependency)
                if pinned is not None:
                    return pinned
    return spec.DEFAULT_TARGET


def target_for_file(path: str) -> spec.Target:
    """The target of the module at ``path`` (relative paths resolve against the working directory)."""
    directory = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    return _target_for_directory(directory)


def clear_cache() -> None:
    _target_for_directory.cache_clear()
