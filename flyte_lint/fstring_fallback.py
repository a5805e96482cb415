"""The PEP 701 fallback: Python 3.11's ast rejects f-strings that newer Pythons accept (nested quotes, comments
inside replacement fields). Such a file is re-read with LibCST in a child process and its f-strings are
masked, keeping every line and column, so the rest of the file is still extracted."""

from __future__ import annotations

import re
import sys


def _bracket_depth(source: str, limit: int) -> int:
    """An over-estimate of bracket nesting (brackets in strings count too), stopping once past ``limit``."""
    depth = deepest = 0
    for char in source:
        if char in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif char in ")]}":
            depth -= 1
    return deepest


def may_be_new_fstring(error: SyntaxError, source: str) -> bool:
    """Whether a file ast rejected may be valid in a newer grammar (PEP 701 f-strings) and safe to re-read.

    LibCST's native parser recurses without a limit; on deeply nested input it overflows the C stack, so such
    files are never handed to it.
    """
    if sys.version_info >= (3, 12):
        return False
    if not (error.msg or "").startswith("f-string") or ('f"' not in source and "f'" not in source):
        return False
    if _bracket_depth(source, 100) > 100:
        return False
    # Long chains nest without brackets (``f()()()...``, ``a[0][0]...``, ``x if c else y if ...``, ``2 ** 2 **
    # ...``): LibCST needs minutes on them before it crashes. No real line is that long or that chained.
    return all(
        len(line) <= 5000 and line.count("(") + line.count("[") + line.count(" if ") + line.count("**") <= 300
        for line in source.splitlines()
    )


def mask_new_fstrings(source: str, error: SyntaxError | None = None) -> tuple[str, set[tuple[int, int]]] | None:
    """Run the LibCST re-read in a child process: LibCST's parser can overflow the C stack (a segfault), recurse
    past Python's limit or take very long on unusual input, and none of that may take the linter down.

    A backslash or ``#`` in a replacement field (the common case) leaves every string's boundaries where the
    3.11 tokenizer sees them: those f-strings are masked in this process from the tokens, at a small part of
    a child process's cost (what matters inside a mypy run), when the masked text then parses."""
    import json
    import subprocess

    if error is not None and ("backslash" in (error.msg or "") or "'#'" in (error.msg or "")):
        found = mask_by_tokens(source)
        if found is not None:
            return found

    try:
        from ._fstring_mask import run_child

        done = run_child(source, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        payload = json.loads(done.stdout)
        return payload["source"], {(int(a), int(b)) for a, b in payload["masked"]}
    except (ValueError, KeyError, TypeError):
        return None


def mask_in_process(source: str) -> tuple[str, set[tuple[int, int]]] | None:
    """Re-read a file ast rejected with LibCST; if LibCST accepts it, mask its f-strings to placeholders.

    Returns the masked source (same line/column layout) and the (line, column) starts of masked strings, or
    None when LibCST rejects the file too (a real syntax error).
    """
    try:
        import libcst as cst
        from libcst.metadata import MetadataWrapper, PositionProvider
    except ImportError:  # pragma: no cover - libcst is a dependency
        return None
    try:
        module = cst.parse_module(source)
    except Exception:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, int]] = []
    for node, pos in positions.items():
        if isinstance(node, cst.FormattedString):
            edits.append((pos.start.line, pos.start.column, pos.end.line, pos.end.column))
    # Outermost f-strings only; inner ones are inside the masked range.
    edits.sort()
    outer: list[tuple[int, int, int, int]] = []
    for edit in edits:
        if outer and (edit[0], edit[1]) < (outer[-1][2], outer[-1][3]):
            continue
        outer.append(edit)
    return _masked(lines, outer)


def mask_by_tokens(source: str) -> tuple[str, set[tuple[int, int]]] | None:
    """``mask_in_process``'s result from the 3.11 tokenizer instead of LibCST: every string token with an ``f`` in
    its prefix becomes a placeholder of the same layout. None when the tokenizer fails or the masked text does
    not parse (the boundaries were not the old grammar's: nested quotes): the caller asks LibCST then."""
    import ast
    import io
    import tokenize
    import warnings

    lines = source.splitlines(keepends=True)
    outer: list[tuple[int, int, int, int]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and "f" in token.string[: token.string.index(token.string[-1])].lower():
                outer.append((*token.start, *token.end))
    except (tokenize.TokenError, SyntaxError, ValueError, IndexError):
        return None
    masked_source, masked = _masked(lines, outer)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(masked_source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return masked_source, masked


def _masked(lines: list[str], outer: list[tuple[int, int, int, int]]) -> tuple[str, set[tuple[int, int]]]:
    """The text with each f-string (start line, start column, end line, end column) replaced by a plain string
    of the same layout, and the (line, column) starts of those strings."""
    masked: set[tuple[int, int]] = set()
    for start_line, start_col, end_line, end_col in reversed(outer):
        if start_line == end_line:
            text = lines[start_line - 1]
            width = end_col - start_col
            lines[start_line - 1] = text[:start_col] + '"' + "x" * (width - 2) + '"' + text[end_col:]
        else:
            first = lines[start_line - 1]
            lines[start_line - 1] = first[:start_col] + '"""' + re.sub(r"[^\n]", "x", first[start_col + 3 :])
            for i in range(start_line, end_line - 1):
                lines[i] = re.sub(r"[^\n]", "x", lines[i])
            last = lines[end_line - 1]
            lines[end_line - 1] = re.sub(r"[^\n]", "x", last[: end_col - 3]) + '"""' + last[end_col:]
        masked.add((start_line, start_col))
    return "".join(lines), masked
