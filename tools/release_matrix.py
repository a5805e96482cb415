"""The differential fixtures judged by every probed flyte release: where does the SDK's behaviour change?

``python tools/release_matrix.py [--release V ...] [--only NAME ...] [--report-only]``

Every fixture of ``fixtures/sdk_cases/`` (one module, ``tests/sdk_oracle.judge``) and ``fixtures/sdk_projects/``
(a project, ``judge_project``) is judged by each release's interpreter (``tests/sdk_venvs.py``; 2.12.1 in its own
venv like the others, so every release sees the same set of installed packages), one subprocess at a time, exactly
as the differential tests do. The verdicts go to ``tools/release_matrix.json`` (fixture -> release -> verdict),
written after every release so an interrupted run keeps what it finished (``--resume`` skips the pairs already
there); ``tools/release_matrix.md`` lists, for every fixture whose verdict differs between releases, the releases
where it changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sdk_oracle import OracleError, SdkVerdict, judge, judge_project  # noqa: E402
from sdk_venvs import LEGACY_VERSION, PRIMARY_VERSION, PROBED_RELEASES, sdk_interpreter  # noqa: E402

CASES = ROOT / "fixtures" / "sdk_cases"
PROJECTS = ROOT / "fixtures" / "sdk_projects"
MATRIX = ROOT / "tools" / "release_matrix.json"
REPORT = ROOT / "tools" / "release_matrix.md"
RELEASE_DATA = ROOT / "flyte_lint" / "spec" / "releases"
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

Verdict = dict[str, Any]


def subjects() -> dict[str, Path]:
    """Fixture key (``sdk_cases/x.py`` or ``sdk_projects/p``) -> path, sorted."""
    found = {f"sdk_cases/{p.name}": p for p in sorted(CASES.glob("*.py"))}
    found.update({f"sdk_projects/{p.name}": p for p in sorted(PROJECTS.iterdir()) if p.is_dir()})
    return found


def first_line(text: str | None) -> str | None:
    if text is None:
        return None
    lines = text.strip().splitlines()
    if not lines:
        return ""
    # Absolute paths of this checkout and object addresses would make the file depend on the machine.
    return _ADDRESS.sub(" at 0x…", lines[0]).replace(str(ROOT), "<repo>")


def summarise(verdict: SdkVerdict) -> Verdict:
    """The parts of a verdict that the matrix compares and records."""
    out: Verdict = {"phase": verdict.phase}
    if verdict.phase != "ok":
        out.update(
            step=verdict.step,
            error=verdict.exc_type,
            message=first_line(verdict.message),
            line=verdict.line,
        )
        if verdict.file:
            out["file"] = verdict.file
    if verdict.limitations:
        out["limited"] = len(verdict.limitations)
    return out


def judge_one(path: Path, python: str, timeout: float) -> Verdict:
    try:
        verdict = (
            judge_project(path, python, timeout=timeout) if path.is_dir() else judge(path, python, timeout=timeout)
        )
    except OracleError as exc:
        # The harness's own failure: its last line names the cause (e.g. an SDK module this release lacks).
        lines = [line for line in str(exc).splitlines() if line.strip()]
        return {"phase": "harness-error", "message": first_line(lines[-1] if lines else "")}
    return summarise(verdict)


def load_matrix() -> dict[str, dict[str, Verdict]]:
    if MATRIX.is_file():
        data: dict[str, dict[str, Verdict]] = json.loads(MATRIX.read_text())
        return data
    return {}


def save_matrix(matrix: dict[str, dict[str, Verdict]]) -> None:
    ordered = {key: {r: matrix[key][r] for r in PROBED_RELEASES if r in matrix[key]} for key in sorted(matrix)}
    MATRIX.write_text(json.dumps(ordered, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _signature(verdict: Verdict) -> tuple[Any, ...]:
    """What counts as a change: outcome, phase, step, exception type, message; not the exact line."""
    return (verdict.get("phase"), verdict.get("step"), verdict.get("error"), verdict.get("message"))


def describe(verdict: Verdict) -> str:
    if verdict.get("phase") == "ok":
        limited = f" (could not judge {verdict['limited']} task(s))" if verdict.get("limited") else ""
        return f"accepts{limited}"
    if verdict.get("phase") == "harness-error":
        return f"harness error: {verdict.get('message')}"
    where = f" line {verdict.get('line')}" if verdict.get("line") is not None else ""
    if verdict.get("file"):
        where = f" {verdict['file']}{where}"
    message = str(verdict.get("message"))
    if len(message) > 200:  # the accelerator lists; the JSON keeps the whole line
        message = message[:197] + "..."
    return f"{verdict.get('phase')}/{verdict.get('step')}{where}: {verdict.get('error')}: {message}"


def report(matrix: dict[str, dict[str, Verdict]]) -> str:
    releases = [r for r in PROBED_RELEASES if any(r in row for row in matrix.values())]
    lines = [
        "# Release matrix of the differential fixtures",
        "",
        f"Generated by `python tools/release_matrix.py` from `tools/release_matrix.json`: {len(matrix)} fixtures "
        f"(`fixtures/sdk_cases/*.py`, `fixtures/sdk_projects/*/`) judged by the real SDK of each release "
        f"({', '.join(releases)}), the way the differential tests judge them (import, deploy planning and "
        "dry-run serialization, `# sdk-run:` local runs).",
        "",
        "A verdict *changes* when its phase, step, exception type or message (first line) changes; line "
        "numbers alone do not count. Each fixture below lists its verdict for the oldest release and then "
        "every release where the verdict changes (it holds until the next listed release).",
        "",
    ]
    changed: list[str] = []
    unchanged = 0
    for key in sorted(matrix):
        row = matrix[key]
        present = [r for r in releases if r in row]
        if not present:
            continue
        signatures = {_signature(row[r]) for r in present}
        if len(signatures) == 1:
            unchanged += 1
            continue
        steps: list[str] = []
        previous: tuple[Any, ...] | None = None
        for release in present:
            sig = _signature(row[release])
            if sig != previous:
                prefix = release if previous is None else f"from {release}"
                steps.append(f"  - {prefix}: {describe(row[release])}")
                previous = sig
        legacy_sig = _signature(row[LEGACY_VERSION]) if LEGACY_VERSION in row else None
        primary_sig = _signature(row[PRIMARY_VERSION]) if PRIMARY_VERSION in row else None
        odd = [r for r in present if _signature(row[r]) not in (legacy_sig, primary_sig)]
        note = f" — unlike both 2.1.9 and 2.12.1 in: {', '.join(odd)}" if odd else ""
        changed.append(f"- `{key}`{note}\n" + "\n".join(steps))
    lines.append(f"{len(changed)} fixtures change between releases; {unchanged} have one verdict in every release.")
    lines.append("")
    lines.extend(changed)
    lines.append("")
    return "\n".join(lines)


def _ranges(releases: list[str]) -> str:
    """``2.0.12–2.2.4, 2.9.0`` for runs of consecutive probed releases."""
    if not releases:
        return "–"
    order = [PROBED_RELEASES.index(r) for r in releases]
    runs: list[tuple[int, int]] = []
    for index in order:
        if runs and index == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return ", ".join(PROBED_RELEASES[a] if a == b else f"{PROBED_RELEASES[a]}–{PROBED_RELEASES[b]}" for a, b in runs)


def _probe_signature(verdict: Verdict) -> tuple[Any, ...]:
    return (
        verdict.get("outcome"),
        verdict.get("phase"),
        verdict.get("error"),
        verdict.get("message"),
        json.dumps(verdict.get("observed")),
        verdict.get("log"),
    )


def _probe_text(verdict: Verdict) -> str:
    outcome = verdict.get("outcome")
    if outcome == "unavailable":
        return f"unavailable ({verdict.get('message')})"
    if outcome == "ok":
        text = f"ok ({verdict.get('phase')})"
        if "observed" in verdict:
            text += f", observed {json.dumps(verdict['observed'])}"
    else:
        message = str(verdict.get("message"))
        message = message if len(message) <= 110 else message[:107] + "..."
        text = f"{verdict.get('phase')}: {verdict.get('error')}: {message}"
    if verdict.get("log"):
        text += f"; logs {str(verdict['log'])[:60]!r}"
    return text.replace("|", "\\|")


def facts_report() -> str:
    """The behaviour probes of flyte_lint/spec/releases/*.json whose verdict differs between releases."""
    data: dict[str, dict[str, Verdict]] = {}
    for release in PROBED_RELEASES:
        path = RELEASE_DATA / f"{release}.json"
        if path.is_file():
            data[release] = {v["id"]: v for v in json.loads(path.read_text())["verdicts"]}
    if LEGACY_VERSION not in data or PRIMARY_VERSION not in data:
        return ""
    releases = [r for r in PROBED_RELEASES if r in data]
    lines = [
        "## Behaviour probes (`tools/probe_release.py`, `flyte_lint/spec/releases/`)",
        "",
        "Probes whose verdict (outcome, phase, exception, message, observed value, SDK log) differs between "
        "releases. *like 2.1.9* / *like 2.12.1*: releases with exactly that release's verdict; *other*: neither "
        "(often only a message that lists a longer set of names, see the change list).",
        "",
        "| probe | like 2.1.9 | like 2.12.1 | other | changes |",
        "|---|---|---|---|---|",
    ]
    for probe_id in sorted(data[LEGACY_VERSION]):
        row = {r: data[r][probe_id] for r in releases if probe_id in data[r]}
        sigs = {r: _probe_signature(v) for r, v in row.items()}
        if len(set(sigs.values())) == 1:
            continue
        legacy, primary = sigs[LEGACY_VERSION], sigs[PRIMARY_VERSION]
        like_legacy = [r for r in row if sigs[r] == legacy]
        like_primary = [r for r in row if sigs[r] == primary and primary != legacy]
        other = [r for r in row if r not in like_legacy and r not in like_primary]
        changes: list[str] = []
        previous: tuple[Any, ...] | None = None
        for release, verdict in row.items():
            if sigs[release] != previous:
                changes.append(f"{release}: {_probe_text(verdict)}")
                previous = sigs[release]
        lines.append(
            f"| `{probe_id}` | {_ranges(like_legacy)} | {_ranges(like_primary)} | {_ranges(other)} | "
            + "<br>".join(changes)
            + " |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--release", action="append", help="only these releases (default: every probed one)")
    parser.add_argument("--only", action="append", help="only fixtures whose key contains this text")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds per fixture")
    parser.add_argument("--resume", action="store_true", help="keep the pairs already in the JSON file")
    parser.add_argument("--report-only", action="store_true", help="rewrite the Markdown report from the JSON")
    args = parser.parse_args(argv)

    matrix = load_matrix() if (args.resume or args.report_only or args.only or args.release) else {}
    if not args.report_only:
        todo = subjects()
        if args.only:
            todo = {k: p for k, p in todo.items() if any(o in k for o in args.only)}
        for release in args.release or list(PROBED_RELEASES):
            interpreter = sdk_interpreter(release, own_venv=True)
            if interpreter.python is None:
                print(f"{release}: no interpreter: {interpreter.reason}", file=sys.stderr)
                continue
            started = time.monotonic()
            done = 0
            for key, path in todo.items():
                if args.resume and release in matrix.get(key, {}):
                    continue
                matrix.setdefault(key, {})[release] = judge_one(path, interpreter.python, args.timeout)
                done += 1
            save_matrix(matrix)
            print(f"{release}: {done} fixtures in {time.monotonic() - started:.0f}s", flush=True)
    REPORT.write_text(report(matrix) + "\n" + facts_report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
