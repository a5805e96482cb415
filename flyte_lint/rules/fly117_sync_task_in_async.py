"""
## What it does
Flags a call of a sync task (a plain `def`) without `.aio` made while an async task runs: written in its body
(`to_text(n)`, `await to_text(n)`, `to_text.override(...)(n)`, `list(map(to_text, numbers))`), or in a helper
function its body calls
(`render(n)` whose body calls `to_text(n)`; the finding is at the task call, naming the helper, or at the
helper's call when the helper lives in another module), a helper being also a function the task's body
defines and calls (`def render_all(xs): return [to_text(x) for x in xs]`, then `render_all(items)`). The callee
may live in another module. Lambdas, helpers handed to a thread (`asyncio.to_thread(render, n)`), where no event
loop runs, calls through `flyte.map`, and tasks whose kind a stacked decorator hides are not judged. Only
flyte >= 2.12 is affected.

## Why is this bad?
From flyte 2.12 the call raises when the parent runs, locally and on the cluster:
`RuntimeUserError: Sync task 'text.to_text' was called in a blocking way from async code. This blocks the
event loop and can hang the run. Use await to_text.aio(...) instead.` Import, deploy and `--dry-run` do not
notice. flyte 2.1 runs the call (blocking the parent's event loop).

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="text")


@env.task
def to_text(n: int) -> str:
    return str(n)


@env.task
async def main(n: int) -> str:
    return to_text(n)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="text")


@env.task
def to_text(n: int) -> str:
    return str(n)


@env.task
async def main(n: int) -> str:
    return await to_text.aio(n)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Span
from .base import ModuleContext, invokes_task, task_call_kind, task_fqn

CODE = "FLY117"
NAME = "sync-task-in-async"
SUMMARY = "Sync task called without .aio from an async task"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    calls = ctx.facts.task_calls
    reported: set[Span] = set()
    for call in calls:
        if call.caller is None or call.span in reported or not invokes_task(call, calls):
            continue
        caller = ctx.facts.tasks[call.caller]
        if task_call_kind(ctx, caller) not in ("async", "async-generator"):
            continue
        callee = ctx.task(call.callee)
        if callee is None or task_call_kind(ctx, callee) != "sync":
            continue
        function = callee.task.function
        assert function is not None
        env = ctx.project.env(callee.module, callee.task.env)
        assert env is not None
        fqn = task_fqn(ctx, env, function.name)
        message = ctx.target.fails(lambda profile: spec.sync_call_in_async_error(fqn, function.name, profile))
        if message is None:
            continue
        through = f" (through {call.via}())" if call.via else ""
        text = (
            f"async task {caller.function.name if caller.function else '?'!r} calls sync task {function.name!r} "
            f"without .aio{through}: when the parent runs (locally or on the cluster) it raises RuntimeUserError: "
            f"{message}"
        )
        reported.add(call.span)  # a helper several async tasks call: one finding where it calls the task
        yield ctx.diagnostic(CODE, SEVERITY, call.span, text)
