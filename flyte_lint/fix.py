"""Apply the fixes rules offer: ``--fix`` (safe), ``--unsafe-fixes`` (also behaviour-changing), ``--diff``.

Per file, the edits of the chosen fixes are applied bottom-up on the text the engine linted; a fix whose
edits overlap an already chosen one waits for the next round. The new text must parse (``ast`` and LibCST)
or the file is left alone. Files are written atomically (a temporary file in the same folder, then
``os.replace``, keeping the file mode). After each round the project is linted again, until no fix applies
(at most ``MAX_ROUNDS`` rounds).
"""

from __future__ import annotations

import difflib
import io
import os
import stat
import tempfile
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Edit, FileEdits, Fix
from .extract import parse_quietly

if TYPE_CHECKING:
    from .engine import Options, RunResult

MAX_ROUNDS = 5


@dataclass
class FixOutcome:
    diff: str = ""
    remaining: list[Diagnostic] = field(default_factory=list)
    stdin_text: str | None = None
    # path -> final text, for every file a fix changed
    changed: dict[str, str] = field(default_factory=dict)
    applied: int = 0
    # rule code -> how many findings a fix was applied for
    fixed_by_code: dict[str, int] = field(default_factory=dict)
    # path of a finding -> rule code -> how many of its findings there a fix was applied for
    fixed_by_path: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def fix_allowed(fix: Fix | None, unsafe: bool) -> bool:
    return (
        fix is not None
        and bool(fix.edits or any(f.edits for f in fix.other_files))
        and (fix.applicability == "safe" or unsafe)
    )


# ---------------------------------------------------------------------------------------------------------
# Text edits


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _offset(starts: list[int], text: str, line: int, column: int) -> int:
    if line < 1 or line > len(starts):
        raise ValueError(f"line {line} is outside the file")
    if line == len(starts):  # one past the last line: only column 1 makes sense
        return len(text)
    offset = starts[line - 1] + column - 1
    return min(offset, starts[line] if line < len(starts) else len(text))


def _ranges(text: str, edits: Iterable[Edit]) -> list[tuple[int, int, str]]:
    starts = _line_starts(text)
    out = []
    for edit in edits:
        s = edit.span
        begin = _offset(starts, text, s.line, s.column)
        end = _offset(starts, text, s.end_line, s.end_column)
        if end < begin:
            raise ValueError("edit ends before it starts")
        out.append((begin, end, edit.replacement))
    return out


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    # Two insertions at the same point, or any shared character, conflict.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return (
        (a[0] < b[1] and b[0] < a[1]) or (a[0] == a[1] and b[0] < a[0] < b[1]) or (b[0] == b[1] and a[0] < b[0] < a[1])
    )


def choose_fixes(text: str, fixes: Sequence[Fix]) -> list[tuple[int, int, str]]:
    """The edits of the fixes that can go together (first come first served; identical fixes once)."""
    chosen: list[tuple[int, int, str]] = []
    seen: set[tuple[Edit, ...]] = set()
    ordered = sorted(fixes, key=lambda f: min((e.span.line, e.span.column) for e in f.edits))
    for fix in ordered:
        if fix.edits in seen:
            continue
        seen.add(fix.edits)
        try:
            ranges = _ranges(text, fix.edits)
        except ValueError:
            continue
        if any(_overlaps(r, c) for r in ranges for c in chosen) or any(
            _overlaps(a, b) for i, a in enumerate(ranges) for b in ranges[i + 1 :]
        ):
            continue
        chosen.extend(ranges)
    return chosen


def apply_edits(text: str, ranges: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (begin, end, replacement) ranges, bottom-up so earlier offsets stay valid."""
    for begin, end, replacement in sorted(ranges, key=lambda r: (r[0], r[1]), reverse=True):
        text = text[:begin] + replacement + text[end:]
    return text


def parse_error(text: str, path: str = "<fixed>", with_libcst: bool = True) -> str | None:
    """Why ``text`` does not parse (with ``ast``, and with LibCST in a child process), or None.

    LibCST's native parser can overflow the C stack on deeply nested code, so it never runs in this process.
    ``with_libcst=False`` checks with ``ast`` only: the check a front end that writes nothing (the language
    server, whose client applies the edits) can afford on every request.
    """
    try:
        parse_quietly(text, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return f"ast: {error}"
    if not with_libcst:
        return None
    import subprocess

    try:
        from ._fstring_mask import run_child

        done = run_child(text, "--check", timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return f"libcst: could not check ({error})"
    if done.returncode != 0:
        return f"libcst: {done.stderr.decode('utf-8', 'replace').strip() or 'does not parse'}"
    return None


# ---------------------------------------------------------------------------------------------------------
# Files


def read_text(path: Path) -> tuple[str, str]:
    """(text, encoding) as the engine reads it: coding cookie or BOM, else UTF-8; newlines untouched."""
    data = path.read_bytes()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
        encoding = "utf-8-sig"
    return text, encoding


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    data = text.encode(encoding)
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".flyte-lint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# The fix loop


def _options_from(result: RunResult, stdin: tuple[Path, str] | None) -> Options:
    from .engine import Options

    paths = sorted({Path(p) for p in result.settings_by_path} | {Path(p) for p in result.modules})
    if stdin is not None:
        paths = [p for p in paths if p != stdin[0]]
    return Options(paths or [Path(".")], jobs=1, use_cache=False, stdin=stdin,
                   report_only={stdin[0]} if stdin is not None else None)  # fmt: skip


def apply_fixes(
    result: RunResult,
    *,
    unsafe: bool = False,
    write: bool = True,
    stdin: tuple[Path, str] | None = None,
    options: Options | None = None,
) -> FixOutcome:
    """Fix what ``result`` found. ``options`` (the run's options) re-lints between rounds; without them
    the files ``result`` saw are linted again with the configuration found on disk.

    A fix may edit files other than its finding's (``Fix.other_files``): all of its files are changed together
    or none is. Every file a round changes must parse (``ast`` and LibCST) or it is left as it was, with the
    fixes that touch it; one line in ``errors`` says so.

    With ``stdin`` the text is never written: the fixed text is ``stdin_text``, and fixes that would edit
    another file are not applied. With ``write=False`` no file is written and the rounds after the first lint
    the fixed texts in memory."""
    base = options if options is not None else _options_from(result, stdin)
    stdin_key = str(stdin[0]) if stdin is not None else None
    outcome = FixOutcome()
    originals: dict[str, str] = {}
    current: dict[str, str] = {}
    encodings: dict[str, str] = {}
    failed: set[str] = set()
    diagnostics = list(result.diagnostics)

    def load(path: str) -> bool:
        if path in current:
            return True
        if path in failed:
            return False
        if path == stdin_key:
            assert stdin is not None
            text, encoding = stdin[1], "utf-8"
        else:
            try:
                text, encoding = read_text(Path(path))
            except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
                outcome.errors.append(f"{path}: cannot read for fixing: {error}")
                failed.add(path)
                return False
        originals[path], current[path], encodings[path] = text, text, encoding
        return True

    for _ in range(MAX_ROUNDS):
        candidates: list[tuple[Diagnostic, tuple[FileEdits, ...]]] = []
        for d in sorted(diagnostics, key=lambda d: d.sort_key):
            if not fix_allowed(d.fix, unsafe):
                continue
            assert d.fix is not None
            files = d.fix.files(d.path)
            if stdin_key is not None and any(f.path != stdin_key for f in files):
                continue  # standard input is fixed alone: never write another file for it
            if all(load(f.path) for f in files):
                candidates.append((d, files))
        while True:
            plan, fixed = _plan(current, [(d, files) for d, files in candidates if not failed & _paths(files)])
            texts = {path: apply_edits(current[path], ranges) for path, ranges in plan.items()}
            broken = False
            for path, new in sorted(texts.items()):
                if new == current[path]:
                    continue
                problem = parse_error(new, path)
                if problem is not None:
                    reason = problem.strip().splitlines()[0] if problem.strip() else problem
                    outcome.errors.append(f"{path}: fixes not applied, the result would not parse ({reason})")
                    failed.add(path)
                    broken = True
            if not broken:
                break
        round_changed: list[str] = []
        before: dict[str, str] = {}
        for path, new in sorted(texts.items()):
            if new == current[path]:
                continue
            if write and path != stdin_key:
                try:
                    write_atomic(Path(path), new, encodings[path])
                except OSError as error:
                    outcome.errors.append(f"{path}: cannot write the fixed file: {error}")
                    failed.add(path)
                    continue
            before[path] = current[path]
            current[path] = new
            round_changed.append(path)
        _untear(fixed, failed, before, current, round_changed, encodings, write, stdin_key, outcome.errors)
        if not round_changed:
            break
        for d in fixed:
            if _paths(d.fix.files(d.path) if d.fix else ()) <= set(round_changed):
                outcome.applied += 1
                outcome.fixed_by_code[d.code] = outcome.fixed_by_code.get(d.code, 0) + 1
                per_file = outcome.fixed_by_path.setdefault(d.path, {})
                per_file[d.code] = per_file.get(d.code, 0) + 1
        diagnostics = _relint(base, current, originals, stdin_key)

    outcome.remaining = sorted(set(diagnostics), key=lambda d: d.sort_key)
    for path in sorted(current):
        if current[path] != originals[path]:
            outcome.changed[path] = current[path]
            outcome.diff += _diff(path, originals[path], current[path])
    if stdin_key is not None:
        outcome.stdin_text = current.get(stdin_key, stdin[1] if stdin else None)
    return outcome


def _untear(
    fixed: Sequence[Diagnostic],
    failed: set[str],
    before: dict[str, str],
    current: dict[str, str],
    round_changed: list[str],
    encodings: dict[str, str],
    write: bool,
    stdin_key: str | None,
    errors: list[str],
) -> None:
    """A fix of several files whose write failed in one of them is undone in the others (they get back the
    text they had before the round), so that no fix is left half applied."""
    torn: set[str] = set()
    for d in fixed:
        paths = _paths(d.fix.files(d.path)) if d.fix is not None else set()
        if len(paths) > 1 and paths & failed:
            torn |= paths - failed
    for path in sorted(torn & set(round_changed)):
        if write and path != stdin_key:
            try:
                write_atomic(Path(path), before[path], encodings[path])
            except OSError as error:
                errors.append(f"{path}: cannot undo a fix whose other file could not be written: {error}")
                continue
        errors.append(f"{path}: left as it was: a fix that edits it also edits a file that could not be written")
        current[path] = before[path]
        round_changed.remove(path)


def _paths(files: Iterable[FileEdits]) -> set[str]:
    return {f.path for f in files}


def _plan(
    texts: dict[str, str], candidates: Sequence[tuple[Diagnostic, tuple[FileEdits, ...]]]
) -> tuple[dict[str, list[tuple[int, int, str]]], list[Diagnostic]]:
    """The edits per file of the fixes that go together (first come first served, identical fixes once), and
    the findings whose fix is among them. A fix that edits several files is taken only when it fits in all."""
    chosen: dict[str, list[tuple[int, int, str]]] = {}
    taken: set[tuple[FileEdits, ...]] = set()
    fixed: list[Diagnostic] = []
    for diagnostic, files in candidates:
        if files in taken:
            fixed.append(diagnostic)
            continue
        try:
            ranges = {f.path: _ranges(texts[f.path], f.edits) for f in files}
        except ValueError:
            continue
        fits = all(
            not any(_overlaps(r, c) for r in mine for c in chosen.get(path, ()))
            and not any(_overlaps(a, b) for i, a in enumerate(mine) for b in mine[i + 1 :])
            for path, mine in ranges.items()
        )
        if not fits:
            continue
        taken.add(files)
        fixed.append(diagnostic)
        for path, mine in ranges.items():
            chosen.setdefault(path, []).extend(mine)
    return chosen, fixed


def _relint(
    base: Options, current: dict[str, str], originals: dict[str, str], stdin_key: str | None
) -> list[Diagnostic]:
    """The diagnostics after a round: the whole run again, with the standard-input text as its file and every
    fixed text that was not written (``--diff``) in place of its file."""
    from dataclasses import replace

    from .engine import run

    unsaved = {Path(p): text for p, text in current.items() if text != originals[p] and p != stdin_key}
    if stdin_key is not None:
        text = current[stdin_key] if stdin_key in current else (base.stdin[1] if base.stdin else "")
        return list(run(replace(base, stdin=(Path(stdin_key), text))).diagnostics)
    return list(run(replace(base, unsaved={**(base.unsaved or {}), **unsaved} or None)).diagnostics)
