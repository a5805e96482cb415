"""The SDK oracle: what does the real ``flyte`` SDK say about one fixture module, or one project?

``judge(path, python)`` runs ``tests/_sdk_runner.py`` with the interpreter ``python`` (which must have
``flyte`` installed) in a fresh subprocess: cwd and HOME are a throw-away directory, network access is
refused inside the child, and the run has a timeout. The child imports the fixture the way
``flyte deploy FILE`` does and, when that works, runs deploy planning and dry-run task serialization,
then runs locally the tasks the module names in ``# sdk-run: NAME`` lines.

``judge_project(directory, python)`` does the same for a project directory, imported the way
``flyte deploy --all --recursive --root-dir DIR`` imports it (every module under its dotted name relative
to DIR, sorted, each once); its verdict locates the failure by file (relative to DIR) and line span.
Both go through one runner and one code path (``_sdk_runner.judge_in_process``).

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
FORK_SERVER = Path(__file__).resolve().parent.parent / "tools" / "_sdk_fork_server.py"
DEFAULT_TIMEOUT_S = 90.0

Phase = Literal["import", "deploy", "run", "ok"]
Span = tuple[int, int]
Location = tuple[str, int, int]  # (file relative to the project, first line, last line)

# Environment variables that could make the child read user configuration or reach a server.
_SCRUBBED_PREFIXES = ("FLYTE", "UNION", "PYTHON", "VIRTUAL_ENV", "CONDA")


class OracleError(RuntimeError):
    """The harness itself failed (timeout, crash of the runner, unreadable output)."""


@dataclass(frozen=True)
class SdkVerdict:
    """The SDK's verdict on one fixture module, for one SDK version.

    ``line``/``end_line`` locate the failure in the fixture: for ``import`` the expression of the deepest
    traceback frame inside the fixture; for ``deploy`` the failing task's decorators-to-``def`` span (task
    serialization) or the constructor call of the offending environment (planning); for ``run`` the deepest
    user frame of the exception a task body raised during a local run. ``related`` lists every span that
    explains the failure (the other user frames of the traceback; for serialization also the span that
    built the task's environment; for an environment built in a factory also the factory's call sites).

    For a project (``judge_project``) ``file`` is the primary span's file relative to the project and
    ``related_files`` gives the file of each ``related`` span; ``locations`` pairs them.
    """

    fixture: Path
    flyte_version: str
    phase: Phase
    step: str | None = None  # "import" | "plan" | "deployer" | "include" | "serialize" | "run" | "submit"
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
    file: str | None = None
    related_files: tuple[str, ...] = ()
    limited_files: tuple[str, ...] = ()
    module_file: str | None = None  # project import failures: the module being imported
    ran: tuple[str, ...] = ()  # tasks run locally (``# sdk-run:``)
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

    @property
    def locations(self) -> tuple[Location, ...]:
        """Every (file, first line, last line) a checker may point at; files relative to the project."""
        default = self.fixture.name if self.fixture.is_file() else ""
        found: list[Location] = []
        if self.line is not None:
            found.append((self.file or default, self.line, self.end_line if self.end_line is not None else self.line))
        files = self.related_files or (default,) * len(self.related)
        for name, (start, end) in zip(files, self.related, strict=True):
            if (name, start, end) not in found:
                found.append((name, start, end))
        return tuple(found)

    @property
    def limited_locations(self) -> tuple[Location, ...]:
        default = self.fixture.name if self.fixture.is_file() else ""
        files = self.limited_files or (default,) * len(self.limited_spans)
        return tuple((name, start, end) for name, (start, end) in zip(files, self.limited_spans, strict=True))

    def logged(self, fragment: str) -> bool:
        """True when an SDK log record contains ``fragment``."""
        return any(fragment in record for record in self.logs)

    def summary(self) -> str:
        if self.phase == "ok":
            return f"flyte {self.flyte_version}: ok"
        where = f"line {self.line}" if self.line == self.end_line else f"lines {self.line}-{self.end_line}"
        if self.file:
            where = f"{self.file} {where}"
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
    return (int(value[-2]), int(value[-1]))


def _file(value: Any) -> str:
    """The file of a project location ``[file, start, end]``; "" for a single-module ``[start, end]``."""
    return str(value[0]) if value and len(value) == 3 else ""


def verdict_from_json(fixture: Path, data: dict[str, Any]) -> SdkVerdict:
    span = _span(data.get("span"))
    related_raw = [v for v in data.get("related") or [] if v]
    related = tuple(s for s in (_span(v) for v in related_raw) if s is not None)
    limited_raw = [v for lim in data.get("limitations") or [] for v in lim.get("related") or [] if v]
    project = "modules" in data
    phase = data.get("phase", "ok")
    if phase not in ("import", "deploy", "run", "ok"):
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
        limited_spans=tuple(s for s in (_span(v) for v in limited_raw) if s is not None),
        file=data.get("file"),
        related_files=tuple(_file(v) for v in related_raw) if project else (),
        limited_files=tuple(_file(v) for v in limited_raw) if project else (),
        module_file=data.get("module_file"),
        ran=tuple(str(name) for name in data.get("ran") or []),
        raw=data,
    )


def _run_runner(args: list[str], python: str, subject: Path, timeout: float) -> dict[str, Any]:
    """Run ``_sdk_runner.py ARGS OUT.json`` under ``python`` in a sandboxed child; its JSON verdict."""
    with tempfile.TemporaryDirectory(prefix="flyte-lint-oracle-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "verdict.json"
        cmd = [python, "-I", "-B", str(RUNNER), *args, str(out)]
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
            raise OracleError(f"SDK runner timed out after {timeout}s on {subject}") from exc
        if proc.returncode != 0 or not out.is_file():
            raise OracleError(
                f"SDK runner failed on {subject} (exit {proc.returncode}).\n"
                f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
            )
        data: dict[str, Any] = json.loads(out.read_text())
    return data


def _checked(verdict: SdkVerdict) -> SdkVerdict:
    if verdict.harness_error:
        raise OracleError(f"SDK runner could not finish its phases on {verdict.fixture}:\n{verdict.harness_error}")
    return verdict


def judge(path: Path, python: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> SdkVerdict:
    """Import ``path`` with the ``flyte`` installed for interpreter ``python`` and report what the SDK does."""
    fixture = Path(path).resolve()
    if not fixture.is_file():
        raise FileNotFoundError(fixture)
    return _checked(verdict_from_json(fixture, _run_runner([str(fixture)], python, fixture, timeout)))


def judge_project(directory: Path, python: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> SdkVerdict:
    """Import every module of ``directory`` as ``flyte deploy --all --recursive --root-dir DIR`` would, plan
    and dry-run the deploy, run the ``# sdk-run:`` tasks locally; what the SDK does, located by file."""
    root = Path(directory).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    return _checked(verdict_from_json(root, _run_runner(["--project", str(root)], python, root, timeout)))


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


if __name__ == "__main__":  # pragma: no cover - manual use: python tests/sdk_oracle.py FILE|DIR [PYTHON]
    target = Path(sys.argv[1])
    interpreter = sys.argv[2] if len(sys.argv) > 2 else sys.executable
    result = judge_project(target, interpreter) if target.is_dir() else judge(target, interpreter)
    print(result.summary())
    for name, start, end in result.locations:
        print(f"  {name}:{start}-{end}")


class ForkJudge:
    """``judge`` / ``judge_project`` without paying the SDK's import per subject: a server under the SDK's
    interpreter imports flyte once and forks a fresh child per subject (tools/_sdk_fork_server.py), which
    runs the same runner in the same sandbox. Subjects with local runs (``# sdk-run:``) must not be given to
    it: flyte's event-loop thread does not survive a fork."""

    def __init__(self, python: str) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="flyte-lint-fork-server-")
        self._proc = subprocess.Popen(
            [python, "-I", "-B", str(FORK_SERVER)],
            cwd=self._tmp.name,
            env=_child_env(Path(self._tmp.name)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def __call__(self, subject: Path, timeout: float, *, module: bool = False) -> SdkVerdict:
        """The verdict on a project directory, or (``module``) on one module as ``judge`` gives it."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request: list[object] = [str(subject.resolve()), timeout, *(["module"] if module else [])]
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise OracleError(f"SDK fork server died (exit {self._proc.poll()}) on {subject}")
        answer = json.loads(line)
        if "error" in answer:
            raise OracleError(str(answer["error"]))
        return _checked(verdict_from_json(subject.resolve(), answer["data"]))

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._tmp.cleanup()


def runs_tasks(text: str) -> bool:
    """Whether a fixture asks the runner for local runs (``# sdk-run:``), which need a fresh process."""
    return any(line.startswith("# sdk-run:") for line in text.splitlines())


def fails_only_when_deployed_together(step: str | None, message: str | None) -> bool:
    """A deploy-plan failure that planning one environment at a time avoids (two environments of one name, or
    flyte 2.0 meeting one twice): only a deploy of several fails, so flyte-lint warns (FLY305, FLY308)."""
    text = message or ""
    return step == "plan" and ("Duplicate environment name" in text or "imported twice" in text)
