"""The SDK oracle: what does the real ``flyte`` SDK say about one fixture module?

``judge(path, python)`` runs ``tests/_sdk_runner.py`` with the interpreter ``python`` (which must have
``flyte`` installed) in a fresh subprocess: cwd and HOME are a throw-away directory, network access is
refused inside the child, and the run has a timeout. The child imports the fixture the way
``flyte deploy FILE`` does and, when that works, runs deploy planning and dry-run task serialization.

This module is a test helper; it never imports ``flyte`` itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RUNNER = Path(__file__).with_name("_sdk_runner.py")
DEFAULT_TIMEOUT_S = 90.0

Phase = Literal["import", "deploy", "ok"]
Span = tuple[int, int]

# Environment variables that could make the child read user configuration or reach a server.
_SCRUBBED_PREFIXES = ("FLYTE", "UNION", "PYTHON", "VIRTUAL_ENV", "CONDA")


class OracleError(RuntimeError):
    """The harness itself failed (timeout, crash of the runner, unreadable output)."""


@dataclass(frozen=True)
class SdkVerdict:
    """The SDK's verdict on one fixture module, for one SDK version.

    ``line``/``end_line`` locate the failure in the fixture: for ``import`` the expression of the deepest
    traceback frame inside the fixture; for ``deploy`` the failing task's decorators-to-``def`` span (task
    serialization) or the constructor call of the offending environment (planning). ``related`` lists every
    span that explains the failure (for serialization also the span that built the task's environment).
    """

    fixture: Path
    flyte_version: str
    phase: Phase
    step: str | None = None  # "import" | "plan" | "deployer" | "include" | "serialize"
    exc_type: str | None = None
    message: str | None = None
    line: int | None = None
    end_line: int | None = None
    related: tuple[Span, ...] = ()
    task: str | None = None
    wrapped_message: str | None = None
    logs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    traceback: str | None = None
    harness_error: str | None = None
    limitations: tuple[str, ...] = ()
    limited_spans: tuple[Span, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.phase == "ok"

    @property
    def conclusive(self) -> bool:
        """False when some task could not be serialized here for lack of an optional package."""
        return not self.limitations

    @property
    def spans(self) -> tuple[Span, ...]:
        """Every span a checker may legitimately point at for this failure."""
        primary: tuple[Span, ...] = ()
        if self.line is not None:
            primary = ((self.line, self.end_line if self.end_line is not None else self.line),)
        return primary + tuple(s for s in self.related if s not in primary)

    def logged(self, fragment: str) -> bool:
        """True when an SDK log record contains ``fragment``."""
        return any(fragment in record for record in self.logs)

    def summary(self) -> str:
        if self.phase == "ok":
            return f"flyte {self.flyte_version}: ok"
        where = f"line {self.line}" if self.line == self.end_line else f"lines {self.line}-{self.end_line}"
        task = f" (task {self.task})" if self.task else ""
        return f"flyte {self.flyte_version}: {self.phase}/{self.step} at {where}{task}: {self.exc_type}: {self.message}"


def _child_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(_SCRUBBED_PREFIXES)}
    env.update(
        HOME=str(tmp),
        XDG_CONFIG_HOME=str(tmp / ".config"),
        XDG_CACHE_HOME=str(tmp / ".cache"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
        NO_COLOR="1",
        TERM="dumb",
        COLUMNS="200",
    )
    return env


def _span(value: Any) -> Span | None:
    if not value:
        return None
    return (int(value[0]), int(value[1]))


def verdict_from_json(fixture: Path, data: dict[str, Any]) -> SdkVerdict:
    span = _span(data.get("span"))
    related = tuple(s for s in (_span(v) for v in data.get("related") or []) if s is not None)
    phase = data.get("phase", "ok")
    if phase not in ("import", "deploy", "ok"):
        raise OracleError(f"runner reported an unknown phase {phase!r} for {fixture}")
    return SdkVerdict(
        fixture=fixture,
        flyte_version=str(data.get("flyte_version", "unknown")),
        phase=phase,
        step=data.get("step"),
        exc_type=data.get("exc_type"),
        message=data.get("message"),
        line=span[0] if span else None,
        end_line=span[1] if span else None,
        related=related,
        task=data.get("task"),
        wrapped_message=data.get("wrapped_message"),
        logs=tuple(str(r.get("message", "")) for r in data.get("logs") or []),
        warnings=tuple(f"{w.get('category')}: {w.get('message')}" for w in data.get("warnings") or []),
        traceback=data.get("traceback"),
        harness_error=data.get("harness_error"),
        limitations=tuple(f"task {lim.get('task')}: {lim.get('message')}" for lim in data.get("limitations") or []),
        limited_spans=tuple(
            s
            for lim in data.get("limitations") or []
            for s in (_span(v) for v in lim.get("related") or [])
            if s is not None
        ),
        raw=data,
    )


def judge(path: Path, python: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> SdkVerdict:
    """Import ``path`` with the ``flyte`` installed for interpreter ``python`` and report what the SDK does."""
    fixture = Path(path).resolve()
    if not fixture.is_file():
        raise FileNotFoundError(fixture)
    with tempfile.TemporaryDirectory(prefix="flyte-lint-oracle-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "verdict.json"
        cmd = [python, "-I", "-B", str(RUNNER), str(fixture), str(out)]
        try:
            proc = subprocess.run(
                cmd,
                cwd=tmp,
                env=_child_env(tmp),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OracleError(f"SDK runner timed out after {timeout}s on {fixture}") from exc
        if proc.returncode != 0 or not out.is_file():
            raise OracleError(
                f"SDK runner failed on {fixture} (exit {proc.returncode}).\n"
                f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
            )
        data = json.loads(out.read_text())
    verdict = verdict_from_json(fixture, data)
    if verdict.harness_error:
        raise OracleError(f"SDK runner could not run the deploy phase on {fixture}:\n{verdict.harness_error}")
    return verdict


def flyte_version_of(python: str, *, timeout: float = 60.0) -> str | None:
    """The ``flyte`` version importable by ``python``, or None when flyte is not installed there."""
    with tempfile.TemporaryDirectory(prefix="flyte-lint-oracle-") as tmp_name:
        try:
            proc = subprocess.run(
                [python, "-I", "-B", "-c", "import flyte; print(flyte.__version__)"],
                cwd=tmp_name,
                env=_child_env(Path(tmp_name)),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    if proc.returncode != 0:
        return None
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else None


if __name__ == "__main__":  # pragma: no cover - manual use: python tests/sdk_oracle.py FILE [PYTHON]
    target = Path(sys.argv[1])
    interpreter = sys.argv[2] if len(sys.argv) > 2 else sys.executable
    print(judge(target, interpreter).summary())
