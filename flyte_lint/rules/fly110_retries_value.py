"""
## What it does
Checks `retries=` given to `@env.task(...)` and `task.override(...)`: it must be a non-negative int below
2**32 (or a `flyte.RetryStrategy`). Floats, strings, containers, negative numbers, booleans and huge
numbers are rejected by the SDK.

## Why is this bad?
flyte >= 2.12 validates retries when the task is decorated (the module fails to import) or when
`override()` runs: `ValueError: retries must be an int (a retry count) or a flyte.RetryStrategy, got 1.5`,
`ValueError: RetryStrategy.count must be greater than or equal to 0, got -1`. flyte 2.1 accepts them and
`flyte deploy` fails instead (`Value out of range: -1`, `'float' object has no attribute 'count'`).
`retries=True` and values of 2**32 or more fail at deploy in both versions.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(retries=-1)
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(retries=3)
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg
from ._override import override_targets
from .base import NOT_CONSTANT, ModuleContext, to_python

CODE = "FLY110"
NAME = "retries-value"
SUMMARY = "retries value the SDK rejects"
SEVERITY: Severity = "error"

_TASK_ENV_KINDS = ("TaskEnvironment", "ClusteredTaskEnvironment")
_FIX = "Fix: use a non-negative int retry count (e.g. retries=3) or flyte.RetryStrategy(count=...)."


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        env = ctx.task_env(task)
        if env is None or env.env.kind not in _TASK_ENV_KINDS:
            continue
        arg = task.args.keyword("retries")
        if arg is not None:
            yield from _report(ctx, arg, "@env.task(retries=...)", "task", task.statement_line or task.span.line)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("retries")
        if arg is None:
            continue
        value = to_python(arg.value)
        if value is not NOT_CONSTANT and not value:
            continue  # ``retries or self.retries``: a falsy value keeps the task's retries (a no-op, not an error)
        yield from _report(
            ctx, arg, "override(retries=...)", "override", target.call.span.line, invoked=target.call.invoked
        )


def _report(
    ctx: ModuleContext, arg: Arg, where: str, level: str, line: int, *, invoked: bool = True
) -> Iterator[Diagnostic]:
    value = to_python(arg.value)
    if value is NOT_CONSTANT:
        return

    def fails(profile: spec.Profile) -> str | None:
        # An override that is never called is never serialized: only a check override() itself makes counts.
        if not invoked and spec.retries_phase(value, profile) != "decorate":
            return None
        return spec.retries_error(value, profile)

    message = ctx.target.fails(fails)
    if message is None:
        return
    phases = []
    for profile in ctx.target.profiles:
        if spec.retries_phase(value, profile) == "decorate":
            phases.append("when the task is decorated (at import)" if level == "task" else "when override() runs")
        elif level == "task":
            phases.append("at deploy (task serialization)")
        else:
            phases.append("when the overridden task is serialized (deploy / cluster run)")
    if len(set(phases)) == 1:
        phase = phases[0]
    else:
        phase = " / ".join(
            f"{text} in flyte {profile}" for text, profile in zip(phases, ctx.target.profiles, strict=True)
        )
    text = f"{where}: retries={value!r} fails {phase}: {message.rstrip('.')}. {_FIX}"
    yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, noqa_lines=(line, arg.span.line))
