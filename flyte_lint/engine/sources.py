"""The files of a run and the cache's manifest: an unchanged file is not read again; what a run needs of it
(does it mention flyte, what does it import, its facts) comes from the cache. Also the key of a whole run."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import FactsCache, FlowStamp, ManifestEntry
from ..config import Settings
from ..diagnostics import Diagnostic
from ..extract import parse_quietly
from ..facts import ModuleFacts
from ..import_lines import imported_modules
from .imports import flyte_flags_of, scan_files
from .reading import ReadFailure, decode_source, failure_diagnostic, read_file

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from .runner import Options
    from .workers import Workers


# Below this many files to read, starting worker processes costs more than reading on two cores saves.
PARALLEL_READ_FILES = 1000


class Sources:
    """The files of a run, read lazily: an unchanged file (same size and mtime as recorded in the cache's
    manifest) is not read at all; what the run needs of it (does it mention flyte, what does it import, its
    facts) comes from the cache."""

    def __init__(
        self,
        files: list[str],
        names_by_path: dict[str, list[str]],
        cache: FactsCache | None,
        stats: dict[str, tuple[int, int]],
        unsaved: dict[str, str],
        workers: Workers | None = None,
    ) -> None:
        self.cache = cache
        self.failures: list[Diagnostic] = []
        self.readable: list[str] = []
        self._module: dict[str, str | None] = {}
        self._data: dict[str, bytes] = {}
        self._stat = stats  # without a cache, nothing compares sizes and times: empty
        self._known: dict[str, ManifestEntry] = {}
        self._manifest = cache.manifest() if cache is not None else {}
        self._new_manifest: dict[str, ManifestEntry] = {}
        # (mentions flyte, may import flyte) of each readable file, from the manifest or the bytes
        self._flags: dict[str, tuple[bool, bool]] = {}
        # What files that never mention flyte import (all the run needs of them; see scan_files)
        self._imports: dict[str, set[str]] = {}
        self._import_memo: dict[bytes, frozenset[str]] = {}
        self._unsaved = frozenset(unsaved)
        to_read: list[tuple[str, str | None]] = []
        for key in files:
            names = names_by_path[key]
            self._module[key] = names[0] if names else None
            text = unsaved.get(key)
            if text is not None:
                given = text.encode("utf-8")
                self._flags[key] = flyte_flags_of(given)
                self._data[key] = given  # never dropped: reading it again would read the file on disk
                continue
            entry = self._manifest.get(key)
            if (
                entry is not None
                and (entry.mtime_ns, entry.size) == stats.get(key)
                and entry.module_name == self._module[key]
            ):
                self._known[key] = entry
                self._flags[key] = (entry.mentions_flyte, entry.imports_flyte)
                continue
            to_read.append((key, self._module[key]))
        # Reading alone would want a process per few hundred files; the pool it starts also extracts, which
        # wants more: one per hundred files.
        processes = workers.size(max(2, len(to_read) // 100)) if workers is not None else 1
        if workers is not None and processes > 1 and len(to_read) >= PARALLEL_READ_FILES:
            size = -(-len(to_read) // (processes * 4))
            batches = [to_read[start : start + size] for start in range(0, len(to_read), size)]
            scans = [scan for batch in workers.map(scan_files, batches, processes) for scan in batch]
        else:
            scans = scan_files(to_read, self._import_memo)
        for (key, _), scan in zip(to_read, scans, strict=True):
            if isinstance(scan, ReadFailure):
                self.failures.append(failure_diagnostic(key, scan))
                continue
            mentions, imports_flyte, kept, imports = scan
            self._flags[key] = (mentions, imports_flyte)
            if kept is not None:
                self._data[key] = kept
            if imports is not None:
                self._imports[key] = imports
        self.readable = [key for key in files if key in self._flags]  # in the order given

    def data(self, key: str) -> bytes | ReadFailure:
        data = self._data.get(key)
        if data is None:
            loaded = read_file(key)
            if isinstance(loaded, ReadFailure):
                return loaded
            data = self._data[key] = loaded
            self._known.pop(key, None)
        return data

    def _flyte_flags(self, key: str) -> tuple[bool, bool]:
        return self._flags.get(key, (False, False))  # a file that could not be read: nothing to parse

    def mentions_flyte(self, key: str) -> bool:
        return self._flyte_flags(key)[0]

    def imports_flyte(self, key: str) -> bool:
        return self._flyte_flags(key)[1]

    def parses(self, key: str) -> bool:
        """Does the file decode and parse? Asked of files that mention flyte but neither import it nor import
        anything that does: only a syntax error or undecodable bytes could be reported there."""
        entry = self._new_manifest.get(key) or self._known.get(key)
        if entry is not None and entry.parses is not None:
            return entry.parses
        data = self.data(key)
        if isinstance(data, ReadFailure):
            return False
        text = decode_source(data)
        try:
            ok = not isinstance(text, ReadFailure) and bool(parse_quietly(text, key))
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            ok = False
        self._record(key, parses=ok)
        return ok

    def imports(self, key: str, own: str | None) -> AbstractSet[str]:
        entry = self._known.get(key)
        if entry is not None and entry.imports is not None:
            return entry.imports
        found = self._imports.get(key)
        if found is None:
            data = self.data(key)
            if isinstance(data, ReadFailure):
                return frozenset()
            found = self._imports[key] = imported_modules(data, own, key.endswith("__init__.py"), self._import_memo)
        if self.cache is not None:
            self._record(key, imports=frozenset(found))
        return found

    def has_unsaved_text(self) -> bool:
        """Whether some file's text is only in this process (stdin, unsaved buffers): workers could not read it."""
        return bool(self._unsaved)

    def text(self, key: str) -> str | None:
        """The file's text, or None when it cannot be read or decoded."""
        data = self.data(key)
        if isinstance(data, ReadFailure):
            return None
        text = decode_source(data)
        return None if isinstance(text, ReadFailure) else text

    def _facts_key(self, key: str) -> str | None:
        """The cache key of a file's facts: from the manifest for an unchanged file (not read), else its bytes."""
        entry = self._known.get(key)
        if entry is not None and entry.facts_key is not None:
            return entry.facts_key
        data = self.data(key)
        if isinstance(data, ReadFailure):
            return None
        from ..cache import entry_key

        return entry_key(data, key, self._module[key])

    def cached_flowed(self, key: str) -> tuple[FlowStamp, ModuleFacts] | None:
        """Project-mode facts of an unchanged file, found (like ``cached_facts``) without reading it."""
        facts_key = self._facts_key(key) if self.cache is not None else None
        if self.cache is None or facts_key is None:
            return None
        found = self.cache.get_flowed(facts_key)
        if found is None or found[1].path != key:
            return None
        self._record(key, facts_key=facts_key)
        return found

    def store_flowed(self, key: str, stamp: FlowStamp, facts: ModuleFacts) -> None:
        data = self._data.get(key)
        if self.cache is None or data is None:
            return
        from ..cache import entry_key

        facts_key = entry_key(data, key, self._module[key])
        self.cache.put_flowed(facts_key, stamp, facts)
        self._record(key, facts_key=facts_key)

    def cached_facts(self, key: str) -> ModuleFacts | None:
        facts_key = self._facts_key(key) if self.cache is not None else None
        if self.cache is None or facts_key is None:
            return None
        facts = self.cache.get(facts_key)
        if facts is None or facts.path != key:
            return None  # an entry made for another spelling of the path: extract afresh
        self._record(key, facts_key=facts_key)
        return facts

    def store_facts(self, key: str, facts: ModuleFacts) -> None:
        if self.cache is None:
            return
        from ..cache import entry_key

        data = self._data.get(key)
        if data is None:
            return
        facts_key = entry_key(data, key, self._module[key])
        # An editor's buffer changes with every keystroke: a cache kept in memory holds its facts there only,
        # rather than leave a file on disk per keystroke.
        self.cache.put(facts_key, facts, persist=not (key in self._unsaved and self.cache.in_memory))
        self._record(key, facts_key=facts_key)

    def _record(self, key: str, **changes: object) -> None:
        if self.cache is None or key not in self._stat:
            return
        current = self._new_manifest.get(key) or self._known.get(key)
        if current is None:
            if key not in self._flags:
                return  # never read
            mtime_ns, size = self._stat[key]
            current = self._new_entry(key, mtime_ns, size)
        self._new_manifest[key] = replace(current, **changes)  # type: ignore[arg-type]

    def _new_entry(self, key: str, mtime_ns: int, size: int) -> ManifestEntry:
        mentions, imports = self._flyte_flags(key)
        return ManifestEntry(mtime_ns, size, self._module[key], mentions, imports, None, None)

    def save(self) -> None:
        if self.cache is None:
            return
        merged = dict(self._manifest)
        for key in self.readable:
            entry = self._new_manifest.get(key) or self._known.get(key)
            if entry is None and key in self._flags and key in self._stat:
                mtime_ns, size = self._stat[key]
                entry = self._new_entry(key, mtime_ns, size)
            if entry is not None:
                merged[key] = entry
        if merged != self._manifest:
            self.cache.save_manifest(merged)


def whole_run_key(
    options: Options,
    files: list[str],
    names_by_path: dict[str, list[str]],
    settings_by_path: dict[str, Settings],
    problems: list[Diagnostic],
    stats: dict[str, tuple[int, int]],
) -> str:
    """Everything a run's findings depend on: code, options, settings, and each file's size and mtime."""
    import hashlib

    from ..cache import code_fingerprint

    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=20)
    digest.update(
        repr((options.overrides, options.follow_symlinks, sorted(map(str, options.report_only or ())))).encode()
    )
    digest.update(repr(sorted({repr(s) for s in settings_by_path.values()})).encode())
    digest.update(repr(problems).encode())
    for key in files:
        digest.update(f"{key}\0{names_by_path.get(key)}\0{stats.get(key, (-1, -1))}\n".encode())
    return digest.hexdigest()


def stat_all(files: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime in ns, size) of each file that can be looked at."""
    stats: dict[str, tuple[int, int]] = {}
    for key in files:
        try:
            stat = os.stat(key)
        except OSError:
            continue
        stats[key] = (stat.st_mtime_ns, stat.st_size)
    return stats


def open_cache(options: Options, settings_by_path: dict[str, Settings]) -> FactsCache:
    from ..cache import CACHE_DIR_NAME, FactsCache

    if options.cache is not None:
        return options.cache
    if options.cache_dir is not None:
        return FactsCache(options.cache_dir)
    roots = {s.root for s in settings_by_path.values() if s.root is not None}
    base = sorted(roots, key=lambda p: len(p.parts))[0] if len(roots) == 1 else Path.cwd()
    return FactsCache(base / CACHE_DIR_NAME)
