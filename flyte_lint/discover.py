"""Which files a run looks at: the paths given, minus excludes, ignored and generated directories.

Symbolic links are not followed unless asked; when they are, a link that points outside the directory being
walked, or back into a directory already walked (a loop), is reported and skipped.
"""

from __future__ import annotations

import operator
import os
import re
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
    files: list[str]  # spelled from the paths given (``src/pkg/a.py``); strings, as the run keys files by them
    problems: list[Problem]


def discover(
    paths: list[Path],
    *,
    follow_symlinks: bool = False,
    respect_gitignore: bool = True,
    is_excluded: Callable[[str, bool], bool] | None = None,
) -> Discovery:
    """The Python files under ``paths``. ``is_excluded(path, is_dir)`` is asked about every directory and
    Python file met on the walk (not about paths given by name)."""
    files: list[str] = []
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
                files.append(str(given))
        elif given.is_symlink():
            problems.append(Problem(str(given), "broken symbolic link"))
        else:
            problems.append(Problem(str(given), "not a regular file or directory"))
    return Discovery(files, problems)


class _GitignoreFile:
    """The patterns of one ``.gitignore``, compiled: consecutive patterns of the same sign (ignore, or ``!``
    re-include) share regular expressions, so a file costs a few matches however long the file is."""

    def __init__(self, lines: list[str], prefix: str, cut: int) -> None:
        # A path below the walked root, relative to this file's folder: ``prefix + relative[cut:]``.
        self.prefix = prefix
        self.cut = cut
        # Per run of same-sign patterns: (re-include?, {(for directories?, anchored?): regexes})
        runs: list[tuple[bool, dict[tuple[bool, bool], list[str]]]] = []
        for line in lines:
            negated = line.startswith("!")
            pattern = line[1:] if negated else line
            if pattern.startswith(("\\#", "\\!")):
                pattern = pattern[1:]
            directory_only = pattern.endswith("/")
            pattern = pattern.rstrip("/")
            if not pattern:
                continue
            # A slash at the start or in the middle anchors the pattern to this folder's paths; otherwise it
            # matches a name at any depth (tried on the name alone: no backtracking over the path).
            anchored = "/" in pattern
            regex = _glob_regex(pattern.lstrip("/"))
            if not runs or runs[-1][0] != negated:
                runs.append((negated, {}))
            for for_directories in (True, False) if not directory_only else (True,):
                runs[-1][1].setdefault((for_directories, anchored), []).append(regex)
        # Last match wins: the runs are tried from the last one back.
        self._runs = [
            (negated, {kind: _compiled(regexes) for kind, regexes in by_kind.items()})
            for negated, by_kind in reversed(runs)
        ]

    def verdict(self, name: str, relative: str, is_dir: bool) -> bool | None:
        """True: ignored; False: re-included by a ``!`` pattern; None: no pattern here says anything."""
        path: str | None = None
        for negated, by_kind in self._runs:
            by_name = by_kind.get((is_dir, False))
            if by_name is not None and by_name.fullmatch(name):
                return not negated
            by_path = by_kind.get((is_dir, True))
            if by_path is not None:
                if path is None:
                    path = self.prefix + relative[self.cut :]
                if by_path.fullmatch(path):
                    return not negated
        return None


def _compiled(regexes: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{r})" for r in regexes), re.S)


def _glob_regex(pattern: str) -> str:
    """A gitignore glob as a regular expression over ``/``-separated paths: ``*`` and ``?`` stay within one
    path component, ``**`` crosses them, ``[...]`` is a character class."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("/**", index) and index + 3 == len(pattern):
            out.append("/.*")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (close := pattern.find("]", index + 2)) > 0:
            body = pattern[index + 1 : close]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            index = close + 1
            continue
        elif char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _read_gitignore(directory: str, prefix: str, cut: int) -> _GitignoreFile | None:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    lines = [line.rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    return _GitignoreFile(lines, prefix, cut) if lines else None


def _enclosing_gitignores(root: str) -> list[_GitignoreFile]:
    """The ``.gitignore`` files of the folders above ``root`` up to its repository's top (a folder holding
    ``.git``), outermost first. Outside a repository, only files at and below ``root`` count."""
    found: list[_GitignoreFile] = []
    below = ""
    directory = os.path.abspath(root)
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return []  # not in a repository
        below = f"{os.path.basename(directory)}/{below}"
        directory = parent
        layer = _read_gitignore(directory, below, 0)
        if layer is not None:
            found.append(layer)
    return found[::-1]


def _ignored(name: str, relative: str, is_dir: bool, layers: list[_GitignoreFile]) -> bool:
    """Does git ignore this path? The deepest ``.gitignore`` with a matching pattern decides."""
    for layer in reversed(layers):
        verdict = layer.verdict(name, relative, is_dir)
        if verdict is not None:
            return verdict
    return False


_entry_name = operator.attrgetter("name")


def _walk(
    root: Path,
    follow_symlinks: bool,
    respect_gitignore: bool,
    is_excluded: Callable[[str, bool], bool] | None,
    problems: list[Problem],
) -> Iterator[tuple[str, str]]:
    """(path, path relative to ``root`` with ``os.sep``) of each Python file, directories in name order."""
    root_real = os.path.realpath(root)
    visited: set[tuple[int, int]] = set()
    # Stack of (directory, relative path with "/", the .gitignore files in force)
    enclosing = _enclosing_gitignores(str(root)) if respect_gitignore else []
    stack: list[tuple[str, str, list[_GitignoreFile]]] = [(str(root), "", enclosing)]
    while stack:
        directory, relative, patterns = stack.pop()
        try:
            stat = os.stat(directory)
        except OSError as error:
            problems.append(Problem(directory, f"cannot access directory: {error.strerror or error}"))
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            problems.append(Problem(directory, "symbolic link loop; skipped"))
            continue
        visited.add(key)
        if respect_gitignore:
            layer = _read_gitignore(directory, "", len(relative) + 1 if relative else 0)
            if layer is not None:
                patterns = [*patterns, layer]
        try:
            with os.scandir(directory) as handle:
                entries = sorted(handle, key=_entry_name)
        except OSError as error:
            problems.append(Problem(directory, f"cannot list directory: {error.strerror or error}"))
            continue
        subdirs: list[tuple[str, str, list[_GitignoreFile]]] = []
        for entry in entries:
            name = entry.name
            try:
                is_link = entry.is_symlink()
                if is_link and not follow_symlinks:
                    continue
                is_dir = entry.is_dir(follow_symlinks=follow_symlinks)
                is_file = (
                    not is_dir and name.endswith(PYTHON_SUFFIXES) and entry.is_file(follow_symlinks=follow_symlinks)
                )
            except OSError as error:
                problems.append(Problem(entry.path, f"cannot access: {error.strerror or error}"))
                continue
            if not (is_dir or is_file or is_link):
                continue  # most entries of a tree: look no further (a link is looked at to report it if broken)
            child_rel = f"{relative}/{name}" if relative else name
            path = name if directory == "." else entry.path  # spelled as pathlib would: "a.py", not "./a.py"
            if is_link:
                target = os.path.realpath(entry.path)
                if not (target == root_real or target.startswith(root_real + os.sep)):
                    problems.append(Problem(path, "symbolic link points outside the project; not followed"))
                    continue
                if not os.path.exists(target):
                    problems.append(Problem(path, "broken symbolic link"))
                    continue
            if is_dir:
                if name in DEFAULT_EXCLUDES or name.endswith(".egg-info"):
                    continue
                if patterns and _ignored(name, child_rel, True, patterns):
                    continue
                if is_excluded is not None and is_excluded(path, True):
                    continue
                subdirs.append((path, child_rel, patterns))
            elif is_file:
                if patterns and _ignored(name, child_rel, False, patterns):
                    continue
                if is_excluded is not None and is_excluded(path, False):
                    continue
                yield path, child_rel if os.sep == "/" else child_rel.replace("/", os.sep)
        stack.extend(reversed(subdirs))
