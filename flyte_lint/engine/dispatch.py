"""Rules on a module's facts for its target release (a range release by release), and the suppressions a
finding passes through (settings, ``# noqa``, guarded and dormant code)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .. import spec
from ..config import Settings
from ..diagnostics import Diagnostic
from ..facts import ModuleFacts
from ..link import ProjectIndex
from ..rules.base import ModuleContext


def module_findings(
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


def unreached(diagnostic: Diagnostic, facts: ModuleFacts | None) -> Diagnostic:
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


def kept(diagnostic: Diagnostic, facts: ModuleFacts | None, settings: Settings | None) -> bool:
    if settings is not None and not settings.enabled(diagnostic.code, Path(diagnostic.path)):
        return False
    if facts is None:
        return True
    suppressions = facts.suppressions
    if suppressions.file_level or matches_code(diagnostic.code, suppressions.file_codes):
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
            if codes is None or matches_code(diagnostic.code, codes):
                return False
    return True


def matches_code(code: str, codes: frozenset[str]) -> bool:
    """A noqa code list covers ``code`` exactly or by prefix (``FLY2`` covers FLY201)."""
    return any(code.startswith(c) for c in codes)
