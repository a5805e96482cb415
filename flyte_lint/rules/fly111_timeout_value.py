"""
## What it does
Checks `timeout=` given to `@env.task(...)` and `task.override(...)`: it must be int seconds, a
`datetime.timedelta` or a `flyte.Timeout`. It also checks the fields of a `flyte.Timeout(...)` used there:
`max_runtime` (and, in flyte >= 2.12, `max_queued_time` and `deadline`) must be int seconds or a
`timedelta`.

## Why is this bad?
The SDK does not check the value when the task is decorated or run locally; `flyte deploy` (and the
submission of an overridden task to a cluster) fails when the task is serialized, with
`ValueError: Timeout must be an instance of Timeout, int, or timedelta.` or, for a bad `Timeout` field,
`AttributeError: 'float' object has no attribute 'total_seconds'` (`... 'seconds'` in flyte 2.1).

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(timeout=1.5)
async def load(n: int) -> int:
    return n
```

## Use instead
```python
from datetime import timedelta

import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(timeout=timedelta(seconds=1.5))
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import ENUM_MEMBER, Arg, Obj, Span
from ._override import override_targets
from .base import (
    NOT_CONSTANT,
    TASK_ENV_KINDS,
    ModuleContext,
    bound_fields,
    deploy_site,
    field_arg,
    serialized_at,
    to_python,
)

CODE = "FLY111"
NAME = "timeout-value"
SUMMARY = "timeout value that fails at deploy"
SEVERITY: Severity = "error"

_FIX = "Fix: use int seconds (timeout=60), a datetime.timedelta, or flyte.Timeout(max_runtime=timedelta(...))."


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    seen: set[tuple[int, int]] = set()
    for task in ctx.facts.tasks:
        env = ctx.task_env(task)
        if env is None or env.env.kind not in TASK_ENV_KINDS:
            continue
        arg = task.args.keyword("timeout")
        if arg is not None:
            phase = "at deploy, when the task is serialized (decoration and local runs do not check it)"
            # Options given ahead (``deco = env.task(timeout=...)``) or a task made by a call: the deploy names the
            # task, so does this.
            site, _ = serialized_at(task, arg.span)
            at = site if site != arg.span else None
            yield from _report(
                ctx, arg, "@env.task(timeout=...)", phase, task.statement_line or task.span.line, seen, at
            )
    for target in override_targets(ctx):
        arg = target.call.args.keyword("timeout")
        if arg is None or not target.call.invoked:
            continue  # an override that is never called is never serialized
        value = to_python(arg.value)
        if value is not NOT_CONSTANT and not value:
            continue  # ``timeout or self.timeout``: a falsy value keeps the task's timeout
        phase = (
            "when the overridden task is submitted and serialized (a run of the calling task, locally with "
            "flyte.run or on the cluster; override() itself does not check it)"
        )
        yield from _report(ctx, arg, "override(timeout=...)", phase, target.call.span.line, seen)


def _report(
    ctx: ModuleContext,
    arg: Arg,
    where: str,
    phase: str,
    line: int,
    seen: set[tuple[int, int]],
    at: Span | None = None,
) -> Iterator[Diagnostic]:
    if isinstance(arg.value, Obj) and not arg.value.callee.startswith(ENUM_MEMBER):
        if arg.value.callee == "flyte.Timeout":
            yield from _report_timeout_object(ctx, arg.value, where, phase, line, seen, at or arg.span)
        return
    value = to_python(arg.value)
    if value is NOT_CONSTANT:
        return
    message = ctx.target.fails(lambda profile: spec.timeout_error(value))
    if message is None:
        return
    text = f"{where}: timeout={value!r} fails {phase} with ValueError: {message.rstrip('.')}. {_FIX}"
    yield ctx.diagnostic(CODE, SEVERITY, at or arg.span, text, noqa_lines=(line, arg.span.line))


def _report_timeout_object(
    ctx: ModuleContext, obj: Obj, where: str, phase: str, line: int, seen: set[tuple[int, int]], use: Span
) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = bound_fields(obj, profile)
        if fields is None:
            return None
        result = spec.timeout_field_error(fields, profile)
        if result is None:
            return None
        results[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is None:
        return
    field = results[ctx.target.profiles[-1]][0]
    given = field_arg(obj, ctx.target.profiles[-1], field)
    value_at = given.span if given is not None else obj.span
    span, note = deploy_site(ctx, value_at, use)
    if not note and not use.line <= value_at.line <= use.end_line:
        # ``TIMEOUT = flyte.Timeout(...)`` made on a line of its own: the SDK fails where a task using it is
        # serialized (the decorator, the override() call), and names that task; so does the finding.
        span, note = use, f" (made at line {value_at.line})"
    if (value_at.line, value_at.column) in seen:
        return  # one Timeout object shared by several tasks: reported once, at the first (where a deploy stops)
    seen.add((value_at.line, value_at.column))
    text = (
        f"{where}: flyte.Timeout({field}=...){note} fails {phase} with AttributeError: {message}. "
        f"Fix: give {field} as int seconds or a datetime.timedelta."
    )
    yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=(line, obj.span.line, span.line))
