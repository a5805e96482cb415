"""The linter's findings for a module mypy checks: remembered for the build, kept on disk across runs.

Findings come from ``flyte_lint.single`` (the linter's own extraction, project flow and rules, run by
``_lint``): the plugin has no checks of its own. Findings stored by an earlier run are found from file digests
alone (flyte-lint's code, the configuration files, the module and the modules it imports), so a run they answer
loads no part of the linter.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ._project import Files, digest_of

# Where the linter keeps its caches (flyte_lint.cache.CACHE_DIR_NAME), written here to spare the import.
_CACHE_DIR_NAME = ".flyte_lint_cache"


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    column: int  # 0-based, as mypy counts
    end_line: int
    end_column: int
    code: str  # the plugin's error code
    message: str


_Cached = tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[Finding, ...], bool]


class Findings:
    """The findings per module, recomputed when the module, a module it took values from or a configuration
    file that governs it changes."""

    def __init__(self, files: Files) -> None:
        self._files = files
        # By path and module name (a deleted __init__.py renames the module): the key the findings were computed
        # under, the module's closure then, the findings.
        self._cache: dict[tuple[str, str], _Cached] = {}
        self._stored = StoredFindings(files)
        self._seen: dict[tuple[str, str], tuple[int, tuple[Finding, ...]]] = {}

    def _key(self, path: str, module: str, used: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        key = [(file, digest) for file, digest in self._files.config_stamp(path)]
        for file in (path, *used):
            found = self._files.get(file, module)
            if found is None:
                return None
            key.append((file, found.digest))
        return tuple(key)

    def of(self, path: str, module: str, names_by_path: dict[str, list[str]]) -> tuple[Finding, ...]:
        # Asked at every call into flyte: within one generation (no file changed since) the answer stands.
        seen = self._seen.get((path, module))
        if seen is not None and seen[0] == self._files.generation:
            return seen[1]
        findings = self._of(path, module, names_by_path)
        self._seen[(path, module)] = (self._files.generation, findings)
        return findings

    def _of(self, path: str, module: str, names_by_path: dict[str, list[str]]) -> tuple[Finding, ...]:
        absolute = os.path.abspath(path)
        closure = self._files.closure(absolute, module)
        closure_files = tuple(file for _, file in closure)
        # Modules of the build that import this one (or its closure) and may change its objects: read with it.
        changers = self._files.changers(absolute, module, names_by_path, closure_files)
        closure = [*closure, *changers]
        closure_files = (*closure_files, *(file for _, file in changers))
        # Whether any module mypy checks may register task plugins (FLY116 trusts no class of the project then):
        # part of what the findings are computed from, as the closure is.
        registers = self._files.registers_plugins(names_by_path)
        cached = self._cache.get((absolute, module))
        if cached is not None and cached[1] == closure_files and cached[3] == registers:
            # (A module created or deleted since changes the closure: a module it imports may be new.)
            configuration = len(self._files.config_stamp(absolute))
            used = tuple(file for file, _ in cached[0][configuration + 1 :])
            if self._key(absolute, module, used) == cached[0]:
                return cached[2]
        entry = self._stored.entry(absolute, module, registers)
        stored = self._stored.get(entry)
        if stored is not None:
            key = self._key(absolute, module, closure_files)
            if key is not None:
                self._cache[(absolute, module)] = (key, closure_files, stored, registers)
            return stored
        from ._lint import lint

        names = dict(names_by_path)
        for name, file in closure:
            names.setdefault(file, [name])
        findings, used = lint(absolute, module, names, list(closure_files), self._files.generation, registers)
        key = self._key(absolute, module, used)
        if key is not None:
            self._cache[(absolute, module)] = (key, closure_files, findings, registers)
        self._stored.put(entry, findings)
        return findings


@cache
def code_fingerprint() -> str:
    """A digest of flyte-lint's own files (code, spec, probed releases): stored findings are valid only for the
    code that computed them, whatever its version number says. Not ``flyte_lint.cache.code_fingerprint``: that
    one is salted with the fact classes' fields, which means importing them, and a run answered from the store
    imports no part of the linter; every file of the package is read here instead (about 3 ms, once a run)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for suffix in ("*.py", "*.json", "*.toml") for p in package.rglob(suffix)):
        if "__pycache__" in path.parts:
            continue
        try:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode())
    return digest.hexdigest()


class StoredFindings:
    """A module's findings on disk, next to the linter's own cache (``.flyte_lint_cache/mypy/`` at the project
    root, the folder of the nearest pyproject.toml), keyed by everything they are computed from: flyte-lint's
    code and spec, the configuration files, the module's text and the text of every project module it imports
    (directly or not). A cold mypy run (a new cache
    directory, CI, a fresh daemon) then lints only what changed since the last run of either front end.
    ``FLYTE_LINT_NO_CACHE=1`` turns it off."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self._enabled = os.environ.get("FLYTE_LINT_NO_CACHE", "") in ("", "0")

    def entry(self, path: str, module: str, registers_plugins: bool = False) -> Path | None:
        """The file that holds the findings of this module with these configuration files and imported texts,
        or None when nothing is stored (turned off, or the module cannot be read)."""
        if not self._enabled:
            return None
        own = self._files.get(path, module)
        if own is None:
            return None
        configuration = self._files.config_stamp(path)
        parts = (
            code_fingerprint(),
            repr(configuration),
            path,
            module,
            own.digest,
            repr(self._files.stamp(path, module)),
            "registers-plugins" if registers_plugins else "",
        )
        key = digest_of("\0".join(parts).encode("utf-8", "surrogateescape"), 16)
        pyprojects = [file for file, _ in configuration if os.path.basename(file) == "pyproject.toml"]
        base = Path(os.path.dirname(pyprojects[-1])) if pyprojects else Path.cwd()
        return base / _CACHE_DIR_NAME / "mypy" / key[:2] / f"{key}.json"

    def get(self, entry: Path | None) -> tuple[Finding, ...] | None:
        if entry is None:
            return None
        try:
            rows = json.loads(entry.read_text(encoding="utf-8"))
            return tuple(Finding(*row) for row in rows)
        except (OSError, ValueError, TypeError):
            return None  # absent, half-written by a crashed run, or from another layout: lint again

    def put(self, entry: Path | None, findings: tuple[Finding, ...]) -> None:
        if entry is None:
            return
        rows = [[f.line, f.column, f.end_line, f.end_column, f.code, f.message] for f in findings]
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(rows, out)
            os.replace(temporary, entry)
        except OSError:
            pass  # a read-only project: the findings are simply computed again next time
