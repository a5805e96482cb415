"""A run: discover files, extract facts (in parallel), link the project, run the rules, apply suppressions."""

from __future__ import annotations

import io
import os
import re
import tokenize
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import spec
from .cache import FactsCache, FlowStamp, ManifestEntry
from .config import Overrides, Settings, SettingsResolver, is_excluded
from .diagnostics import Diagnostic
from .discover import discover
from .extract import absolute_module_name, extract, mentions_flyte, parse_quietly
from .facts import ModuleFacts
from .flow import ProjectFlow
from .link import ProjectIndex
from .rules import all_rules, known_codes
from .rules.base import ModuleContext

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger files are reported and skipped


@dataclass
class Options:
    paths: list[Path]
    overrides: Overrides = field(default_factory=Overrides)
    jobs: int = 0  # 0 = all cores
    follow_symlinks: bool = False
    use_cache: bool = True
    cache_dir: Path | None = None
    # Text to lint in place of a file (``--stdin-filename``): path -> source.
    stdin: tuple[Path, str] | None = None
    # Only report on these paths (the rest of the project is indexed for context).
    report_only: set[Path] | None = None
    # Reuse the findings of an earlier identical run (same files by size and mtime, same settings and code).
    # Off for callers that need the run's facts (fixes, the graph view).
    result_cache: bool = False


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    files_checked: int
    modules: dict[str, ModuleFacts] = field(default_factory=dict)
    index: ProjectIndex | None = None
    settings_by_path: dict[str, Settings] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------
# Reading files


@dataclass(frozen=True, slots=True)
class ReadFailure:
    message: str
    line: int = 1
    column: int = 1


def decode_source(data: bytes) -> str | ReadFailure:
    """Bytes -> text as Python would read them (BOM, coding cookie, else UTF-8); a failure names the spot."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return ReadFailure(f"cannot determine the encoding: {error.msg if hasattr(error, 'msg') else error}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ReadFailure(
            f"cannot decode as {encoding}: byte 0x{data[error.start]:02x} at line {line}, column {column} "
            "(add a coding cookie or save the file as UTF-8)",
            line,
            column,
        )
    except LookupError:
        return ReadFailure(f"unknown encoding {encoding!r} in the coding cookie")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_file(path: Path | str) -> bytes | ReadFailure:
    try:
        # os-level open, fstat and read: this runs on every file of the tree, and file objects cost a third more.
        descriptor = os.open(path, _READ_FLAGS)
        try:
            size = os.fstat(descriptor).st_size
            if size > MAX_FILE_BYTES:
                return ReadFailure(f"file is too large to check ({size // (1024 * 1024)} MiB > 20 MiB); skipped")
            data = os.read(descriptor, size + 1)  # a regular file reads in one call, short only at its end
            if len(data) > size:  # it grew since the fstat: read on, up to the limit
                chunks = [data]
                while chunks[-1] and sum(map(len, chunks)) <= MAX_FILE_BYTES:
                    chunks.append(os.read(descriptor, MAX_FILE_BYTES + 1))
                data = b"".join(chunks)
        finally:
            os.close(descriptor)
        if len(data) > MAX_FILE_BYTES:  # grew while being read
            return ReadFailure(f"file is too large to check ({len(data) // (1024 * 1024)} MiB > 20 MiB); skipped")
        return data
    except FileNotFoundError:
        return ReadFailure("file disappeared during the run")
    except IsADirectoryError:
        return ReadFailure("is a directory")
    except PermissionError:
        return ReadFailure("permission denied")
    except OSError as error:
        return ReadFailure(f"cannot read: {error.strerror or error}")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def facts_for_bytes(data: bytes, path: str, module_name: str | None) -> ModuleFacts | ReadFailure:
    text = decode_source(data)
    if isinstance(text, ReadFailure):
        return text
    return extract(text, path, module_name)


def _extract_job(job: tuple[str, str | None, bytes]) -> ModuleFacts | ReadFailure:
    path, module_name, data = job
    return facts_for_bytes(data, path, module_name)


# ---------------------------------------------------------------------------------------------------------
# Which modules matter

# One import statement at the start of a line (matched from the line's first byte).
_IMPORT_LINE_RE = re.compile(rb"[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+([^\n#;]+)|import[ \t]+([^\n#;]+))")


# Anything that may be an import of the SDK: ``from flyte...``, ``import ..., flyte...`` (also after a ``;``),
# and any import continued with a backslash. False alarms only cost a parse.
_FLYTE_IMPORT_RE = re.compile(rb"\bfrom[ \t]+flyte\b|\bimport[ \t][^\n]*\bflyte\b|\b(?:from|import)\b[^\n]*\\\r?\n")


def may_import_flyte(data: bytes) -> bool:
    """Could this file import the flyte SDK? Only such files (and the files importing them) can define or
    use environments and tasks; a file that merely mentions flyte cannot."""
    return _flyte_flags_of(data)[1]


def _flyte_flags_of(data: bytes) -> tuple[bool, bool]:
    """(mentions flyte, may import flyte): the byte test runs on every file of the tree, the regex only on
    files that passed it."""
    mentions = mentions_flyte(data)
    return mentions, mentions and _FLYTE_IMPORT_RE.search(data) is not None


def _imported_modules(
    data: bytes, own_name: str | None, is_package: bool, memo: dict[bytes, frozenset[str]] | None = None
) -> set[str]:
    """Dotted module names a file imports (textual; good enough to decide whether it may use Flyte objects).

    Only import statements that begin a line count, and every such line contains ``import``: jumping from one
    occurrence to the next with ``bytes.find`` and matching at those lines' starts is about four times faster
    than a multi-line regex over every byte (this runs on every file that does not mention flyte). ``memo``
    maps an absolute import line to its names: the files of a tree repeat the same lines."""
    found: set[str] = set()
    memo = {} if memo is None else memo
    find, rfind, match_line, remembered = data.find, data.rfind, _IMPORT_LINE_RE.match, memo.get
    position = 0
    while (hit := find(b"import", position)) >= 0:
        match = match_line(data, rfind(b"\n", 0, hit) + 1)
        if match is not None:
            line = match[0]
            names = remembered(line)
            if names is None:
                if match[1] is not None and match[1].startswith(b"."):  # relative: depends on the file
                    found.update(_names_of_import(match, own_name, is_package))
                else:
                    found |= memo.setdefault(line, frozenset(_names_of_import(match, own_name, is_package)))
            else:
                found |= names
        end_of_line = find(b"\n", hit)
        if end_of_line < 0:
            break
        position = end_of_line + 1
    return found


def _names_of_import(match: re.Match[bytes], own_name: str | None, is_package: bool) -> list[str]:
    """The modules one import statement imports: ``a.b`` for ``import a.b as c``; ``a``, ``a.x`` and ``a.y``
    for ``from a import x, y`` (either name may be a submodule); relative ones resolved against the file."""
    from_module, from_names, plain = match.groups()
    if plain is not None:
        return [words[0] for part in plain.decode("ascii", "replace").split(",") if (words := part.split(None, 1))]
    written = from_module.decode("ascii", "replace")
    dotted = written.lstrip(".")
    module = absolute_module_name(dotted, len(written) - len(dotted), own_name, is_package)
    if module is None:
        return []
    names = [module]
    for imported in from_names.decode("ascii", "replace").replace("(", " ").replace(")", " ").split(","):
        words = imported.split(None, 1)
        if words and words[0] != "*":
            names.append(f"{module}.{words[0]}")
    return names


# What a run needs of a file it reads: (mentions flyte, may import flyte, its bytes if it mentions flyte (it may
# be parsed), else the modules it imports (all the closure over imports asks of it)).
_Scan = tuple[bool, bool, bytes | None, set[str] | None]

# Below this many files to read, starting worker processes costs more than reading on two cores saves.
PARALLEL_READ_FILES = 1000


def _scan_files(
    batch: Sequence[tuple[str, str | None]], memo: dict[bytes, frozenset[str]] | None = None
) -> list[_Scan | ReadFailure]:
    """Read each (path, module name) and keep only what the run needs: a file's bytes are scanned while they
    are in the processor's cache, and those of a file that never mentions flyte are let go at once."""
    memo = {} if memo is None else memo
    scans: list[_Scan | ReadFailure] = []
    for key, own in batch:
        data = read_file(key)
        if isinstance(data, ReadFailure):
            scans.append(data)
            continue
        mentions, imports_flyte = _flyte_flags_of(data)
        if mentions:
            scans.append((True, imports_flyte, data, None))
        else:
            scans.append((False, False, None, _imported_modules(data, own, key.endswith("__init__.py"), memo)))
    return scans


class _Workers:
    """The run's worker processes, started on first use and shared by reading and extraction. The first use
    sizes the pool (a forked pool starts all its processes at once, and each start costs the parent a fork):
    no more processes than the cores, or ``--jobs``, or what that work can use."""

    def __init__(self, requested: int) -> None:
        self.count = requested or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._size = 0

    def size(self, useful: int) -> int:
        """How many processes work that could use ``useful`` of them would run on."""
        return self._size if self._pool is not None else max(1, min(self.count, useful))

    def map(
        self, function: Callable[[_Item], _Result], items: Sequence[_Item], useful: int, chunksize: int = 1
    ) -> list[_Result]:
        return list(self.submit(function, items, useful, chunksize))

    def submit(
        self, function: Callable[[_Item], _Result], items: Sequence[_Item], useful: int, chunksize: int = 1
    ) -> Iterator[_Result]:
        """Start the work on the pool and return at once; the results come, in order, from the iterator."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor  # here: its import costs a cached run ~10 ms

            self._size = self.size(useful)
            context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
            self._pool = ProcessPoolExecutor(max_workers=self._size, mp_context=context)
        return self._pool.map(function, items, chunksize=chunksize)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _failure(key: str, failure: ReadFailure) -> Diagnostic:
    line, column = failure.line, failure.column
    return Diagnostic(key, line, column, line, column, "FLY902", "error", failure.message)


class _Sources:
    """The files of a run, read lazily: an unchanged file (same size and mtime as recorded in the cache's
    manifest) is not read at all; what the run needs of it (does it mention flyte, what does it import, its
    facts) comes from the cache."""

    def __init__(
        self,
        files: list[str],
        names_by_path: dict[str, list[str]],
        cache: FactsCache | None,
        stats: dict[str, tuple[int, int]],
        stdin: tuple[str, str] | None,
        workers: _Workers | None = None,
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
        # What files that never mention flyte import (all the run needs of them; see _scan_files)
        self._imports: dict[str, set[str]] = {}
        self._import_memo: dict[bytes, frozenset[str]] = {}
        self._stdin_key = stdin[0] if stdin is not None else None
        to_read: list[tuple[str, str | None]] = []
        for key in files:
            names = names_by_path[key]
            self._module[key] = names[0] if names else None
            if stdin is not None and key == stdin[0]:
                given = stdin[1].encode("utf-8")
                self._flags[key] = _flyte_flags_of(given)
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
            scans = [scan for batch in workers.map(_scan_files, batches, processes) for scan in batch]
        else:
            scans = _scan_files(to_read, self._import_memo)
        for (key, _), scan in zip(to_read, scans, strict=True):
            if isinstance(scan, ReadFailure):
                self.failures.append(_failure(key, scan))
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
            found = _imported_modules(data, own, key.endswith("__init__.py"), self._import_memo)
        if self.cache is not None:
            self._record(key, imports=frozenset(found))
        return found

    def has_unsaved_text(self) -> bool:
        """Whether some file's text is only in this process (given on stdin): workers could not read it."""
        return self._stdin_key is not None

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
        from .cache import entry_key

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
        from .cache import entry_key

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
        from .cache import entry_key

        data = self._data.get(key)
        if data is None:
            return
        facts_key = entry_key(data, key, self._module[key])
        self.cache.put(facts_key, facts)
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


def _close_over_imports(to_parse: set[str], sources: _Sources, names_by_path: dict[str, list[str]]) -> None:
    """Add to ``to_parse`` every file that imports (directly or through others) a module in it.

    A file that never mentions flyte can still use an environment it imports from a module that does. Each
    remaining file's imports are scanned once.
    """
    parsed_names = {name for key in to_parse for name in names_by_path[key]}
    pending = sorted(key for key in sources.readable if key not in to_parse)
    scanned: dict[str, AbstractSet[str]] = {}
    changed = True
    while changed and pending and parsed_names:
        changed = False
        still: list[str] = []
        for key in pending:
            imported = scanned.get(key)
            if imported is None:
                own = names_by_path[key][0] if names_by_path[key] else None
                imported = scanned[key] = sources.imports(key, own)
            if imported & parsed_names:
                to_parse.add(key)
                parsed_names.update(names_by_path[key])
                changed = True
            else:
                still.append(key)
        pending = still


class _ModuleNamer:
    """Dotted module names of files, with the package chain of each directory computed once."""

    def __init__(self) -> None:
        self._package: dict[str, tuple[str, ...] | None] = {}
        self._prefixes: dict[tuple[str, tuple[Path, ...]], list[tuple[str, bool]]] = {}

    def _package_parts(self, directory: str) -> tuple[str, ...]:
        cached = self._package.get(directory)
        if cached is not None or directory in self._package:
            return cached or ()
        parent = os.path.dirname(directory)
        if parent != directory and os.path.isfile(os.path.join(directory, "__init__.py")):
            parts = (*self._package_parts(parent), os.path.basename(directory))
        else:
            parts = ()
        self._package[directory] = parts
        return parts

    def names(self, path: str, roots: tuple[Path, ...]) -> list[str]:
        spelled, filename = os.path.split(path)
        stem = None if filename == "__init__.py" else filename.rsplit(".", 1)[0]
        stem_is_identifier = stem is None or stem.isidentifier()
        names: list[str] = []
        for index, (dotted, identifiers) in enumerate(self._folder_prefixes(spelled, roots)):
            name = dotted if stem is None else f"{dotted}.{stem}" if dotted else stem
            # The package chain gives a name even to a top-level script; a source root needs identifiers.
            if name and (index == 0 or (identifiers and stem_is_identifier)) and name not in names:
                names.append(name)
        return names

    def _folder_prefixes(self, spelled: str, roots: tuple[Path, ...]) -> list[tuple[str, bool]]:
        """Module-name prefixes of the files in a folder, dotted, each with whether all its parts are
        identifiers: its package chain first, then its path below each source root that contains it. Computed
        once per folder and set of roots."""
        key = (spelled, roots)
        cached = self._prefixes.get(key)
        if cached is not None:
            return cached
        directory = os.path.abspath(spelled or ".")
        chains: list[tuple[str, ...]] = [self._package_parts(directory)]
        for root in roots:
            base = os.path.abspath(root)
            if directory == base:
                chains.append(())
            elif directory.startswith(base + os.sep):
                chains.append(tuple(directory[len(base) + 1 :].split(os.sep)))
        prefixes = [(".".join(chain), all(part.isidentifier() for part in chain)) for chain in chains]
        self._prefixes[key] = prefixes
        return prefixes


# ---------------------------------------------------------------------------------------------------------
# The run


def run(options: Options) -> RunResult:
    known = known_codes()
    resolver = SettingsResolver(known, options.overrides)  # may raise ConfigError
    diagnostics: list[Diagnostic] = []

    walked: dict[str, Settings] = {}

    def excluded(path: str, is_dir: bool) -> bool:
        if is_dir:
            settings = resolver.for_directory(path)
        else:  # asked of every file of the walk: its settings are kept for the run
            settings = walked[path] = resolver.for_file(path)
        return bool(settings.exclude) and is_excluded(path, settings)

    discovery = discover(options.paths, follow_symlinks=options.follow_symlinks, is_excluded=excluded)
    for problem in discovery.problems:
        diagnostics.append(Diagnostic(problem.path, 1, 1, 1, 1, "FLY902", "error", problem.message))
    files = discovery.files
    stdin = (str(options.stdin[0]), options.stdin[1]) if options.stdin is not None else None
    stdin_key = stdin[0] if stdin is not None else None
    if stdin_key is not None and stdin_key not in files:
        files.append(stdin_key)

    settings_by_path: dict[str, Settings] = {}
    names_by_path: dict[str, list[str]] = {}
    namer = _ModuleNamer()
    roots_by_settings: dict[int, tuple[Path, ...]] = {}
    for key in files:
        settings = walked.get(key) or resolver.for_file(key)
        settings_by_path[key] = settings
        roots = roots_by_settings.get(id(settings))
        if roots is None:
            found = [settings.root] if settings.root else []
            found += [(settings.root or Path.cwd()) / s for s in settings.src]
            roots = roots_by_settings[id(settings)] = tuple(found)
        names_by_path[key] = namer.names(key, roots)

    cache = _open_cache(options, settings_by_path) if options.use_cache else None
    # Sizes and times, taken once: they key the cached result of the whole run and each file's manifest entry.
    stats = _stat_all([key for key in files if key != stdin_key]) if cache is not None else {}
    run_key = None
    if cache is not None and options.result_cache and options.stdin is None:
        run_key = _run_key(options, files, names_by_path, settings_by_path, diagnostics, stats)
        previous = cache.get_result(run_key)
        if previous is not None:
            return RunResult(previous, len(files), {}, None, settings_by_path)
    # Worker processes, if any, serve the reading of a large tree and the extraction, then stop.
    with _Workers(options.jobs) as workers:
        sources = _Sources(files, names_by_path, cache, stats, stdin, workers)
        diagnostics.extend(sources.failures)

        # Parse what imports flyte, then whatever imports a parsed module (until nothing changes). A file that
        # only mentions flyte (a docstring, a constant) is parsed in full only when it fails to parse: then the
        # syntax error (or the undecodable byte) is reported like any other.
        to_parse = {key for key in sources.readable if sources.imports_flyte(key)}
        _close_over_imports(to_parse, sources, names_by_path)
        to_parse.update(
            key
            for key in sources.readable
            if key not in to_parse and sources.mentions_flyte(key) and not sources.parses(key)
        )

        # Every module is extracted on its own first (on the workers, cached). A module that imports from the
        # project and used an imported name for its value is then extracted again in project mode, with the
        # values of the modules it imports from (in this process, or on the workers for many).
        flow = ProjectFlow(sources.text, names_by_path)
        modules: dict[str, ModuleFacts] = {}
        misses: list[tuple[str, str | None, bytes]] = []
        for key in sorted(to_parse):
            hit = sources.cached_facts(key)
            if hit is not None:
                modules[key] = hit
                continue
            data = sources.data(key)
            if isinstance(data, ReadFailure):
                diagnostics.append(_failure(key, data))
                continue
            misses.append((key, names_by_path[key][0] if names_by_path[key] else None, data))
        for (key, _, _), result in zip(misses, _extract_all(misses, workers), strict=True):
            if isinstance(result, ReadFailure):
                diagnostics.append(_failure(key, result))
            else:
                modules[key] = result
                sources.store_facts(key, result)
        flowing = {
            key
            for key, facts in modules.items()
            if facts.parse_error is None
            and (
                (facts.values_from and flow.imports_project(key, facts.values_from))
                or any(flow.module_path(key, module) is None for module in facts.optional_imports)
            )
        }
        if flowing:
            _flow_through_project(modules, flowing, flow, sources, stats, workers)
    modules = dict(sorted(modules.items()))
    sources.save()

    index = ProjectIndex(modules.values(), names_by_path)
    rules = all_rules()
    report_only = {str(p) for p in options.report_only} if options.report_only is not None else None
    for key, facts in modules.items():
        if report_only is not None and key not in report_only:
            continue  # indexed for project rules only
        settings = settings_by_path[key]
        try:
            target = settings.target(facts.pinned_flyte)
        except spec.VersionError:
            target = spec.DEFAULT_TARGET
        checks = [rule.check for rule in rules if rule.check is not None and settings.enabled(rule.code)]
        diagnostics.extend(_module_findings(facts, target, index, checks))
    project_context = ProjectContextFactory(index, settings_by_path)
    for rule in rules:
        if rule.check_project is not None:
            diagnostics.extend(
                d
                for d in rule.check_project(project_context)
                if settings_by_path.get(d.path, Settings()).enabled(d.code)
            )

    final = [
        _unreached(d, modules.get(d.path))
        for d in diagnostics
        if _kept(d, modules.get(d.path), settings_by_path.get(d.path))
        and (report_only is None or d.path in report_only)
    ]
    final = sorted(set(final), key=lambda d: d.sort_key)
    if run_key is not None and cache is not None:
        cache.put_result(run_key, final)
    return RunResult(final, len(files), modules, index, settings_by_path)


def _module_findings(
    facts: ModuleFacts,
    target: spec.Target,
    index: ProjectIndex,
    checks: Sequence[Callable[[ModuleContext], Iterable[Diagnostic]]],
) -> list[Diagnostic]:
    """The module rules' findings for a target. A range of releases (``flyte>=2.5,<2.9``) is checked release by
    release: what every release of the range rejects keeps its severity; an error that only some releases
    raise becomes a warning naming them."""
    if len(target.profiles) == 1:
        context = ModuleContext(facts, target, index)
        return [d for check in checks for d in check(context)]
    found: dict[tuple[str, int, int, int, int], list[tuple[str, Diagnostic]]] = {}
    for profile in target.profiles:
        context = ModuleContext(facts, target.single(profile), index)
        for check in checks:
            for diagnostic in check(context):
                key = (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column)
                found.setdefault(key, []).append((profile, diagnostic))
    results: list[Diagnostic] = []
    for hits in found.values():
        releases = list(dict.fromkeys(profile for profile, _ in hits))
        newest = hits[-1][1]
        if len(releases) == len(target.profiles):
            results.append(newest)
            continue
        severity = "warning" if newest.severity == "error" else newest.severity
        note = f" [only with flyte {', '.join(releases)} of the pinned range {target.release}]"
        results.append(replace(newest, severity=severity, message=newest.message + note))
    return results


def _flow_through_project(
    modules: dict[str, ModuleFacts],
    flowing: set[str],
    flow: ProjectFlow,
    sources: _Sources,
    stats: dict[str, tuple[int, int]],
    workers: _Workers,
) -> None:
    """Facts of the modules that import from the project, with the values of those imports: from the cache
    when none of the modules they were computed from changed, else extracted in project mode."""

    def stamp(paths: Iterable[str]) -> FlowStamp | None:
        found = []
        for path in paths:
            stat = stats.get(path)
            if stat is None:
                return None  # not stat-ed in this run (no cache, or stdin): cannot be compared
            found.append((path, stat[0], stat[1]))
        return tuple(found)

    todo: list[str] = []
    for key in sorted(flowing):
        cached = sources.cached_flowed(key)
        if cached is not None and stamp(path for path, _, _ in cached[0]) == cached[0]:
            modules[key] = cached[1]
        else:
            todo.append(key)
    results = _flow_on_workers(todo, flow, sources, workers) if todo else []
    if results is None:  # in this process: one flow sees every module (and every patch of a setting)
        results = []
        extracted = [key for key in todo if flow.facts(key) is not None]  # None: unreadable, reported already
        # A module read a setting that another module, extracted later, sets at import: read it again.
        flow.settle()
        for key in extracted:
            facts = flow.facts(key)
            assert facts is not None
            results.append((key, facts, flow.sources_of(key), False))
    for key, facts, used, _ in results:
        modules[key] = facts
        recorded = stamp(used)
        if recorded is not None:
            sources.store_flowed(key, recorded, facts)


# Below this many modules to extract in project mode, the worker pool's start-up costs more than it saves.
PARALLEL_FLOW_MODULES = 40

_FlowResult = tuple[str, ModuleFacts, list[str], bool]  # path, facts, modules its values came from, patched


def _flow_on_workers(
    todo: list[str], flow: ProjectFlow, sources: _Sources, workers: _Workers
) -> list[_FlowResult] | None:
    """Project-mode extraction on the worker pool: the modules are split by folder (a package's modules and
    the ones they import from mostly go together), each worker runs its own flow. None when it is not worth
    it, when the text of a module is only in this process (stdin), or when some module sets another module's
    settings at import (then one flow must see them all, in this process)."""
    processes = workers.size(max(1, len(todo) // PARALLEL_FLOW_MODULES))
    if processes <= 1 or len(todo) < PARALLEL_FLOW_MODULES or sources.has_unsaved_text():
        return None
    groups: dict[str, list[str]] = {}
    for key in todo:
        groups.setdefault(os.path.dirname(key), []).append(key)
    shares: list[list[str]] = [[] for _ in range(processes * 2)]
    for folder in sorted(groups, key=lambda f: (-len(groups[f]), f)):
        min(shares, key=len).extend(groups[folder])
    jobs = [(share, flow.names_by_path) for share in shares if share]
    results = [result for batch in workers.submit(_flow_job, jobs, processes) for result in batch]
    if any(patched for _, _, _, patched in results):
        return None
    return results


def _flow_job(job: tuple[list[str], dict[str, list[str]]]) -> list[_FlowResult]:
    keys, names_by_path = job

    def read(path: str) -> str | None:
        data = read_file(path)
        if isinstance(data, ReadFailure):
            return None
        text = decode_source(data)
        return None if isinstance(text, ReadFailure) else text

    flow = ProjectFlow(read, names_by_path)
    extracted = [key for key in keys if flow.facts(key) is not None]
    flow.settle()
    patched = bool(flow.patches)
    found: list[_FlowResult] = []
    for key in extracted:
        facts = flow.facts(key)
        assert facts is not None
        found.append((key, facts, flow.sources_of(key), patched))
    return found


def _run_key(
    options: Options,
    files: list[str],
    names_by_path: dict[str, list[str]],
    settings_by_path: dict[str, Settings],
    problems: list[Diagnostic],
    stats: dict[str, tuple[int, int]],
) -> str:
    """Everything a run's findings depend on: code, options, settings, and each file's size and mtime."""
    import hashlib

    from .cache import code_fingerprint

    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=20)
    digest.update(
        repr((options.overrides, options.follow_symlinks, sorted(map(str, options.report_only or ())))).encode()
    )
    digest.update(repr(sorted({repr(s) for s in settings_by_path.values()})).encode())
    digest.update(repr(problems).encode())
    for key in files:
        digest.update(f"{key}\0{names_by_path.get(key)}\0{stats.get(key, (-1, -1))}\n".encode())
    return digest.hexdigest()


def _stat_all(files: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime in ns, size) of each file that can be looked at."""
    stats: dict[str, tuple[int, int]] = {}
    for key in files:
        try:
            stat = os.stat(key)
        except OSError:
            continue
        stats[key] = (stat.st_mtime_ns, stat.st_size)
    return stats


def _extract_all(
    jobs: Sequence[tuple[str, str | None, bytes]], workers: _Workers
) -> Iterable[ModuleFacts | ReadFailure]:
    """Facts of each job, in order. On the worker pool the work starts here and the results are collected
    when iterated, so the caller can do other work (the project-mode modules) in the meantime."""
    total = sum(len(job[2]) for job in jobs)
    # Worker start-up costs ~0.1 s; only worth it for a few hundred kB of source.
    processes = workers.size(len(jobs) // 4)
    if processes <= 1 or len(jobs) < 8 or total < 400_000:
        return (_extract_job(job) for job in jobs)
    return workers.submit(_extract_job, jobs, processes, chunksize=max(1, len(jobs) // (processes * 4)))


def _open_cache(options: Options, settings_by_path: dict[str, Settings]) -> FactsCache:
    from .cache import CACHE_DIR_NAME, FactsCache

    if options.cache_dir is not None:
        return FactsCache(options.cache_dir)
    roots = {s.root for s in settings_by_path.values() if s.root is not None}
    base = sorted(roots, key=lambda p: len(p.parts))[0] if len(roots) == 1 else Path.cwd()
    return FactsCache(base / CACHE_DIR_NAME)


class ProjectContextFactory:
    """What project rules (FLY3xx) receive."""

    def __init__(self, index: ProjectIndex, settings_by_path: dict[str, Settings]) -> None:
        self.index = index
        self.settings_by_path = settings_by_path

    def target_for(self, facts: ModuleFacts) -> spec.Target:
        settings = self.settings_by_path.get(facts.path, Settings())
        try:
            return settings.target(facts.pinned_flyte)
        except spec.VersionError:
            return spec.DEFAULT_TARGET

    def context(self, facts: ModuleFacts) -> ModuleContext:
        return ModuleContext(facts, self.target_for(facts), self.index)


def _unreached(diagnostic: Diagnostic, facts: ModuleFacts | None) -> Diagnostic:
    """An error where the SDK's raise may never reach the user is not certain: in a ``try`` whose handler may
    catch it, or in a function no followed call runs. It is reported as ``info``, saying why."""
    if diagnostic.severity != "error" or facts is None or not (facts.guarded or facts.dormant):
        return diagnostic
    line = diagnostic.line
    if any(start <= line <= end for start, end in facts.guarded):
        why = "inside a try whose handler may catch it"
    elif any(start <= line <= end for start, end in facts.dormant):
        why = "in a function flyte-lint saw no call of: the SDK raises only when it runs"
    else:
        return diagnostic
    return replace(diagnostic, severity="info", message=f"{diagnostic.message} ({why})")


def _kept(diagnostic: Diagnostic, facts: ModuleFacts | None, settings: Settings | None) -> bool:
    if settings is not None and not settings.enabled(diagnostic.code, Path(diagnostic.path)):
        return False
    if facts is None:
        return True
    suppressions = facts.suppressions
    if suppressions.file_level or _matches(diagnostic.code, suppressions.file_codes):
        return False
    if not suppressions.by_line:
        return True
    lines = {diagnostic.line, *diagnostic.noqa_lines}
    for start, end in suppressions.statement_ranges:
        if start <= diagnostic.line <= end:
            lines.add(start)
    by_line = dict(suppressions.by_line)
    for line in lines:
        if line in by_line:
            codes = by_line[line]
            if codes is None or _matches(diagnostic.code, codes):
                return False
    return True


def _matches(code: str, codes: frozenset[str]) -> bool:
    """A noqa code list covers ``code`` exactly or by prefix (``FLY2`` covers FLY201)."""
    return any(code.startswith(c) for c in codes)


def lint_paths(paths: Iterable[str | Path], **overrides: object) -> list[Diagnostic]:
    options = Options([Path(p) for p in paths], Overrides(**overrides))  # type: ignore[arg-type]
    return run(options).diagnostics
