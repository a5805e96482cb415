"""flake8 entry point (``FLY`` in the ``flake8.extension`` group): the same rules and codes, per file.

flake8 calls the checker once per file. The file is linted by the engine as part of its project (the folder
of the nearest ``pyproject.toml``, else the file's folder), so project-wide facts (an environment imported
from another module) are known. One engine run per project and process serves every file whose text is
the text on disk; a file whose text differs (standard input, an unsaved buffer) is linted as standard input
in place of that file. flake8 applies its own ``# noqa`` and ``per-file-ignores`` to what the checker yields.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .project_scope import project_scope

_STDIN_NAMES = {"stdin", "-", "<stdin>"}
# (project root, target version) -> {absolute path: [(line, column, code, message)]}
_PROJECT_RUNS: dict[tuple[str, str | None], dict[str, list[tuple[int, int, str, str]]]] = {}


def _message(d: Any) -> str:
    """flake8 prints one line per finding: the message, then what to do about it (the fix or the help)."""
    remedy = d.fix.description if d.fix is not None else d.help
    return f"{d.message} (help: {remedy})" if remedy else str(d.message)


def _rows(diagnostics: Sequence[Any]) -> dict[str, list[tuple[int, int, str, str]]]:
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for d in diagnostics:
        out.setdefault(d.path, []).append((d.line, d.column, d.code, _message(d)))
    return out


def lint_for_flake8(filename: str, text: str, target_version: str | None = None) -> list[tuple[int, int, str, str]]:
    """(line, 1-based column, code, message) for ``filename`` whose content is ``text``."""
    from .config import ConfigError, Overrides
    from .engine import Options, run

    path = Path("stdin.py" if filename in _STDIN_NAMES else filename).absolute()
    scope = project_scope(path)
    root = scope[0] if len(scope) == 1 and scope[0] != path else path.parent
    overrides = Overrides(target_version=target_version)
    key = (str(root), target_version)
    on_disk: str | None = None
    if filename not in _STDIN_NAMES:
        try:
            on_disk = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            on_disk = None
    try:
        if on_disk is not None and on_disk.lstrip("\ufeff") == text.lstrip("\ufeff"):
            rows = _PROJECT_RUNS.get(key)
            if rows is None:
                rows = _rows(run(Options(scope, overrides, jobs=1)).diagnostics)
                _PROJECT_RUNS[key] = rows
            if str(path) in rows or _is_discovered(rows, root, path):
                return rows.get(str(path), [])
        result = run(Options(scope, overrides, jobs=1, stdin=(path, text), report_only={path}))
    except ConfigError as error:
        return [(1, 1, "FLY902", f"flyte-lint configuration error: {error}")]
    return [(d.line, d.column, d.code, _message(d)) for d in result.diagnostics if d.path == str(path)]


def _is_discovered(rows: dict[str, list[tuple[int, int, str, str]]], root: Path, path: Path) -> bool:
    # A file without findings has no row; it was part of the project run when it lies under the root.
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


class FlyteLintChecker:
    """A flake8 "tree" plugin; ``tree`` is unused (the engine parses with LibCST), ``lines`` is the text."""

    name = "flyte-lint"
    version = __version__
    target_version: str | None = None

    def __init__(self, tree: ast.AST | None, filename: str, lines: Sequence[str]) -> None:
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--flyte-target-version",
            default=None,
            parse_from_config=True,
            help="flyte-lint: the flyte SDK version to check against (default: the project's pin or the newest)",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.target_version = getattr(options, "flyte_target_version", None)

    def run(self) -> Iterator[tuple[int, int, str, type[FlyteLintChecker]]]:
        text = "".join(self.lines)
        for line, column, code, message in lint_for_flake8(self.filename, text, self.target_version):
            yield line, max(0, column - 1), f"{code} {message}", type(self)
