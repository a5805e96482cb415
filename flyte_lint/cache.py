"""A cache of ModuleFacts, like ``.ruff_cache``: an unchanged file is never parsed again.

Entries are keyed by the file's content hash, its module name, the tool version, the spec version and the
Python version (the parser's grammar). Each entry is one pickle file written atomically (temporary file +
rename), so concurrent runs never see half an entry; a truncated, corrupted or foreign entry is ignored and
rebuilt. Deleting the directory at any time is safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__, spec
from .diagnostics import Diagnostic
from .facts import ModuleFacts

CACHE_DIR_NAME = ".flyte_lint_cache"
_FORMAT = 3  # 2: facts are plain (not slotted) dataclasses; 3: the manifest knows flyte importers


def _schema_fingerprint() -> str:
    """A digest of the fact classes' fields: entries written by a build with other facts never load."""
    import dataclasses

    from . import facts as facts_module

    parts = []
    for name in sorted(vars(facts_module)):
        value = getattr(facts_module, name)
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            parts.append(name + ":" + ",".join(f"{f.name}={f.type}" for f in dataclasses.fields(value)))
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def _extractor_fingerprint() -> str:
    """A digest of the code that turns source into facts: a changed extractor never reuses old entries."""
    digest = hashlib.blake2b(digest_size=8)
    here = Path(__file__).resolve().parent
    for name in (
        "extract.py",
        "evaluate.py",
        "flow.py",
        "names.py",
        "facts.py",
        "noqa.py",
        "pep723.py",
        "fstring_fallback.py",
    ):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


_SALT = (
    f"{_FORMAT}:{__version__}:{spec.SPEC_VERSION}:{sys.version_info[:2]}:{_schema_fingerprint()}:"
    f"{_extractor_fingerprint()}:"
).encode()


def code_fingerprint() -> str:
    """A digest of the rules, the spec and the rule dispatch: cached findings are only valid for the same ones."""
    digest = hashlib.blake2b(_SALT, digest_size=16)
    here = Path(__file__).resolve().parent
    spec = here / "spec"
    parts = [*spec.glob("*.py"), *spec.glob("*.toml"), *spec.glob("releases/*.json"), here / "link.py"]
    parts += [here / "graph.py", here / "engine" / "dispatch.py", here / "diagnostics.py", here / "noqa.py"]
    for path in sorted([*parts, *(here / "rules").glob("*.py")]):
        try:
            digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode())
    return digest.hexdigest()


def entry_key(data: bytes, path: str, module_name: str | None) -> str:
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(b"\0" + _SALT + b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update((module_name or "").encode())
    return digest.hexdigest()


_MISSING = object()  # an entry that cannot be used

# The other modules a module's facts were computed from: (path, mtime_ns, size) each, in path order.
FlowStamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ManifestEntry:
    """What a run needs to know of an unchanged file without reading it."""

    mtime_ns: int
    size: int
    module_name: str | None
    mentions_flyte: bool
    imports_flyte: bool  # says "flyte" in something that may be an import of the SDK
    imports: frozenset[str] | None  # None: not scanned yet
    facts_key: str | None  # the facts entry, when the file was parsed
    parses: bool | None = None  # decodes and parses (asked only of files that mention flyte and matter not)


class FactsCache:
    """Facts per file by content, on disk. With ``in_memory`` (a long-lived process such as the language
    server, which passes the same cache to every run) facts also stay in memory once loaded or stored, one
    entry per file and kind (the newest), so a run after an edit loads nothing from disk but what changed."""

    def __init__(self, directory: Path, in_memory: bool = False) -> None:
        self.directory = directory
        self._ready = False
        self._in_memory = in_memory
        self._memory: dict[str, object] = {}  # entry key -> what it holds
        self._newest: dict[tuple[str, bool], str] = {}  # (path, flowed) -> its entry key in _memory
        self._manifest: dict[str, ManifestEntry] | None = None

    def _remember(self, key: str, path: str, flowed: bool, payload: object) -> None:
        if not self._in_memory:
            return
        previous = self._newest.get((path, flowed))
        if previous is not None and previous != key:
            self._memory.pop(previous, None)
        self._newest[(path, flowed)] = key
        self._memory[key] = payload

    def _load_entry(self, key: str) -> object:
        found = self._memory.get(key, _MISSING)
        return self._load(self._entry(key)) if found is _MISSING else found

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def _load(self, path: Path) -> object:
        """What an entry holds, or ``_MISSING`` when it is absent, written by another build, or damaged."""
        try:
            with path.open("rb") as handle:
                if handle.read(len(_SALT)) != _SALT:
                    return _MISSING
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
                ValueError, MemoryError):  # fmt: skip
            return _MISSING

    def manifest(self) -> dict[str, ManifestEntry]:
        """path (as the run spells it) -> what is known of it; empty when missing or unreadable. Callers do
        not change it (a run merges into a copy)."""
        if self._manifest is not None:
            return self._manifest
        loaded = self._load(self.directory / "manifest.pickle")
        if not isinstance(loaded, dict) or not all(isinstance(v, ManifestEntry) for v in loaded.values()):
            loaded = {}
        if self._in_memory:
            self._manifest = loaded
        return loaded

    def save_manifest(self, entries: dict[str, ManifestEntry]) -> None:
        if self._in_memory:
            self._manifest = entries
        self._write(self.directory / "manifest.pickle", entries)

    def get_result(self, key: str) -> list[Diagnostic] | None:
        """The findings of an earlier run over exactly the same files, settings and code, if recorded."""
        loaded = self._load(self.directory / "runs" / f"{key}.pickle")
        if not isinstance(loaded, list) or not all(isinstance(d, Diagnostic) for d in loaded):
            return None
        return loaded

    def put_result(self, key: str, diagnostics: list[Diagnostic]) -> None:
        runs = self.directory / "runs"
        try:
            runs.mkdir(parents=True, exist_ok=True)
            # Keep the directory small: a run key changes with every edit.
            old = sorted(runs.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
            for stale in old[:-20]:
                stale.unlink(missing_ok=True)
        except OSError:
            return
        self._write(runs / f"{key}.pickle", diagnostics)

    def get(self, key: str) -> ModuleFacts | None:
        facts = self._load_entry(key)
        if not isinstance(facts, ModuleFacts):
            return None
        self._remember(key, facts.path, False, facts)
        return facts

    @property
    def in_memory(self) -> bool:
        return self._in_memory

    def put(self, key: str, facts: ModuleFacts, persist: bool = True) -> None:
        self._remember(key, facts.path, False, facts)
        if persist:
            self._write(self._entry(key), facts)

    def get_flowed(self, key: str) -> tuple[FlowStamp, ModuleFacts] | None:
        """Facts of a module extracted with the values of other modules, and the stamp of those modules
        (path, modification time, size) they were computed from."""
        loaded = self._load_entry(key + "-flow")
        if not (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[1], ModuleFacts)):
            return None
        stamp, facts = loaded
        if not isinstance(stamp, tuple):
            return None
        self._remember(key + "-flow", facts.path, True, loaded)
        return stamp, facts

    def put_flowed(self, key: str, stamp: FlowStamp, facts: ModuleFacts) -> None:
        self._remember(key + "-flow", facts.path, True, (stamp, facts))
        self._write(self._entry(key + "-flow"), (stamp, facts))

    def _write(self, target: Path, payload: object) -> None:
        try:
            if not self._ready:
                self.directory.mkdir(parents=True, exist_ok=True)
                gitignore = self.directory / ".gitignore"
                if not gitignore.exists():
                    gitignore.write_text("# Created by flyte-lint\n*\n")
                self._ready = True
            target.parent.mkdir(exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_SALT)
                    pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, target)
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except OSError:
            pass  # a read-only tree or a full disk: run uncached
