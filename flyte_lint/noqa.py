"""Suppression comments: ``# noqa[: codes]`` per line and ``# flyte-lint: noqa[: codes]`` for a whole file."""

from __future__ import annotations

import functools
import io
import re
import tokenize

_NOQA_RE = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
_FILE_NOQA_RE = re.compile(
    r"#\s*flyte-lint:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?", re.IGNORECASE
)


Suppressed = tuple[tuple[tuple[int, frozenset[str] | None], ...], bool, frozenset[str]]
# Each line's ``# noqa`` comment: (line, first column, end column, where the blank before the comment starts,
# whether the noqa ends the comment), columns 1-based, end exclusive.
NoqaPlaces = tuple[tuple[int, int, int, int, bool], ...]


def physical_lines(source: str) -> list[str]:
    """The lines as the tokenizer and ``ast`` number them (split at ``\n`` only, a ``\r`` before it dropped):
    ``str.splitlines`` also splits at form feeds and other separators, which would shift the numbers."""
    return [line[:-1] if line.endswith("\r") else line for line in source.split("\n")]


def _comments(source: str) -> list[tuple[int, str]]:
    """(line, text) of every comment; from the tokenizer, so ``"# noqa"`` inside a string is not one."""
    return [(line, text) for line, _, text in _placed_comments(source)]


@functools.lru_cache(maxsize=4)
def _placed_comments(source: str) -> tuple[tuple[int, int, str], ...]:
    """(line, 0-based column, text) of every comment. Remembered for the last few texts: extraction asks twice
    per file (suppressions, then where each noqa is written), and tokenizing is most of what either costs."""
    found: list[tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found.append((token.start[0], token.start[1], token.string))
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        # Not tokenizable (a syntax error): fall back to reading lines, as flake8 does.
        return tuple(
            (n, t.index("#"), t[t.index("#") :]) for n, t in enumerate(source.splitlines(), start=1) if "#" in t
        )
    return tuple(found)


def noqa_places(source: str) -> NoqaPlaces:
    """Where each line's ``# noqa`` comment is written (to report one that suppresses nothing, and remove it)."""
    if "noqa" not in source.lower():
        return ()
    lines = physical_lines(source)
    places: list[tuple[int, int, int, int, bool]] = []
    for number, column, text in _placed_comments(source):
        if "noqa" not in text.lower() or _FILE_NOQA_RE.search(text):
            continue
        match = _NOQA_RE.search(text)
        if match:
            before = lines[number - 1][:column] if number <= len(lines) else ""
            blank = len(before.rstrip()) + 1
            ends = match.start() == 0 and not text[match.end() :].strip()
            places.append((number, column + match.start() + 1, column + match.end() + 1, blank, ends))
    return tuple(places)


def _codes(text: str | None) -> frozenset[str]:
    return frozenset(c.upper() for c in re.split(r"[,\s]+", text or "") if c)


def scan_suppressions(source: str) -> Suppressed:
    """``# noqa[: codes]`` comments per line, and ``# flyte-lint: noqa[: codes]`` for the whole file.

    Codes may be prefixes (``FLY2`` covers FLY201...). Returns (by line, whole file, whole-file codes).
    """
    if "noqa" not in source and "NOQA" not in source:
        return (), False, frozenset()
    found: list[tuple[int, frozenset[str] | None]] = []
    file_level = False
    file_codes: set[str] = set()
    for number, text in _comments(source):
        if "noqa" not in text.lower():
            continue
        whole = _FILE_NOQA_RE.search(text)
        if whole:
            if whole.group("codes"):
                file_codes.update(_codes(whole.group("codes")))
            else:
                file_level = True
            continue
        match = _NOQA_RE.search(text)
        if match:
            codes = match.group("codes")
            found.append((number, _codes(codes) if codes else None))
    return tuple(found), file_level, frozenset(file_codes)


def noqa_insertion(source: str, line: int, code: str) -> tuple[int, int, str] | None:
    """How to silence ``code`` on ``line`` of ``source``: (start column, end column, new text), 1-based and end
    exclusive, within that line; None when it is silenced there already. A ``# noqa: A, B`` comment gets the
    code added after those it lists (they are kept); a line without one gets ``  # noqa: CODE`` at its end."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    for number, comment in _comments(source):
        if number != line or _FILE_NOQA_RE.search(comment):
            continue
        match = _NOQA_RE.search(comment)
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None or any(code.startswith(c) for c in _codes(codes)):
            return None  # a bare noqa comment, or one whose codes cover this one
        column = text.rindex(comment) + match.end("codes") + 1
        return column, column, f", {code}"
    content = text.rstrip()
    return len(content) + 1, len(text) + 1, f"  # noqa: {code}"


def noqa_merge(source: str, line: int, codes: frozenset[str]) -> tuple[int, int, str, int] | None:
    """How to make ``line`` of ``source`` silence ``codes`` (``--add-noqa``): (start column, end column, new
    text, how many codes it adds), 1-based and end exclusive, within that line; None when nothing is to be
    added. An existing ``# noqa: X`` comment gets the codes it lacks, its codes kept, all sorted and once each;
    a bare ``# noqa`` is never touched (it silences everything already); a line without one gets
    ``  # noqa: CODES`` at its end."""
    lines = physical_lines(source)
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    for number, column, comment in _placed_comments(source):
        if number != line or _FILE_NOQA_RE.search(comment):
            continue
        match = _NOQA_RE.search(comment)
        if match is None:
            continue
        written = match.group("codes")
        if written is None:
            return None
        present = _codes(written)
        missing = {c for c in codes if not any(c.startswith(p) for p in present)}
        if not missing:
            return None
        start = column + match.start("codes") + 1
        end = column + match.end("codes") + 1
        return start, end, ", ".join(sorted(present | missing)), len(missing)
    content = text.rstrip()
    return len(content) + 1, len(text) + 1, f"  # noqa: {', '.join(sorted(codes))}", len(codes)
