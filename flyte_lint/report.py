"""Formatters: text (ruff's full format), concise, json, and statistics."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from .diagnostics import Diagnostic

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD, _RESET, _BLUE = "\033[1m", "\033[0m", "\033[1;34m"


class SourceCache:
    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        self._lines: dict[str, list[str]] = {}
        self._overrides = overrides or {}

    def line(self, path: str, number: int) -> str | None:
        lines = self._lines.get(path)
        if lines is None:
            text = self._overrides.get(path)
            if text is None:
                try:
                    text = Path(path).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
            lines = text.splitlines()
            self._lines[path] = lines
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return None


def _printable(text: str | None) -> str | None:
    """A source line safe to print on a terminal: control characters (a binary file's ESC, NUL...) become
    U+FFFD, so a finding can never move the cursor or clear the screen."""
    if text is None or text.isprintable() or all(c.isprintable() or c == "\t" for c in text):
        return text
    return "".join(c if c.isprintable() or c == "\t" else "\ufffd" for c in text)


def format_text(diagnostics: Sequence[Diagnostic], *, color: bool, sources: SourceCache | None = None) -> str:
    sources = sources or SourceCache()
    out: list[str] = []
    for d in diagnostics:
        sev = f"{_COLORS[d.severity]}{d.severity}{_RESET}" if color else d.severity
        code = f"{_BOLD}{d.code}{_RESET}" if color else d.code
        out.append(f"{d.path}:{d.line}:{d.column}: {code} [{sev}] {d.message}")
        text = _printable(sources.line(d.path, d.line))
        if text is not None and text.strip():
            gutter = " " * len(str(d.line))
            width = (d.end_column - d.column) if d.end_line == d.line else len(text) - d.column + 1
            width = max(1, min(width, max(1, len(text) - d.column + 1)))
            bar = f"{_BLUE}|{_RESET}" if color else "|"
            caret = "^" * width
            if color:
                caret = f"{_COLORS[d.severity]}{caret}{_RESET}"
            expanded = text.expandtabs(4) if "\t" not in text[: d.column] else text
            out.append(f"{gutter} {bar}")
            out.append(f"{d.line} {bar} {expanded}")
            out.append(f"{gutter} {bar} {' ' * (d.column - 1)}{caret} {d.code}")
            out.append(f"{gutter} {bar}")
        if d.fix is not None:
            kind = "fix available" if d.fix.applicability == "safe" else "unsafe fix available (--unsafe-fixes)"
            out.append(f"  = help: {d.fix.description} [{kind}]")
        elif d.help:
            out.append(f"  = help: {d.help}")
        out.append("")
    return "\n".join(out)


def format_concise(diagnostics: Sequence[Diagnostic], *, color: bool) -> str:
    return "\n".join(f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}" for d in diagnostics)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2)


def format_statistics(diagnostics: Sequence[Diagnostic]) -> str:
    from .rules import rule_by_code

    counts = Counter(d.code for d in diagnostics)
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rule_by_code(code)
        name = rule.name if rule else ("syntax-error" if code == "FLY901" else "io-error")
        lines.append(f"{count:>5}  {code}  {name}")
    return "\n".join(lines)


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    if not diagnostics:
        return f"All checks passed ({files} file{'s' if files != 1 else ''} checked)."
    by_sev = Counter(d.severity for d in diagnostics)
    parts = [f"{by_sev[s]} {s}{'s' if by_sev[s] != 1 else ''}" for s in ("error", "warning", "info") if by_sev[s]]
    found = f"{len(diagnostics)} finding{'s' if len(diagnostics) != 1 else ''}"
    return f"Found {found} ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}."


Formatter = Callable[[Sequence[Diagnostic]], str]
# Extra formats registered by integrations (sarif, github, junit): name -> formatter.
EXTRA_FORMATS: dict[str, str] = {
    "sarif": "flyte_lint.formats.sarif:format_sarif",
    "github": "flyte_lint.formats.github:format_github",
    "junit": "flyte_lint.formats.junit:format_junit",
}


def load_extra_format(name: str) -> Formatter | None:
    target = EXTRA_FORMATS.get(name)
    if target is None:
        return None
    import importlib

    module_name, attr = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    formatter: Formatter = getattr(module, attr)
    return formatter


def _rule_name(code: str) -> str:
    from .rules import rule_by_code

    rule = rule_by_code(code)
    return rule.name if rule else code


def fix_summary(fixed_by_code: dict[str, int]) -> str | None:
    """``Fixed 3 findings: FLY301 x2, FLY204 x1`` (``--fix``), or None when nothing was fixed."""
    total = sum(fixed_by_code.values())
    if not total:
        return None
    parts = ", ".join(f"{code} x{count}" for code, count in sorted(fixed_by_code.items()))
    return f"Fixed {total} finding{'s' if total != 1 else ''}: {parts}"


def format_fixed(fixed_by_path: dict[str, dict[str, int]]) -> str:
    """What ``--fix --show-fixes`` lists: per file of a finding, how many were fixed per rule."""
    total = sum(sum(codes.values()) for codes in fixed_by_path.values())
    if not total:
        return ""
    lines = [f"Fixed {total} finding{'s' if total != 1 else ''}:"]
    for path, codes in sorted(fixed_by_path.items()):
        lines.append(f"- {path}:")
        lines.extend(f"    {count} x {code} ({_rule_name(code)})" for code, count in sorted(codes.items()))
    return "\n".join(lines)


def format_fixes_available(diagnostics: Sequence[Diagnostic], *, unsafe: bool = False) -> str:
    """What ``--show-fixes`` lists after the report: per rule, how many findings have a fix, safe or unsafe, and
    the flag that applies them."""
    safe: Counter[str] = Counter()
    risky: Counter[str] = Counter()
    for d in diagnostics:
        if d.fix is not None and (d.fix.edits or d.fix.other_files):
            (safe if d.fix.applicability == "safe" else risky)[d.code] += 1
    if not safe and not risky:
        return "No fixes available."
    lines = ["Fixes available:"]
    for code in sorted(set(safe) | set(risky)):
        if safe[code]:
            lines.append(f"    {safe[code]} x {code} ({_rule_name(code)}): safe, applied by --fix")
        if risky[code]:
            flag = "--fix --unsafe-fixes" if not unsafe else "--fix (--unsafe-fixes is on)"
            lines.append(f"    {risky[code]} x {code} ({_rule_name(code)}): unsafe, applied by {flag}")
    return "\n".join(lines)
