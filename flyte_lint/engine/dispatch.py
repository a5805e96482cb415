"""Rules on a module's facts for its target release (a range release by release), and the suppressions a
finding passes through (settings, ``# noqa``, guarded and dormant code)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

from .. import spec
from ..config import Settings
from ..diagnostics import Diagnostic, Edit, Fix
from ..facts import ModuleFacts, Span
from ..link import ProjectIndex
from ..rules.base import UNDECIDED_WHY, ModuleContext, may_not_run_at_import


def module_findings(
    facts: ModuleFacts,
    target: spec.Target,
    index: ProjectIndex,
    checks: Sequence[Callable[[ModuleContext], Iterable[Diagnostic]]],
    partial_checks: Sequence[Callable[[ModuleContext], Iterable[Diagnostic]]] | None = None,
) -> list[Diagnostic]:
    """The module rules' findings for a target. A range of releases (``flyte>=2.5,<2.9``) is checked release by
    release: what every release of the range rejects keeps its severity; an error that only some releases
    raise becomes a warning naming them, unless the other releases raise at the same place under another rule.

    ``partial_checks`` is for a caller that shows errors only, and of the findings some releases lack, only
    those of ``partial_checks`` (the mypy plugin): when the range's first release finds nothing, no place fails
    in every release, and the other releases run ``partial_checks`` alone. What the caller shows is the same."""
    if len(target.profiles) == 1:
        context = ModuleContext(facts, target, index)
        return [d for check in checks for d in check(context)]
    found: dict[tuple[str, int, int, int, int], list[tuple[str, Diagnostic]]] = {}
    for position, profile in enumerate(target.profiles):
        if position == 1 and partial_checks is not None and not found:
            checks = partial_checks
        context = ModuleContext(facts, target.single(profile), index)
        for check in checks:
            for diagnostic in check(context):
                key = (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column)
                found.setdefault(key, []).append((profile, diagnostic))
    # Releases that raise at a place, whatever the rule: ``Resources(memory=512)`` fails at import from 2.8 (FLY051)
    # and at deploy before (FLY012), so every release of the range fails there.
    failing: dict[tuple[int, int, int, int], set[str]] = {}
    for key, hits in found.items():
        for profile, diagnostic in hits:
            if diagnostic.severity == "error":
                failing.setdefault(key[1:], set()).add(profile)
    results: list[Diagnostic] = []
    for key, hits in found.items():
        releases = list(dict.fromkeys(profile for profile, _ in hits))
        newest = hits[-1][1]
        if len(releases) == len(target.profiles):
            results.append(newest)
            continue
        every_release_fails = len(failing.get(key[1:], ())) == len(target.profiles)
        severity = "warning" if newest.severity == "error" and not every_release_fails else newest.severity
        note = f" [only with flyte {', '.join(releases)} of the pinned range {target.release}]"
        results.append(replace(newest, severity=severity, message=newest.message + note))
    return results


# Findings whose failure comes after the body that holds them returns (a coroutine returned as a task's result
# fails when the result is serialized): a ``try`` around them catches nothing.
_FAILS_AFTER_RETURN: Final = frozenset({"FLY124"})


def unreached(diagnostic: Diagnostic, facts: ModuleFacts | None) -> Diagnostic:
    """An error where the SDK's raise may never reach the user is not certain: in a ``try`` whose handler may
    catch it, or in a function no followed call runs. It is reported as ``info``, saying why. In the
    ``if __name__ == "__main__":`` block it is a ``warning``: it fails only when the file is run as a script; so
    is it in module-level code that may or may not run at import (``undecided``: a branch of an ``if`` whose
    test flyte-lint cannot decide...)."""
    if diagnostic.severity != "error" or facts is None:
        return diagnostic
    if not (facts.guarded or facts.dormant or facts.script_only or facts.undecided):
        return diagnostic
    line = diagnostic.line
    if any(start <= line <= end for start, end in facts.script_only):
        # Not unreached: it fails as soon as the script is run, in front of the user; a warning, not an error,
        # since importing the module (deploy, the cluster) never runs it.
        why = 'in the if __name__ == "__main__": block: it fails when the file is run as a script, not on import'
        return replace(diagnostic, severity="warning", message=f"{diagnostic.message} ({why})")
    if diagnostic.code not in _FAILS_AFTER_RETURN and any(start <= line <= end for start, end in facts.guarded):
        why = "inside a try whose handler may catch it"
    elif any(start <= line <= end for start, end in facts.dormant):
        why = "in a function flyte-lint saw no call of: the SDK raises only when it runs"
    elif may_not_run_at_import(facts, diagnostic.line, diagnostic.column):
        # Where the module is deployed, this code may be what runs or may never run: a warning, as whether it
        # fails depends on the environment the module is imported in, which the code does not say.
        why = f"in {UNDECIDED_WHY}: it fails when that code runs"
        return replace(diagnostic, severity="warning", message=f"{diagnostic.message} ({why})")
    else:
        return diagnostic
    return replace(diagnostic, severity="info", message=f"{diagnostic.message} ({why})")


def kept(
    diagnostic: Diagnostic,
    facts: ModuleFacts | None,
    settings: Settings | None,
    used: set[tuple[str, int, str]] | None = None,
) -> bool:
    """Whether a finding is reported: its code enabled for its file, and no ``# noqa`` silencing it. The noqa
    codes that silence it are added to ``used`` as (path, line, code as written)."""
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
    silenced = False
    for line in sorted(lines):
        if line in by_line:
            codes = by_line[line]
            if codes is None:
                silenced = True
                continue
            for code in codes:
                if diagnostic.code.startswith(code):
                    silenced = True
                    if used is not None:
                        used.add((diagnostic.path, line, code))
    return not silenced


UNUSED_NOQA = "FLY903"
_CODE_RE = re.compile(r"^[A-Z]+[0-9]+$")


def unused_noqa(
    modules: dict[str, ModuleFacts],
    used: set[tuple[str, int, str]],
    settings_by_path: dict[str, Settings],
    judged: Callable[[str], bool],
    known: frozenset[str],
) -> list[Diagnostic]:
    """FLY903 for each line whose ``# noqa: CODES`` lists FLY codes that silenced no finding of this run.

    Judged: the FLY codes of a line's noqa (a bare ``# noqa`` and other tools' codes never are) that are enabled
    for the file, in modules whose findings this run computed (``judged``) and that parse. A code that covers
    FLY903 itself (``FLY9``, ``FLY``) is not judged."""
    found: list[Diagnostic] = []
    for path, facts in modules.items():
        suppressions = facts.suppressions
        if not suppressions.by_line or suppressions.file_level or facts.parse_error is not None or not judged(path):
            continue
        settings = settings_by_path.get(path, Settings())
        places = {place[0]: place[1:] for place in suppressions.places}
        for line, codes in suppressions.by_line:
            if codes is None:
                continue
            unused = []
            for code in sorted(codes):
                if not code.startswith("FLY") or UNUSED_NOQA.startswith(code) or (path, line, code) in used:
                    continue
                covered = [k for k in known if k.startswith(code)]
                if covered and not any(settings.enabled(k, Path(path)) for k in covered):
                    continue  # not checked in this file: whether it would silence something is not known
                unused.append(code if covered else f"{code} (not a flyte-lint code)")
            if not unused:
                continue
            place = places.get(line)
            start, end = (place[0], place[1]) if place else (1, 1)
            plural = "s" if len(unused) > 1 else ""
            message = (
                f"unused noqa code{plural} {', '.join(unused)}: nothing on this line is reported under "
                f"{'them' if plural else 'it'}"
            )
            names = [u.split(" ")[0] for u in unused]
            fix = _without_codes(line, place, codes, frozenset(names)) if place else None
            remove = f"remove {', '.join(names)} from the noqa comment"
            found.append(Diagnostic(path, line, start, line, end, UNUSED_NOQA, "warning", message, fix, help=remove))
    return found


def _without_codes(
    line: int, place: tuple[int, int, int, bool], codes: frozenset[str], unused: frozenset[str]
) -> Fix | None:
    """The fix of an unused noqa: the comment without the unused codes (the others kept, sorted), or, when none
    is left and the noqa is the whole comment, no comment (with the blank before it)."""
    start, end, blank, whole = place
    if not all(_CODE_RE.match(code) for code in codes):
        return None  # words written after the codes were read as codes too: leave the comment alone
    left = sorted(codes - unused)
    names = ", ".join(sorted(unused))
    if left:
        edit = Edit(Span(line, start, line, end), f"# noqa: {', '.join(left)}")
        return Fix(f"remove {names} from the noqa comment", (edit,))
    if not whole:
        return None  # text follows the noqa in the comment: removing it is for the reader to decide
    return Fix(f"remove the noqa comment ({names})", (Edit(Span(line, blank, line, end), ""),))


def matches_code(code: str, codes: frozenset[str]) -> bool:
    """A noqa code list covers ``code`` exactly or by prefix (``FLY2`` covers FLY201)."""
    return any(code.startswith(c) for c in codes)
