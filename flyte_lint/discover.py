"""Which files a run looks at: the paths given, minus excludes, ignored and generated directories.

Symbolic links are not followed unless asked; when they are, a link that points outside the directory being
walked, or back into a directory already walked (a loop), is reported and skipped.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "__pycache__", "node_modules", ".mypy_cache",
     ".ruff_cache", ".pytest_cache", ".flyte_lint_cache", ".eggs", "build", "dist", "site-packages", "__pypackages__",
     ".direnv", ".ipynb_checkpoints"}
)  # fmt: skip
PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True, slots=True)
class Problem:
    """A path that could not be looked at, with a one-line reason."""

    path: str
    message: str


@dataclass
class Discovery:
    files: list[Path]
    problems: list[Problem]


def discover(
    paths: list[Path],
    *,
    follow_symlinks: bool = False,
    respect_gitignore: bool = True,
    is_excluded: Callable[[Path, bool], bool] | None = None,
) -> Discovery:
    """The Python files under ``paths``. ``is_excluded(path, is_dir)`` is asked about every directory and
    Python file met on the walk (not about paths given by name)."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()  # real paths: the same file reached twice (``src`` and ``.``) is checked once
    for given in paths:
        if not os.path.lexists(given):
            problems.append(Problem(str(given), "no such file or directory"))
            continue
        if given.is_dir():
            given_abs = os.path.abspath(given).rstrip(os.sep)
            for found, relative in _walk(given, follow_symlinks, respect_gitignore, is_excluded, problems):
                # Without symlinks, the absolute path identifies a file; realpath costs syscalls per file.
                real = os.path.realpath(found) if follow_symlinks else f"{given_abs}{os.sep}{relative}"
                if real not in seen:
                    seen.add(real)
                    files.append(found)
        elif given.is_file():
            if given.suffix not in PYTHON_SUFFIXES:
                problems.append(Problem(str(given), "not a Python source file (expected .py or .pyi); skipped"))
                continue
            real = os.path.realpath(given)
            if real not in seen:
                seen.add(real)
                files.append(given)
        elif given.is_symlink():
            problems.append(Problem(str(given), "broken symbolic link"))
        else:
            problems.append(Problem(str(given), "not a regular file or directory"))
    return Discovery(files, problems)


def _gitignore_patterns(directory: Path) -> list[str]:
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")):
            patterns.append(line)
    return patterns


def _ignored(name: str, relative: str, is_dir: bool, patterns: list[tuple[str, str]]) -> bool:
    for base, pattern in patterns:
        directory_only = pattern.endswith("/")
        pat = pattern.rstrip("/")
        if directory_only and not is_dir:
            continue
        rel = relative[len(base) + 1 :] if base and relative.startswith(base + "/") else relative
        if "/" in pat.lstrip("/"):
            if fnmatch.fnmatch(rel, pat.lstrip("/")):
                return True
        elif fnmatch.fnmatch(name, pat.lstrip("/")):
            return True
    return False


def _walk(
    root: Path,
    follow_symlinks: bool,
    respect_gitignore: bool,
    is_excluded: Callable[[Path, bool], bool] | None,
    problems: list[Problem],
) -> Iterator[tuple[Path, str]]:
    """(path, path relative to ``root`` with ``os.sep``) of each Python file, directories in name order."""
    root_real = os.path.realpath(root)
    visited: set[tuple[int, int]] = set()
    # Stack of (directory, relative path, gitignore patterns in force)
    stack: list[tuple[Path, str, list[tuple[str, str]]]] = [(root, "", [])]
    while stack:
        directory, relative, patterns = stack.pop()
        try:
            stat = directory.stat()
        except OSError as error:
            problems.append(Problem(str(directory), f"cannot access directory: {error.strerror or error}"))
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            problems.append(Problem(str(directory), "symbolic link loop; skipped"))
            continue
        visited.add(key)
        if respect_gitignore:
            patterns = patterns + [(relative, p) for p in _gitignore_patterns(directory)]
        try:
            with os.scandir(directory) as handle:
                entries = sorted(handle, key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(str(directory), f"cannot list directory: {error.strerror or error}"))
            continue
        subdirs: list[tuple[Path, str, list[tuple[str, str]]]] = []
        for entry in entries:
            name = entry.name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=follow_symlinks)
                is_file = entry.is_file(follow_symlinks=follow_symlinks)
            except OSError as error:
                problems.append(Problem(entry.path, f"cannot access: {error.strerror or error}"))
                continue
            if not (is_dir or is_link or (is_file and name.endswith(PYTHON_SUFFIXES))):
                continue  # most entries of a tree: look no further
            child_rel = f"{relative}/{name}" if relative else name
            path = Path(entry.path)
            if is_link:
                if not follow_symlinks:
                    continue
                target = os.path.realpath(entry.path)
                if not (target == root_real or target.startswith(root_real + os.sep)):
                    problems.append(Problem(str(path), "symbolic link points outside the project; not followed"))
                    continue
                if not os.path.exists(target):
                    problems.append(Problem(str(path), "broken symbolic link"))
                    continue
            if is_dir:
                if name in DEFAULT_EXCLUDES or name.endswith(".egg-info"):
                    continue
                if patterns and _ignored(name, child_rel, True, patterns):
                    continue
                if is_excluded is not None and is_excluded(path, True):
                    continue
                subdirs.append((path, child_rel, patterns))
            elif is_file and name.endswith(PYTHON_SUFFIXES):
                if patterns and _ignored(name, child_rel, False, patterns):
                    continue
                if is_excluded is not None and is_excluded(path, False):
                    continue
                yield path, child_rel if os.sep == "/" else child_rel.replace("/", os.sep)
        stack.extend(reversed(subdirs))
