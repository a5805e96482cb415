"""
## What it does
Checks `retries=` given to `@env.task(...)` and `task.override(...)`: it must be a non-negative int below
2**32 (or a `flyte.RetryStrategy`). Floats, strings, containers, negative numbers, booleans and huge
numbers are rejected by the SDK.

## Why is this bad?
flyte >= 2.9 validates retries when the task is decorated (the module fails to import) or when
`override()` runs: `ValueError: retries must be an int (a retry count) or a flyte.RetryStrategy, got 1.5`,
`ValueError: RetryStrategy.count must be greater than or equal to 0, got -1`. older releases accept them and
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
from ..facts import Arg, Obj, Span, TaskDef
from ._override import override_targets
from .base import NOT_CONSTANT, TASK_ENV_KINDS, ModuleContext, built_at, serialized_at, to_python

CODE = "FLY110"
NAME = "retries-value"
SUMMARY = "retries value the SDK rejects"
SEVERITY: Severity = "error"

_FIX = "Fix: use a non-negative int retry count (e.g. retries=3) or flyte.RetryStrategy(count=...)."


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    yield from _strategy_objects(ctx)
    for task in ctx.facts.tasks:
        env = ctx.task_env(task)
        if env is None or env.env.kind not in TASK_ENV_KINDS:
            continue
        arg = task.args.keyword("retries")
        if arg is not None and isinstance(arg.value, Obj) and arg.value.callee == "flyte.RetryStrategy":
            yield from _strategy_at_deploy(ctx, arg, task.span, at=serialized_at(task, arg.span))
            continue
        if arg is not None:
            line = task.statement_line or task.span.line
            yield from _report(ctx, arg, "@env.task(retries=...)", "task", line, task=task)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("retries")
        if arg is None:
            continue
        if isinstance(arg.value, Obj) and arg.value.callee == "flyte.RetryStrategy":
            if target.call.invoked:  # serialized when the overridden task is submitted
                yield from _strategy_at_deploy(ctx, arg, target.call.span, "override(retries=...)")
            continue
        value = to_python(arg.value)
        if value is not NOT_CONSTANT and not value:
            continue  # ``retries or self.retries``: a falsy value keeps the task's retries (a no-op, not an error)
        yield from _report(
            ctx, arg, "override(retries=...)", "override", target.call.span.line, invoked=target.call.invoked
        )


def _strategy_count(strategy: Obj) -> object:
    for index, arg in enumerate(strategy.args.positional):
        if index == 0:
            return to_python(arg.value)
    count = strategy.args.keyword("count")
    return NOT_CONSTANT if count is None else to_python(count.value)


def _strategy_error(count: object, profile: spec.Profile) -> str | None:
    """flyte.RetryStrategy(count=...): flyte >= 2.9 validates at construction; older releases fail when serializing."""
    if count is NOT_CONSTANT or isinstance(count, bool):
        return None
    if spec.since(profile, "values-checked-at-build"):
        if not isinstance(count, int):
            return f"RetryStrategy.count must be an int (a retry count), got {count!r}"
        if count < 0:
            return f"RetryStrategy.count must be greater than or equal to 0, got {count}"
        return None
    if isinstance(count, int):
        return f"Value out of range: {count}" if count < 0 or count > spec.UINT32_MAX else None
    if isinstance(count, float):
        return "'float' object cannot be interpreted as an integer"
    return None


def _strategy_at_deploy(
    ctx: ModuleContext,
    arg: Arg,
    anchor: Span,
    where: str = "@env.task(retries=...)",
    at: tuple[Span, str] | None = None,
) -> Iterator[Diagnostic]:
    """A RetryStrategy given to a task: before flyte 2.9 a bad count fails when the task is deployed (reported
    ``at`` where the SDK names the task, with a note of where the value was given; else at the value)."""
    span, note = at or (arg.span, "")
    assert isinstance(arg.value, Obj)
    count = _strategy_count(arg.value)
    message = ctx.target.fails(lambda profile: _strategy_error(count, profile))
    if message is None or not ctx.target.lacks("values-checked-at-build"):
        return  # flyte >= 2.9 reports the construction itself (below)
    yield ctx.diagnostic(
        CODE, SEVERITY, span,
        f"{where}: retries=flyte.RetryStrategy(count={count!r}){note} fails when the task is serialized (at "
        f"deploy, or when an overridden task is submitted to the cluster): {message}",
        anchor=None if at else anchor, noqa_lines=(anchor.line, arg.span.line),
    )  # fmt: skip


def _strategy_objects(ctx: ModuleContext) -> Iterator[Diagnostic]:
    """flyte.RetryStrategy(count=...) anywhere: flyte >= 2.9 raises at construction."""
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee != "flyte.RetryStrategy" or not ctx.target.has("values-checked-at-build"):
            continue
        count = _strategy_count(obj)
        message = ctx.target.fails(lambda profile: _strategy_error(count, profile))
        if message:
            yield ctx.diagnostic(
                CODE, SEVERITY, obj.span, f"ValueError at construction (import): {message}", anchor=obj.span
            )


def _report(
    ctx: ModuleContext,
    arg: Arg,
    where: str,
    level: str,
    line: int,
    *,
    invoked: bool = True,
    task: TaskDef | None = None,
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
    at, note = arg.span, ""
    if task is not None and all(spec.retries_phase(value, p) == "decorate" for p in ctx.target.profiles):
        at, note = built_at(task, arg.span)  # raised where the task is built
    elif task is not None and not any(spec.retries_phase(value, p) == "decorate" for p in ctx.target.profiles):
        at, note = serialized_at(task, arg.span)  # a deploy failure: where the SDK names the task
    text = f"{where}: retries={value!r}{note} fails {phase}: {message.rstrip('.')}. {_FIX}"
    yield ctx.diagnostic(CODE, SEVERITY, at, text, noqa_lines=(line, arg.span.line))
