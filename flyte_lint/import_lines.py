"""The modules a file imports, read from its bytes without parsing it, and the absolute name of a relative
import. Standard library only: the mypy plugin computes its cache stamps with it at every run, warm or not, and
must not load the linter for that."""

from __future__ import annotations

import re

# Bumped whenever the scan reads imports differently: what was stored of a file by an older scan is not used.
SCAN_VERSION = 6
# One import statement at the start of a line (matched from the line's first byte). Python needs no blank
# between ``from`` and the dots, between the dots and the name, or between ``import`` and a parenthesis or a
# star: ``from..envs import pool``, ``from .. envs import pool``, ``from .envs import(pool)``, ``from s import*``;
# a line may start with a form feed.
_IMPORT_LINE_RE = re.compile(
    rb"[ \t\f]*(?:from(?:[ \t]+|(?=\.))(\.*[ \t]*[\w.\x80-\xff]*)(?:[ \t]+|(?<=\.))import(?=[ \t(*])[ \t]*([^\n#;]+)"
    rb"|import[ \t]+([^\n#;]+))"
)


# What marks a module that may register task plugins (``TaskPluginRegistry.register(...)``, a registry's
# ``.register(`` under another name): ``ModuleFacts.registers_plugins`` and the mypy plugin's view of the build.
PLUGIN_REGISTRATION_MARKS = ("TaskPluginRegistry", ".register(")


def imported_modules(
    data: bytes, own_name: str | None, is_package: bool, memo: dict[bytes, frozenset[str]] | None = None
) -> set[str]:
    """Dotted module names a file imports (textual; good enough to decide whether it may use Flyte objects).

    Only import statements that begin a line count, and every such line contains ``import``: jumping from one
    occurrence to the next with ``bytes.find`` and matching at those lines' starts is about four times faster
    than a multi-line regex over every byte (this runs on every file that does not mention flyte). ``memo``
    maps an absolute import line to its names: the files of a tree repeat the same lines."""
    found: set[str] = set()
    memo = {} if memo is None else memo
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark before the first line
    if b"\r" in data:
        # Python takes a lone carriage return for a line end too (old Mac files)
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\\\n" in data:
        # ``from .limits \`` + ``import X``: one logical line. Joined with blanks, so that every other line keeps
        # its place (the names are what matter here, not positions).
        data = data.replace(b"\\\r\n", b"   ").replace(b"\\\n", b"  ")
    find, rfind, match_line, remembered = data.find, data.rfind, _IMPORT_LINE_RE.match, memo.get
    position = 0
    while (hit := find(b"import", position)) >= 0:
        line_start = rfind(b"\n", 0, hit) + 1
        # ``import os; from app import pool``: the statement the word belongs to starts after the last ``;``
        start = max(line_start, rfind(b";", line_start, hit) + 1)
        match = match_line(data, start)
        if match is None:
            # ``if USE_LOCAL: from .local import X``, ``try: import a``, ``else: from b import X``: a statement
            # after the colon of a compound statement's header, on the same line.
            colon = rfind(b":", start, hit)
            if colon >= 0:
                match = match_line(data, colon + 1)
        end_of_line = find(b"\n", hit)
        if match is None:
            # ``if not reimport: from settings import X``: the word was part of a name (or a string); a
            # statement may still follow on this line
            position = hit + 6
            continue
        if match is not None:
            line = match[0]
            names_text = match[2]
            if names_text is not None and (b"(" in names_text or line.rstrip().endswith(b"\\")):
                # ``from app import (\n    pool,\n)`` / ``from app import \\`` then names on the next lines
                names_text, end = _continued_names(data, match.start(2))
                line = data[match.start() : end]
                if end > end_of_line >= 0:
                    end_of_line = find(b"\n", end - 1) if data[end - 1 : end] != b"\n" else end - 1
            names = remembered(line)
            if names is None:
                written = (match[1], names_text, match[3])
                if match[1] is not None and match[1].startswith(b"."):  # relative: depends on the file
                    found.update(_names(written, own_name, is_package))
                else:
                    found |= memo.setdefault(line, frozenset(_names(written, own_name, is_package)))
            else:
                found |= names
        if match is not None and data[match.end() : match.end() + 1] == b";":
            position = match.end() + 1  # another statement follows on this line
            continue
        if end_of_line < 0:
            break
        position = end_of_line + 1
    return found


def _continued_names(data: bytes, start: int) -> tuple[bytes, int]:
    """The names of a from-import that goes on over lines (parentheses, or backslashes at line ends), comments
    left out, and where the statement ends."""
    parts: list[bytes] = []
    position = start
    depth = 0
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        line = data[position:end].split(b"#", 1)[0]
        depth += line.count(b"(") - line.count(b")")
        continued = line.rstrip().endswith(b"\\")
        parts.append(line.rstrip().rstrip(b"\\"))
        position = end + 1
        if depth <= 0 and not continued:
            break
    return b" ".join(parts), min(position, len(data))


def names_of_import(match: re.Match[bytes], own_name: str | None, is_package: bool) -> list[str]:
    """The modules one import statement imports: ``a.b`` for ``import a.b as c``; ``a``, ``a.x`` and ``a.y``
    for ``from a import x, y`` (either name may be a submodule); relative ones resolved against the file."""
    return _names(match.groups(), own_name, is_package)


def _names(groups: tuple[bytes | None, ...], own_name: str | None, is_package: bool) -> list[str]:
    from_module, from_names, plain = groups
    if plain is not None:
        return [words[0] for part in plain.decode("utf-8", "replace").split(",") if (words := part.split(None, 1))]
    assert from_module is not None and from_names is not None
    written = from_module.decode("utf-8", "replace")
    dotted = written.lstrip(".")
    module = absolute_module_name(dotted.strip(), len(written) - len(dotted), own_name, is_package)
    if module is None:
        return []
    names = [module]
    for imported in from_names.decode("utf-8", "replace").replace("(", " ").replace(")", " ").split(","):
        words = imported.split(None, 1)
        if words and words[0] != "*":
            names.append(f"{module}.{words[0]}")
    return names


def absolute_module_name(module: str, level: int, own_name: str | None, is_package: bool) -> str | None:
    """The absolute name of ``from <level dots><module> import ...`` written in module ``own_name`` (a package
    when ``is_package``); None when it cannot be known or climbs above the top package."""
    if level == 0:
        return module or None
    if not own_name:
        return None
    base = own_name.split(".") if is_package else own_name.split(".")[:-1]
    if level > len(base):
        return None  # ImportError: beyond the top-level package (or no package at all for ``from . import x``)
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base) or None
