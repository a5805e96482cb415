"""
## What it does
Checks, when the target is a release before flyte 2.3, the timeout of `@env.task(timeout=...)`,
`task.override(timeout=...)` (an override that is called) and `flyte.Timeout(max_runtime=...)` used there:
those releases send only the seconds part of the duration (`timedelta.seconds`, under one day), so a timeout
of a day or more, or a negative one, is not the timeout the task gets. The message says the value that will be sent.

## Why is this bad?
Nothing fails: `timeout=timedelta(days=1)` is sent as 0 seconds, which means no timeout at all;
`timedelta(days=2, seconds=5)` (or `172805`) becomes 5 seconds and the task is killed almost at once; `-5`
becomes 86395 seconds. From flyte 2.3 the whole duration is sent.

## Example
```python
# /// script
# dependencies = ["flyte==2.1.9"]
# ///
from datetime import timedelta

import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(timeout=timedelta(days=1))
async def load(n: int) -> int:
    return n
```

## Use instead
```python
# /// script
# dependencies = ["flyte==2.1.9"]
# ///
from datetime import timedelta

import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(timeout=timedelta(hours=23))
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Obj
from ._override import override_targets
from .base import NOT_CONSTANT, ModuleContext, bound_fields, field_arg, task_environment, to_python

CODE = "FLY119"
NAME = "timeout-days-dropped"
SUMMARY = "timeout of a day or more (or negative) that flyte before 2.3 cuts to its seconds part"
SEVERITY: Severity = "warning"

_FIRST_WHOLE: Final = ".".join(spec.CHANGES["timeout-fields"].split(".")[:2])  # sends the whole duration
_FIX = (
    f"Fix: keep the timeout under one day (flyte before {_FIRST_WHOLE} cannot send longer ones), or upgrade to "
    f"flyte >= {_FIRST_WHOLE}."
)


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    seen: set[tuple[int, int]] = set()
    for task in ctx.facts.tasks:
        if task_environment(ctx, task) is None:
            continue
        arg = task.args.keyword("timeout")
        if arg is not None:
            yield from _report(ctx, arg, "@env.task(timeout=...)", task.statement_line or task.span.line, seen)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("timeout")
        if arg is None or not target.call.invoked:
            continue  # an override that is never called is never serialized
        value = to_python(arg.value)
        if value is not NOT_CONSTANT and not value:
            continue  # ``timeout or self.timeout``: a falsy value keeps the task's timeout
        yield from _report(ctx, arg, "override(timeout=...)", target.call.span.line, seen)


def _report(ctx: ModuleContext, arg: Arg, where: str, line: int, seen: set[tuple[int, int]]) -> Iterator[Diagnostic]:
    given = arg
    if isinstance(arg.value, Obj) and arg.value.callee == "flyte.Timeout":
        obj = arg.value
        sent = ctx.target.fails(lambda profile: _timeout_object_sent(obj, profile))
        if sent is None:
            return
        given = field_arg(obj, ctx.target.profiles[-1], "max_runtime") or arg
        what = "flyte.Timeout(max_runtime=...)"
        value = to_python(given.value)
    else:
        value = to_python(arg.value)
        if value is NOT_CONSTANT:
            return
        sent = ctx.target.fails(lambda profile: _sent_text(value, profile))
        if sent is None:
            return
        what = "timeout"
    if (given.span.line, given.span.column) in seen:
        return  # one value shared by several tasks: report it once
    seen.add((given.span.line, given.span.column))
    text = (
        f"{where}: flyte {', '.join(ctx.target.profiles)} sends only the seconds part of a timeout "
        f"(timedelta.seconds), so {what} "
        f"{_describe(value)} is sent as {sent}. {_FIX}"
    )
    yield ctx.diagnostic(CODE, SEVERITY, given.span, text, noqa_lines=(line, arg.span.line, given.span.line))


def _timeout_object_sent(obj: Obj, profile: spec.Profile) -> str | None:
    fields = bound_fields(obj, profile)
    if fields is None or "max_runtime" not in fields:
        return None
    return _sent_text(fields["max_runtime"], profile)


def _sent_text(value: object, profile: spec.Profile) -> str | None:
    seconds = spec.timeout_sent_seconds(value, profile)
    if seconds is None:
        return None
    return "0 seconds, which means no timeout" if seconds == 0 else f"{seconds} seconds"


def _describe(value: object) -> str:
    from datetime import timedelta

    if isinstance(value, timedelta):
        return f"{value.total_seconds():g} s ({value})"
    return f"{value} s"
