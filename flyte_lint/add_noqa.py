"""``flyte-lint --add-noqa``: silence every current finding with a ``# noqa: CODE`` on a line where the engine
honours it (``engine/dispatch.py`` ``kept``), merging with the codes of a noqa comment already there.

A finding is silenced on its own line when a comment can go there; else on the first line of its statement, or
on another line where its rule says a noqa counts (the ``def`` line of a task). A line whose end lies inside a
string (a multi-line string or f-string) or after a backslash continuation takes no comment: the comment would
change the string or break the line. Each changed file must parse (``ast`` and LibCST) and is written atomically,
else it is left as it was with one line saying why.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .facts import ModuleFacts
from .fix import apply_edits, parse_error, read_text, write_atomic
from .noqa import noqa_merge, physical_lines

if TYPE_CHECKING:
    from .engine import RunResult

# Syntax errors and unreadable files cannot take a comment safely; a noqa for an unused noqa is not one to add.
NOT_SILENCED = frozenset({"FLY901", "FLY902", "FLY903"})


@dataclass
class NoqaOutcome:
    # path -> how many codes were added there
    added: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # findings no line can silence (every line where a noqa counts ends inside a string): path:line: code
    unplaced: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _commentless_lines(text: str) -> set[int]:
    """Lines whose end a comment cannot follow: inside a multi-line string token, or continued by a backslash."""
    blocked: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.start[0] < token.end[0] and token.type not in (tokenize.NL, tokenize.NEWLINE):
                if token.type != tokenize.COMMENT:
                    blocked.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        return set(range(1, text.count("\n") + 2))
    for number, line in enumerate(physical_lines(text), start=1):
        if line.rstrip().endswith("\\"):
            blocked.add(number)
    return blocked


def _candidate_lines(diagnostic: Diagnostic, facts: ModuleFacts | None) -> list[int]:
    """Lines where a noqa silences ``diagnostic``, in order of preference: its own, its statement's first, the
    others its rule names."""
    lines = [diagnostic.line]
    if facts is not None:
        lines += [start for start, end in facts.suppressions.statement_ranges if start <= diagnostic.line <= end]
    lines += list(diagnostic.noqa_lines)
    return list(dict.fromkeys(lines))


def add_noqa(result: RunResult, *, write: bool = True) -> NoqaOutcome:
    """Add ``# noqa: CODE`` for each finding of ``result`` (files as on disk)."""
    outcome = NoqaOutcome()
    by_path: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.code not in NOT_SILENCED:
            by_path.setdefault(d.path, []).append(d)
    for path, found in sorted(by_path.items()):
        try:
            text, encoding = read_text(Path(path))
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
            outcome.errors.append(f"{path}: cannot read to add noqa comments: {error}")
            continue
        blocked = _commentless_lines(text)
        codes_by_line: dict[int, set[str]] = {}
        for d in found:
            line = next((n for n in _candidate_lines(d, result.modules.get(path)) if n not in blocked), None)
            if line is not None:
                codes_by_line.setdefault(line, set()).add(d.code)
            else:
                outcome.unplaced.append(f"{d.path}:{d.line}: {d.code}")
        ranges: list[tuple[int, int, str]] = []
        added = 0
        starts = [0]
        for piece in text.split("\n"):
            starts.append(starts[-1] + len(piece) + 1)
        for line, codes in sorted(codes_by_line.items()):
            edit = noqa_merge(text, line, frozenset(codes))
            if edit is None:
                continue
            start, end, replacement, count = edit
            ranges.append((starts[line - 1] + start - 1, starts[line - 1] + end - 1, replacement))
            added += count
        if not ranges:
            continue
        new = apply_edits(text, ranges)
        problem = parse_error(new, path)
        if problem is not None:
            reason = problem.strip().splitlines()[0] if problem.strip() else problem
            outcome.errors.append(f"{path}: noqa comments not added, the result would not parse ({reason})")
            continue
        if write:
            try:
                write_atomic(Path(path), new, encoding)
            except OSError as error:
                outcome.errors.append(f"{path}: cannot write: {error}")
                continue
        outcome.added[path] = added
    return outcome
