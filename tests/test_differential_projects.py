"""Differential test over projects: flyte-lint agrees with the real flyte SDK on each fixtures/sdk_projects/<name>/.

Each project directory is judged by the SDK (``sdk_oracle.judge_project``) the way ``flyte deploy --all
--recursive --root-dir DIR`` treats it: every module imported under its dotted name, deploy planning and
dry-run serialization, then a local run of the tasks named by ``# sdk-run: NAME`` lines. For each project
and each SDK version (2.12.1 always; 2.1.9 when its interpreter can be provided):

* SDK fails (import, deploy or local run) in file F at lines N -> flyte-lint reports an ``error`` in F whose
  line range overlaps N, or overlaps any other place the SDK names (every user frame of the traceback, the
  constructor and call sites of an environment, a failing task's decorators-to-``def`` span). Any FLY code.
* SDK accepts everything -> flyte-lint reports no ``error`` anywhere in the project.
* SDK accepts, but could not serialize some task for lack of an optional package -> errors are only
  tolerated at those tasks; the case is skipped when there are some.
* A project with a ``# sdk-silent: <why>`` comment line in one of its modules shows a mistake that only fails
  on a cluster; for it the test only checks that the SDK accepts it.

The verdicts of one version are computed once per session, concurrently (2 workers unless
``FLYTE_LINT_ORACLE_WORKERS`` says otherwise). flyte-lint is run on the project directory with
``flyte_lint.engine.run(Options([DIR], use_cache=False, ...))``, the target version given, configuration ignored.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

# The helpers live next to this file; import them the same way under any pytest import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_oracle import Location, SdkVerdict, fails_only_when_deployed_together, judge_project
from sdk_venvs import SUPPORTED_VERSIONS, sdk_interpreter

from flyte_lint.config import Overrides
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.engine import Options, run

PROJECTS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sdk_projects"
PROJECTS: list[Path] = sorted(p for p in PROJECTS_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
SILENT_MARKER = "# sdk-silent:"


def _modules(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*.py") if "__pycache__" not in p.parts)


def silent_reason(project: Path) -> str | None:
    """The reason given by a ``# sdk-silent: <why>`` line (at column 0) in any module of the project."""
    for module in _modules(project):
        for line in module.read_text(encoding="utf-8").splitlines():
            if line.startswith(SILENT_MARKER):
                return line[len(SILENT_MARKER) :].strip()
    return None


def _workers() -> int:
    configured = os.environ.get("FLYTE_LINT_ORACLE_WORKERS")
    return max(1, int(configured)) if configured else 2


@cache
def verdicts_for(version: str) -> dict[Path, SdkVerdict | BaseException]:
    """Every project judged by flyte ``version``, concurrently; harness failures are kept per project."""
    python = sdk_interpreter(version).python
    assert python is not None

    def one(project: Path) -> SdkVerdict | BaseException:
        try:
            return judge_project(project, python)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        return dict(zip(PROJECTS, pool.map(one, PROJECTS), strict=True))


def _verdict(project: Path, version: str) -> SdkVerdict:
    interpreter = sdk_interpreter(version)
    if interpreter.python is None:
        pytest.skip(f"flyte {version} interpreter unavailable: {interpreter.reason}")
    result = verdicts_for(version)[project]
    if isinstance(result, BaseException):
        raise result
    return result


def lint_project(project: Path, version: str) -> list[Diagnostic]:
    """flyte-lint's findings on the project directory for ``version``, configuration files ignored."""
    options = Options([project], Overrides(target_version=version, isolated=True), jobs=1, use_cache=False)
    return run(options).diagnostics


def relative_path(diag: Diagnostic, project: Path) -> str:
    path = Path(diag.path)
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _overlaps(diag: Diagnostic, file: str, location: Location) -> bool:
    name, start, end = location
    return file == name and diag.line <= end and start <= max(diag.line, diag.end_line or diag.line)


def _describe(diags: Sequence[Diagnostic], project: Path) -> str:
    if not diags:
        return "  (no findings)"
    return "\n".join(
        f"  {relative_path(d, project)}:{d.line}:{d.column}-{d.end_line}:{d.end_column} {d.code} {d.severity}: "
        f"{d.message}"
        for d in diags
    )


def _sdk_side(verdict: SdkVerdict) -> str:
    text = f"SDK  {verdict.summary()}"
    if verdict.phase != "ok":
        places = ", ".join(f"{f}:{a}" if a == b else f"{f}:{a}-{b}" for f, a, b in verdict.locations)
        text += f"\n     acceptable places: {places}"
    if verdict.limitations:
        text += f"\n     could not judge: {'; '.join(verdict.limitations)}"
    return text


@pytest.mark.parametrize(
    ("project", "version"),
    [pytest.param(p, v, id=f"{p.name}@{v}") for p in PROJECTS for v in SUPPORTED_VERSIONS],
)
def test_linter_agrees_with_sdk_on_project(project: Path, version: str) -> None:
    verdict = _verdict(project, version)
    reason = silent_reason(project)
    if reason is not None:
        assert verdict.phase == "ok", (
            f"{project.name} is marked sdk-silent ({reason}) but the SDK rejects it:\n{_sdk_side(verdict)}"
        )
        return

    findings = lint_project(project, version)
    errors = [d for d in findings if d.severity == "error"]
    lint_side = f"LINT findings:\n{_describe(findings, project)}"
    header = f"project {project.name} on flyte {version}\n{_sdk_side(verdict)}\n{lint_side}"

    if verdict.phase == "ok":
        outside = [
            d
            for d in errors
            if not any(_overlaps(d, relative_path(d, project), loc) for loc in verdict.limited_locations)
        ]
        assert not outside, f"SDK accepts the project but flyte-lint reports errors.\n{header}"
        if errors:
            pytest.skip(f"SDK could not judge a task here ({'; '.join(verdict.limitations)})")
        return

    candidates = errors
    if fails_only_when_deployed_together(verdict.step, verdict.message):
        candidates = [d for d in findings if d.severity in ("error", "warning")]
    matching = [d for d in candidates if any(_overlaps(d, relative_path(d, project), loc) for loc in verdict.locations)]
    assert matching, f"SDK rejects the project but flyte-lint reports no error at a place the SDK names.\n{header}"


def test_every_project_has_a_module() -> None:
    assert PROJECTS, f"no projects under {PROJECTS_DIR}"
    for project in PROJECTS:
        assert _modules(project), f"{project.name} has no Python module"
