"""The linter's findings for a module mypy checks.

Findings come from ``flyte_lint.single`` (the linter's own extraction, project flow and rules): the plugin has
no checks of its own. This module loads the linter; the plugin imports it only when a module is checked (a run
whose modules are all cached never does).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .. import spec
from ..cache import CACHE_DIR_NAME, code_fingerprint
from ..config import ConfigError, Overrides, Settings, SettingsResolver
from ..diagnostics import Diagnostic
from ..rules import known_codes
from ..single import lint_module, read_text
from ._codes import BY_RULE
from ._project import Files

# An unknown keyword of TaskEnvironment(...) / @env.task(...) that no flyte release takes is already an error in
# plain mypy (flyte's signatures have no **kwargs): the linter's words come as a note silenced with that error.
_UNKNOWN_KEYWORD: Final = re.compile(r"unexpected keyword argument '(\w+)'")
_ALL_KEYWORDS: Final = {
    "FLY004": (frozenset(k for p in spec.PROFILES for k in spec.env_fields(p)), "call-arg"),
    "FLY101": (frozenset(k for p in spec.PROFILES for k in spec.task_keywords(p)), "call-overload"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    column: int  # 0-based, as mypy counts
    end_line: int
    end_column: int
    code: str  # the plugin's error code (a mypy code for a note: see ``note``)
    message: str
    note: bool = False


def _finding(d: Diagnostic, lines: list[str]) -> Finding | None:
    code = BY_RULE.get(d.code)
    # Error-level findings only (the SDK raises), plus FLY003: the plugin's documented flyte-description code.
    if code is None or not (d.severity == "error" or (d.code == "FLY003" and d.severity == "warning")):
        return None
    position = (d.line, max(0, d.column - 1), d.end_line, max(0, d.end_column - 1))
    known = _ALL_KEYWORDS.get(d.code)
    if known is not None:
        keyword = _UNKNOWN_KEYWORD.search(d.message)
        if keyword is not None and keyword.group(1) not in known[0] and _written(keyword.group(1), d, lines):
            return Finding(*position, known[1], f"flyte: {d.message}", note=True)
    return Finding(*position, code.code, d.message)


def _written(keyword: str, d: Diagnostic, lines: list[str]) -> bool:
    """Whether the finding's span spells ``keyword=`` out (then mypy checks it against flyte's signature); a
    keyword passed through ``**options`` or ``functools.partial`` elsewhere is the plugin's to report."""
    span = "\n".join(lines[d.line - 1 : d.end_line])
    return re.search(rf"\b{re.escape(keyword)}\s*=(?!=)", span) is not None


class Findings:
    """The findings per module, recomputed when the module or a module it took values from changes."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self._cache: dict[str, tuple[tuple[tuple[str, str], ...], tuple[Finding, ...]]] = {}
        self._stored = StoredFindings(files)
        self._seen: dict[str, tuple[int, tuple[Finding, ...]]] = {}
        self._resolver: tuple[int, SettingsResolver] | None = None

    def settings(self, path: str) -> Settings | None:
        """The linter's settings for ``path`` (None when the configuration is broken: the linter reports that);
        one resolver per generation, which reads each folder's configuration once."""
        if self._resolver is None or self._resolver[0] != self._files.generation:
            self._resolver = (self._files.generation, SettingsResolver(known_codes(), Overrides()))
        try:
            return self._resolver[1].for_file(path)
        except ConfigError:
            return None

    def _key(self, path: str, module: str, used: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        key = []
        for file in (path, *used):
            found = self._files.get(file, module)
            if found is None:
                return None
            key.append((file, found.digest))
        return tuple(key)

    def of(self, path: str, module: str, names_by_path: dict[str, list[str]]) -> tuple[Finding, ...]:
        # Asked at every call into flyte: within one generation (no file changed since) the answer stands.
        seen = self._seen.get(path)
        if seen is not None and seen[0] == self._files.generation:
            return seen[1]
        findings = self._of(path, module, names_by_path)
        self._seen[path] = (self._files.generation, findings)
        return findings

    def _of(self, path: str, module: str, names_by_path: dict[str, list[str]]) -> tuple[Finding, ...]:
        absolute = os.path.abspath(path)
        cached = self._cache.get(absolute)
        if cached is not None:
            used = tuple(file for file, _ in cached[0][1:])
            if self._key(absolute, module, used) == cached[0]:
                return cached[1]
        settings = self.settings(absolute)
        if settings is None:
            return ()
        closure = self._files.closure(absolute, module)
        entry = self._stored.entry(absolute, module, settings, self._files.stamp(absolute, module))
        stored = self._stored.get(entry)
        if stored is not None:
            key = self._key(absolute, module, tuple(file for _, file in closure))
            if key is not None:
                self._cache[absolute] = (key, stored)
            return stored
        names = dict(names_by_path)
        for name, file in closure:
            names.setdefault(file, [name])
        lint = lint_module(absolute, module, read_text, names, settings, [file for _, file in closure])
        lines = (read_text(absolute) or "").splitlines()
        findings = tuple(f for f in (_finding(d, lines) for d in lint.diagnostics) if f is not None)
        key = self._key(absolute, module, lint.used)
        if key is not None:
            self._cache[absolute] = (key, findings)
        self._stored.put(entry, findings)
        return findings


class StoredFindings:
    """A module's findings on disk, next to the linter's own cache (``.flyte_lint_cache/mypy/`` at the project
    root), keyed by everything they are computed from: flyte-lint's code and spec, the settings, the module's
    text and the text of every project module it imports (directly or not). A cold mypy run (a new cache
    directory, CI, a fresh daemon) then lints only what changed since the last run of either front end.
    ``FLYTE_LINT_NO_CACHE=1`` turns it off."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self._code: str | None = None
        self._enabled = os.environ.get("FLYTE_LINT_NO_CACHE", "") in ("", "0")

    def entry(self, path: str, module: str, settings: Settings, stamp: list[list[str]]) -> Path | None:
        """The file that holds the findings of this module with these settings and imported texts, or None when
        nothing is stored (turned off, or the module cannot be read)."""
        if not self._enabled:
            return None
        own = self._files.get(path, module)
        if own is None:
            return None
        if self._code is None:
            self._code = code_fingerprint()
        digest = hashlib.blake2b(digest_size=16)
        for part in (self._code, repr(settings), path, module, own.digest, repr(stamp)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        key = digest.hexdigest()
        base = settings.root if settings.root is not None else Path.cwd()
        return base / CACHE_DIR_NAME / "mypy" / key[:2] / f"{key}.json"

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
        rows = [[f.line, f.column, f.end_line, f.end_column, f.code, f.message, f.note] for f in findings]
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(rows, out)
            os.replace(temporary, entry)
        except OSError:
            pass  # a read-only project: the findings are simply computed again next time
