"""
## What it does
Flags a task called while a `@flyte.trace` function runs: `await child(x)`, `await child.aio(x)` or
`child.override(...)(x)` in the traced function's body, or in a helper it calls, when a task calls the traced
function. Calls through `flyte.map` (which hands the error back as a result), calls inside nested functions or
lambdas, and calls that may not run whatever the values (under an `if` whose test is not known, in an `except`
handler, a `while` loop, a loop over items that are not known) are not judged.

## Why is this bad?
A trace records a helper's steps inside its task; it cannot start other tasks. Every flyte release refuses the
call when the parent task runs, locally and on the cluster:
``RuntimeUserError: Task etl.load is invoked from inside a `flyte.trace`. ...`` (the SDK's
`TraceDoesNotAllowNestedTasksError`). Import, deploy and `--dry-run` do not notice.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(n: int) -> int:
    return n


@flyte.trace
async def fetch(n: int) -> int:
    return await load(n)


@env.task
async def main(n: int) -> int:
    return await fetch(n)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(n: int) -> int:
    return n


@flyte.trace
async def fetch(n: int) -> int:
    return n * 2


@env.task
async def main(n: int) -> int:
    return await load(await fetch(n))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Span
from .base import ModuleContext, invokes_task, task_fqn

CODE = "FLY123"
NAME = "task-called-in-trace"
SUMMARY = "Task called inside a @flyte.trace function"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    calls = ctx.facts.task_calls
    reported: set[Span] = set()
    for call in calls:
        if not call.in_trace or call.span in reported:
            continue
        if call.how != "aio" and not invokes_task(call, calls):
            continue
        callee = ctx.task(call.callee)
        if callee is None or callee.task.function is None:
            continue
        env = ctx.project.env(callee.module, callee.task.env)
        if env is None:
            continue
        name = callee.task.function.name
        fqn = task_fqn(ctx, env, name)
        message = ctx.target.fails(lambda profile: spec.task_call_in_trace_error(fqn, profile))
        if message is None:
            continue
        reported.add(call.span)
        text = (
            f"task {name!r} is called while a @flyte.trace function runs: when the parent task runs (locally or "
            f"on the cluster) it raises RuntimeUserError: {message} Call the task from the task body instead, or "
            f"run its function as plain Python with {name}.forward(...)"
        )
        yield ctx.diagnostic(CODE, SEVERITY, call.span, text)
