"""Differential test: flyte-lint must agree with the real flyte SDK on every fixture in fixtures/sdk_cases.

For each fixture and each SDK version (2.12.1 always; 2.1.9 when its interpreter can be provided):

* SDK fails at import or deploy on line(s) N  ->  flyte-lint reports an ``error`` whose line range overlaps N
  (the failing expression; for a deploy failure also the task's decorators-to-``def`` span or the span that
  built its environment; for a deploy failure or a local run's, any line the fixture marks ``# mistake``:
  where the wrong value is given, or the call whose result the run cannot serialize).
  Any FLY code counts.
* SDK accepts everything                       ->  flyte-lint reports no ``error`` (warnings are allowed: the SDK
  silently mishandles some things, e.g. truncated descriptions).
* SDK accepts, but could not serialize some task for lack of an optional package (``kubernetes``) ->
  errors are only tolerated inside the spans of those tasks; the case is skipped when there are some.
* ``# sdk-silent: <why>`` fixtures show mistakes that only fail at run time on a cluster; for them the test
  only checks that the SDK indeed accepts them (import and deploy).

The SDK verdicts of one version are computed once per test session, concurrently (one subprocess per
fixture). Set ``FLYTE_LINT_ORACLE_WORKERS`` to change the pool size.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from queue import Queue
from typing import Any, Protocol

import pytest

# The helpers live next to this file; import them the same way under any pytest import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_oracle import (
    DEFAULT_TIMEOUT_S,
    ForkJudge,
    OracleError,
    SdkVerdict,
    Span,
    fails_only_when_deployed_together,
    judge,
    runs_tasks,
)
from sdk_venvs import SUPPORTED_VERSIONS, sdk_interpreter

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "sdk_cases"
FIXTURES: list[Path] = sorted(CASES.glob("*.py"))
SILENT_MARKER = "# sdk-silent:"


class DiagnosticLike(Protocol):
    path: Any
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: str
    message: str


def silent_reason(path: Path) -> str | None:
    """The reason given by a leading ``# sdk-silent: <why>`` comment, if any."""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            return None
        if line.startswith(SILENT_MARKER):
            return line[len(SILENT_MARKER) :].strip()
    return None


def _workers() -> int:
    configured = os.environ.get("FLYTE_LINT_ORACLE_WORKERS")
    if configured:
        return max(1, int(configured))
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


@cache
def verdicts_for(version: str) -> dict[Path, SdkVerdict | BaseException]:
    """Every fixture judged by flyte ``version``, concurrently; harness failures are kept per fixture."""
    python = sdk_interpreter(version).python
    assert python is not None
    # A fork server per worker (tools/_sdk_fork_server.py) imports flyte once and judges each fixture in a
    # fresh forked child; fixtures with local runs, and any the server could not judge, get a fresh process.
    servers: Queue[ForkJudge] = Queue()
    started = [ForkJudge(python) for _ in range(_workers())]
    for server in started:
        servers.put(server)

    def one(path: Path) -> SdkVerdict | BaseException:
        try:
            if not runs_tasks(path.read_text(encoding="utf-8")):
                server = servers.get()
                try:
                    return server(path, DEFAULT_TIMEOUT_S, module=True)
                except OracleError:
                    pass  # judged again below, in a fresh process, whose verdict or error stands
                finally:
                    servers.put(server)
            return judge(path, python)
        except Exception as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            return dict(zip(FIXTURES, pool.map(one, FIXTURES), strict=True))
    finally:
        for server in started:
            server.close()


def _verdict(path: Path, version: str) -> SdkVerdict:
    interpreter = sdk_interpreter(version)
    if interpreter.python is None:
        pytest.skip(f"flyte {version} interpreter unavailable: {interpreter.reason}")
    result = verdicts_for(version)[path]
    if isinstance(result, BaseException):
        raise result
    return result


def _overlaps(diag: DiagnosticLike, span: Span) -> bool:
    start = diag.line
    end = diag.end_line if getattr(diag, "end_line", None) else diag.line
    return start <= span[1] and span[0] <= max(start, end)


def _describe(diags: Sequence[DiagnosticLike]) -> str:
    if not diags:
        return "  (no findings)"
    return "\n".join(
        f"  {d.line}:{d.column}-{d.end_line}:{d.end_column} {d.code} {d.severity}: {d.message}" for d in diags
    )


def _sdk_side(verdict: SdkVerdict) -> str:
    text = f"SDK  {verdict.summary()}"
    if verdict.phase != "ok":
        spans = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in verdict.spans)
        text += f"\n     acceptable lines: {spans}"
    if verdict.limitations:
        text += f"\n     could not judge: {'; '.join(verdict.limitations)}"
    return text


def _lint(path: Path, version: str) -> list[DiagnosticLike]:
    from flyte_lint.api import lint_file

    return list(lint_file(path, target_version=version))


@pytest.mark.parametrize(
    ("path", "version"),
    [pytest.param(p, v, id=f"{p.name}@{v}") for p in FIXTURES for v in SUPPORTED_VERSIONS],
)
def test_linter_agrees_with_sdk(path: Path, version: str) -> None:
    verdict = _verdict(path, version)
    reason = silent_reason(path)
    if reason is not None:
        assert verdict.phase == "ok", (
            f"{path.name} is marked sdk-silent ({reason}) but the SDK rejects it:\n{_sdk_side(verdict)}"
        )
        return

    findings = _lint(path, version)
    errors = [d for d in findings if d.severity == "error"]
    header = f"{path.name} on flyte {version}\n{_sdk_side(verdict)}\nLINT findings:\n{_describe(findings)}"

    if verdict.phase == "ok":
        if verdict.conclusive:
            assert not errors, f"SDK accepts the module but flyte-lint reports errors.\n{header}"
            return
        outside = [d for d in errors if not any(_overlaps(d, s) for s in verdict.limited_spans)]
        assert not outside, f"SDK accepts the module but flyte-lint reports errors.\n{header}"
        if errors:
            pytest.skip(f"SDK could not judge a task here ({'; '.join(verdict.limitations)})")
        return

    candidates = errors
    if fails_only_when_deployed_together(verdict.step, verdict.message):
        # Two environments of one name plan fine one at a time; only a deploy of both (``--all``, which this
        # oracle models) fails, so flyte-lint warns instead of erroring (FLY305).
        candidates = [d for d in findings if d.severity in ("error", "warning")]
    spans = list(verdict.spans)
    if verdict.phase in ("deploy", "run") or verdict.step == "submit":
        # A failure at deploy or in a run names the task (its decorators-to-def span): the mistake may be a value
        # given elsewhere, or a call in its body whose result the run cannot serialize.
        spans += mistake_lines(path)
    matching = [d for d in candidates if any(_overlaps(d, s) for s in spans)]
    assert matching, f"SDK rejects the module but flyte-lint reports no error on the SDK's line.\n{header}"


_MISTAKE = re.compile(r"#\s*mistake\b")


def mistake_lines(path: Path) -> list[tuple[int, int]]:
    """Lines a fixture marks ``# mistake``: where the wrong value is written. A deploy failure names a task
    or an environment; a finding at the value it was given (a constant, the options of a ``partial``) is
    where the user has to change something, and is as right as one at the task."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, number) for number, line in enumerate(lines, start=1) if _MISTAKE.search(line)]
