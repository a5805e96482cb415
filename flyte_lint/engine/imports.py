"""Which files matter: a byte-level scan for imports of the SDK, the modules each file imports (without
parsing it), the closure over imports, and the dotted module names of files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from ..extract import mentions_flyte
from ..import_lines import imported_modules
from .reading import ReadFailure, read_file

if TYPE_CHECKING:
    from .sources import Sources


# Anything that may be an import of the SDK: ``from flyte...``, ``import ..., flyte...`` (also after a ``;``),
# and any import continued with a backslash. False alarms only cost a parse.
_FLYTE_IMPORT_RE = re.compile(rb"\bfrom[ \t]+flyte\b|\bimport[ \t][^\n]*\bflyte\b|\b(?:from|import)\b[^\n]*\\\r?\n")


def may_import_flyte(data: bytes) -> bool:
    """Could this file import the flyte SDK? Only such files (and the files importing them) can define or
    use environments and tasks; a file that merely mentions flyte cannot."""
    return flyte_flags_of(data)[1]


def flyte_flags_of(data: bytes) -> tuple[bool, bool]:
    """(mentions flyte, may import flyte): the byte test runs on every file of the tree, the regex only on
    files that passed it."""
    mentions = mentions_flyte(data)
    return mentions, mentions and _FLYTE_IMPORT_RE.search(data) is not None


# What a run needs of a file it reads: (mentions flyte, may import flyte, its bytes if it mentions flyte (it may
# be parsed), else the modules it imports (all the closure over imports asks of it)).
_Scan = tuple[bool, bool, bytes | None, set[str] | None]


def scan_files(
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
        mentions, imports_flyte = flyte_flags_of(data)
        if mentions:
            scans.append((True, imports_flyte, data, None))
        else:
            scans.append((False, False, None, imported_modules(data, own, key.endswith("__init__.py"), memo)))
    return scans


def close_over_imports(to_parse: set[str], sources: Sources, names_by_path: dict[str, list[str]]) -> None:
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


def add_setters(
    to_parse: set[str], sources: Sources, names_by_path: dict[str, list[str]], may_patch: Callable[[str], bool]
) -> None:
    """Add to ``to_parse`` every file that imports a module the parsed files import and may set its values at
    import (``settings.CONCURRENCY = 1``): ``flyte deploy --all`` imports every module of the project, such a
    file too, even when nothing imports it and nothing Flyte is in it, perhaps before the module that reads them."""
    wanted = {
        name for key in to_parse for name in sources.imports(key, names_by_path[key][0] if names_by_path[key] else None)
    }
    for key in sorted(sources.readable):
        if key in to_parse:
            continue
        imported = sources.imports(key, names_by_path[key][0] if names_by_path[key] else None)
        if imported & wanted and may_patch(key):
            to_parse.add(key)


class ModuleNamer:
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
        if stem is not None and os.path.isfile(os.path.join(spelled, stem, "__init__.py")):
            return []  # a package of the same name beside it is what ``import stem`` finds: no name reaches it
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
