"""What the plugin knows of the project's files without loading the linter: which modules are the user's, their
digests, the project modules each imports (directly or not), and the configuration files that govern them.

mypy asks the plugin for each module's cache data at every run, a warm one included (where it checks nothing and
the linter is never needed): this module answers that from the standard library alone, a byte-level import scan
and one digest per file, so a run with everything cached costs little more than plain mypy's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Collection
from typing import Final, NamedTuple

from ..import_lines import PLUGIN_REGISTRATION_MARKS, imported_modules

# Following imports further than this many files costs more than an editor run should pay.
_MAX_CLOSURE: Final = 400
_OUTSIDE: Final = frozenset({"site-packages", "dist-packages", "typeshed"})
# The files the linter's settings come from (config.SettingsResolver): each folder's pyproject.toml, and the
# requirements files beside it (a pin of flyte there decides the target release).
_PYPROJECT: Final = "pyproject.toml"

_project_files: dict[str, bool] = {}


def _registers(data: bytes) -> bool:
    return any(mark.encode() in data for mark in PLUGIN_REGISTRATION_MARKS)


# A statement that may change an object another module made: ``envs.pool.reusable = None``, ``setattr(...)``,
# ``del pool.reusable``, ``vars(pool)``, dependencies added or removed.
_CHANGES_OTHERS: Final = re.compile(
    rb"(?m)^[ \t]*[A-Za-z_][\w.]*\.[A-Za-z_]\w*[ \t]*(?:=[^=]|[-+|]=)"
    rb"|setattr\(|delattr\(|__dict__|vars\(|^[ \t]*del[ \t]|depends_on|add_dependency"
)


def is_project_file(path: str) -> bool:
    """A module of the user's own code (not a stub, not an installed package, not typeshed)."""
    found = _project_files.get(path)
    if found is None:
        found = _project_files[path] = path.endswith(".py") and _OUTSIDE.isdisjoint(path.split(os.sep))
    return found


class _File(NamedTuple):
    stamp: tuple[int, int]  # (mtime in ns, size), as mypy validates its own cache
    digest: str
    imports: frozenset[str]


def digest_of(data: bytes, size: int = 8) -> str:
    return hashlib.blake2b(data, digest_size=size).hexdigest()


class Files:
    """File digests, import scans and configuration stamps, memoised by (mtime, size): the daemon lives across
    edits. Within one generation (a build, a daemon update) each file is looked at once. With ``store`` (a file in
    mypy's cache folder), what was read of each file is kept across runs too, so a warm run reads no source."""

    def __init__(self, store: str | None = None) -> None:
        # Keyed by (path, module name): a relative import's meaning depends on the importing module's name.
        self._files: dict[tuple[str, str], _File] = {}
        self._store = ScanStore(store) if store is not None else None
        self._stats: dict[str, tuple[int, int] | None] = {}
        self._closures: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # Per module, what its closure imports that is not in the project (found by the same walk).
        self._missing: dict[tuple[str, str], list[str]] = {}
        self._closure_digests: dict[tuple[str, str], str | None] = {}
        self._module_files: dict[tuple[str, str], str | None] = {}
        self._entries: dict[str, frozenset[str]] = {}
        self._config: dict[str, tuple[tuple[str, str], ...]] = {}
        # The source roots of the modules mypy checks (``mypy src libs``): an import not found under the module's
        # own root is looked up under the others, as mypy's search path does.
        self._roots: set[str] = set()
        self._registers: dict[str, tuple[tuple[int, int], bool]] = {}
        self._registers_answer: tuple[tuple[int, int], bool] | None = None
        self._changes: dict[str, tuple[tuple[int, int], bool]] = {}
        # Per generation and build size: imported module name -> (module, path) of the build's modules that import
        # it and may change what they import (``envs.pool.reusable = None``).
        self._changers: tuple[tuple[int, int], dict[str, list[tuple[str, str]]]] | None = None
        self.generation = 0  # bumped whenever files may have changed

    def new_generation(self) -> None:
        """Forget what was seen of the file system: a new build or daemon update starts."""
        self.generation += 1
        self._stats.clear()
        self._closures.clear()
        self._missing.clear()
        self._closure_digests.clear()
        self._module_files.clear()
        self._entries.clear()
        self._config.clear()

    def changers(
        self, path: str, module: str, names_by_path: dict[str, list[str]], reached: Collection[str]
    ) -> list[tuple[str, str]]:
        """(module, path) of the build's modules outside ``reached`` (the module's closure) that import the module or
        a module of its closure and may change what they import: ``deploy --all`` may run them first, and the
        linter, reading the whole project, counts what they change as not known (``pool.reusable = None``)."""
        key = (self.generation, len(names_by_path))
        if self._changers is None or self._changers[0] != key:
            index: dict[str, list[tuple[str, str]]] = {}
            for other, names in sorted(names_by_path.items()):
                if not names or not self._may_change_others(other):
                    continue
                found = self.get(other, names[0])
                for imported in found.imports if found is not None else ():
                    index.setdefault(imported, []).append((names[0], other))
            self._changers = (key, index)
        index = self._changers[1]
        found_changers: dict[str, str] = {}
        for name in (module, *(n for n, _ in self.closure(path, module))):
            for changer, file in index.get(name, ()):
                if file != path and file not in reached:
                    found_changers[file] = changer
        return sorted((name, file) for file, name in found_changers.items())

    def _may_change_others(self, path: str) -> bool:
        return self._text_test(path, self._changes, lambda data: _CHANGES_OTHERS.search(data) is not None)

    def _text_test(
        self, path: str, memo: dict[str, tuple[tuple[int, int], bool]], test: Callable[[bytes], bool]
    ) -> bool:
        """``test`` of the file's bytes, read once per change of the file (False when it cannot be read)."""
        stamp = self._stat(path)
        if stamp is None:
            return False
        known = memo.get(path)
        if known is None or known[0] != stamp:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                return False
            known = memo[path] = (stamp, test(data))
        return known[1]

    def registers_plugins(self, paths: Collection[str]) -> bool:
        """Whether one of the files may register task plugins (the linter's own test of a module,
        ``ModuleFacts.registers_plugins``), read once per file and change; asked once per generation and set of
        files (every module's findings ask it)."""
        memo_key = (self.generation, len(paths))
        if self._registers_answer is not None and self._registers_answer[0] == memo_key:
            return self._registers_answer[1]
        answer = self._registers_any(paths)
        self._registers_answer = (memo_key, answer)
        return answer

    def _registers_any(self, paths: Collection[str]) -> bool:
        return any(self._text_test(path, self._registers, _registers) for path in sorted(paths))

    def add_root(self, path: str, module: str) -> None:
        """Note the source root of a module mypy checks."""
        root = source_root(path, module)
        if root is not None and root not in self._roots:
            self._roots.add(root)
            self._closures.clear()
            self._missing.clear()
            self._closure_digests.clear()

    def _stat(self, path: str) -> tuple[int, int] | None:
        # Within one build files do not change: one stat per file (the hooks ask many times per module).
        if path in self._stats:
            return self._stats[path]
        try:
            stat = os.stat(path)
        except OSError:
            found = None
        else:
            found = (stat.st_mtime_ns, stat.st_size)
        self._stats[path] = found
        return found

    def get(self, path: str, module: str) -> _File | None:
        stamp = self._stat(path)
        if stamp is None:
            return None
        key = (path, module)
        cached = self._files.get(key)
        if cached is None and self._store is not None:
            cached = self._store.get((os.path.abspath(path), module))
        if cached is not None and cached.stamp == stamp:
            self._files[key] = cached
            return cached
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        is_package = os.path.basename(path) == "__init__.py"
        found = _File(stamp, digest_of(data), frozenset(imported_modules(data, module, is_package)))
        self._files[key] = found
        if self._store is not None:
            self._store.put((os.path.abspath(path), module), found)
        return found

    def _listing(self, folder: str) -> frozenset[str]:
        entries = self._entries.get(folder)
        if entries is None:
            try:
                entries = frozenset(os.listdir(folder))
            except OSError:
                entries = frozenset()
            self._entries[folder] = entries
        return entries

    def module_file(self, root: str, module: str) -> str | None:
        """The file of project module ``module`` under ``root``, or None (memoised for the generation; a name
        whose first part is not an entry of ``root``, as for the standard library, costs no file-system call)."""
        key = (root, module)
        if key in self._module_files:
            return self._module_files[key]
        first = module.split(".", 1)[0]
        entries = self._listing(root)
        found = module_file(root, module) if first in entries or f"{first}.py" in entries else None
        self._module_files[key] = found
        return found

    def closure(self, path: str, module: str) -> list[tuple[str, str]]:
        """(module, path) of the project modules ``module`` imports, directly or through others (not itself)."""
        memo = self._closures.get((path, module))
        if memo is not None:
            return memo
        root = source_root(path, module)
        if root is None:
            return []
        seen: dict[str, str] = {module: path}
        missing: set[str] = set()
        todo = [(module, path)]
        while todo and len(seen) < _MAX_CLOSURE:
            name, file = todo.pop()
            found = self.get(file, name)
            if found is None:
                continue
            # Python imports a module's packages first (``pkg/__init__.py`` for ``pkg.tasks``): what their code
            # does (``pool.reusable = None``) is done before the module runs.
            packages = {name.rsplit(".", depth)[0] for depth in range(1, name.count(".") + 1)}
            for imported in sorted(found.imports | packages):
                if imported in seen or imported == "flyte" or imported.startswith("flyte."):
                    continue
                candidate = self.module_file(root, imported)
                for other in sorted(self._roots) if candidate is None else ():
                    candidate = self.module_file(other, imported) if other != root else None
                    if candidate is not None:
                        break
                if candidate is not None:
                    seen[imported] = candidate
                    todo.append((imported, candidate))
                elif imported.split(".", 1)[0] not in sys.stdlib_module_names:
                    missing.add(imported)
        del seen[module]
        self._missing[(path, module)] = sorted(missing)[:_MAX_CLOSURE]
        found_all = self._closures[(path, module)] = sorted(seen.items())
        return found_all

    def missing_imports(self, path: str, module: str) -> list[str]:
        """Modules that ``module`` or a module of its closure imports and that are not in the project now (nor
        the standard library's): one created later joins the closure (a daemon marker to wait on already)."""
        self.closure(path, module)
        return self._missing.get((path, module), [])

    def closure_digest(self, path: str, module: str) -> str | None:
        """A digest of the module's text and of the texts of the project modules it imports, directly or not
        (None when the module cannot be read)."""
        key = (path, module)
        if key in self._closure_digests:
            return self._closure_digests[key]
        own = self.get(path, module)
        found: str | None = None
        if own is not None:
            stamp = self.stamp(path, module)
            found = own.digest
            if stamp:
                found = digest_of("\0".join([own.digest, *(f"{name}={digest}" for name, digest in stamp)]).encode())
        self._closure_digests[key] = found
        return found

    def stamp(self, path: str, module: str) -> list[list[str]]:
        """[module, digest] of every project module ``module`` may take values from: cache-invalidation data."""
        out: list[list[str]] = []
        for name, file in self.closure(path, module):
            found = self.get(file, name)
            out.append([name, found.digest if found is not None else "-"])
        return out

    def config_stamp(self, path: str) -> tuple[tuple[str, str], ...]:
        """[file, digest] of every configuration file that may govern ``path``: a pyproject.toml in its folder or
        any folder above, and the requirements files beside one. An edit of any of them (the target release, a
        pin, select/ignore) changes the module's cache data, so mypy checks it again. Symbolic links resolved, as
        the linter resolves them to find a file's configuration (a project linked into a workspace)."""
        return self._config_of(os.path.dirname(os.path.realpath(path)))

    def _config_of(self, folder: str) -> tuple[tuple[str, str], ...]:
        found = self._config.get(folder)
        if found is not None:
            return found
        parent = os.path.dirname(folder)
        inherited = self._config_of(parent) if parent != folder else ()
        own = _own_config(folder, self._listing(folder))
        # The first reading counts: a ``dmypy check`` that reads a folder's edited configuration again does not
        # restart the daemon, so the next ``dmypy run`` must still see the change (and restart).
        _CONFIG_SEEN.setdefault(folder, own)
        found = self._config[folder] = (*inherited, *own)
        return found


# The configuration files of every folder whose modules this process reported on, as they were first read: the
# daemon compares them with the files now (configuration_drift) to know it must start again.
_CONFIG_SEEN: dict[str, tuple[tuple[str, str], ...]] = {}


def _own_config(folder: str, listing: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """[file, digest] of the folder's pyproject.toml and the requirements files beside it (none without one)."""
    if _PYPROJECT not in listing or not os.path.isfile(os.path.join(folder, _PYPROJECT)):
        return ()
    return tuple(
        (os.path.join(folder, name), _digest_of_file(os.path.join(folder, name)))
        for name in sorted(listing)
        if name == _PYPROJECT or (name.startswith("requirements") and name.endswith(".txt"))
    )


def _digest_of_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return digest_of(handle.read())
    except OSError:
        return "-"


def configuration_drift() -> str:
    """ "" while every configuration file read so far is as it was read; else a digest of what changed (a
    pyproject.toml edited, added or removed in a folder of a checked module: its target or select/ignore)."""
    changed: list[str] = []
    for folder, seen in sorted(_CONFIG_SEEN.items()):
        try:
            listing = frozenset(os.listdir(folder))
        except OSError:
            listing = frozenset()
        now = _own_config(folder, listing)
        if now != seen:
            changed.append(repr((folder, now)))
    return "" if not changed else "+config." + digest_of("\n".join(changed).encode())


class ScanStore:
    """What was read of each file (stamp, digest, imports), kept across runs in one append-only file of JSON
    lines. Each entry is written as it is found, with one ``os.write`` of an ``O_APPEND`` descriptor: mypy ends
    its process without running exit handlers, and two runs on one cache append whole lines side by side. The
    newest line of a file wins; a file that grew to several times its live entries is written anew on load."""

    _COMPACT_RATIO: Final = 4

    def __init__(self, path: str) -> None:
        self._path = path
        self._entries: dict[tuple[str, str], _File] | None = None
        self._descriptor: int | None = None
        self._broken = False

    def _load(self) -> dict[tuple[str, str], _File]:
        entries: dict[tuple[str, str], _File] = {}
        lines = 0
        try:
            with open(self._path, "rb") as handle:
                data = handle.read()
        except OSError:
            data = b""
        for line in data.splitlines():
            lines += 1
            try:
                path, module, mtime, size, digest, imports = json.loads(line)
                entries[(path, module)] = _File((mtime, size), digest, frozenset(imports))
            except (ValueError, TypeError):
                continue  # a line cut short by a crash, or from another layout: that file is read again
        if lines > self._COMPACT_RATIO * max(len(entries), 16):
            self._rewrite(entries)
        return entries

    def get(self, key: tuple[str, str]) -> _File | None:
        if self._entries is None:
            self._entries = self._load()
        return self._entries.get(key)

    def put(self, key: tuple[str, str], found: _File) -> None:
        if self._entries is None:
            self._entries = self._load()
        self._entries[key] = found
        self._append([_line(key, found)])

    def _append(self, lines: list[bytes]) -> None:
        if self._broken:
            return
        try:
            if self._descriptor is None:
                os.makedirs(os.path.dirname(self._path) or ".", exist_ok=True)
                self._descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(self._descriptor, b"".join(lines))
        except OSError:
            self._broken = True  # a read-only cache: files are simply read again next run

    def _rewrite(self, entries: dict[tuple[str, str], _File]) -> None:
        temporary = f"{self._path}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as out:
                out.write(b"".join(_line(key, found) for key, found in entries.items()))
            os.replace(temporary, self._path)
        except OSError:
            pass


def _line(key: tuple[str, str], found: _File) -> bytes:
    row = [key[0], key[1], found.stamp[0], found.stamp[1], found.digest, sorted(found.imports)]
    return json.dumps(row).encode() + b"\n"


def source_root(path: str, module: str) -> str | None:
    """The folder the module's name is relative to (where mypy found it)."""
    folder = os.path.dirname(os.path.abspath(path))
    depth = module.count(".") + (1 if os.path.basename(path) == "__init__.py" else 0)
    for _ in range(depth):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder


def module_file(root: str, module: str) -> str | None:
    base = os.path.join(root, *module.split("."))
    # A package wins over a module of the same name beside it, as Python's import (and mypy) find them.
    for candidate in (os.path.join(base, "__init__.py"), f"{base}.py"):
        if os.path.isfile(candidate):
            return candidate
    return None
