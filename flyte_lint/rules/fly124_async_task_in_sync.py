"""
## What it does
Flags a call of an async task (an `async def`) written in the body of a sync task (a plain `def`), where the call
is the task's return value (`return fetch(n)`, `return fetch.override(retries=3)(n)`, `return fetch.aio(n)`,
`return fetch.forward(n)`, either branch of `return fetch(n) if n else 0`) or a statement of its own
(`fetch(n)`); `.aio(...)` of a sync task too, which gives a coroutine as well. The callee may live in another
module. Calls made elsewhere in the body (`asyncio.run(fetch(n))`, a value assigned and used later), in a helper
function, in a nested function or lambda, and tasks whose kind a stacked decorator hides, are not judged. A `try`
around the call does not lower the finding: the run fails after the body returns.

## Why is this bad?
In a sync task, calling an async task does not run it: the call gives back a coroutine that nothing awaits. Returned
as the task's result, it makes every run of the parent fail, locally and on the cluster, whatever the return
annotation: `RuntimeDataValidationError: In task ... variable o0, failed to serialize/deserialize because of
Expected value of type <class 'int'> but got '<coroutine object ...>'` (or `TypeError: cannot pickle 'coroutine'
object` for `Any`). Import, deploy and `--dry-run` do not notice. Called as a statement, the child task silently
never runs (Python only warns that a coroutine was never awaited): a warning.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="prices")


@env.task
async def fetch(n: int) -> float:
    return n * 1.5


@env.task
def report(n: int) -> float:
    return fetch(n)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="prices")


@env.task
async def fetch(n: int) -> float:
    return n * 1.5


@env.task
async def report(n: int) -> float:
    return await fetch(n)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..facts import TaskCall
from .base import ModuleContext, invokes_task, task_call_kind

CODE = "FLY124"
NAME = "async-task-in-sync"
SUMMARY = "Async task called from a sync task, its coroutine returned or dropped"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    calls = ctx.facts.task_calls
    for call in calls:
        if call.caller is None or call.via or not call.use or not _runs_or_aio(call, calls):
            continue
        caller = ctx.facts.tasks[call.caller]
        if task_call_kind(ctx, caller) != "sync":
            continue
        callee = ctx.task(call.callee)
        kind = None if callee is None else task_call_kind(ctx, callee)
        # ``.aio()`` gives a coroutine for a sync task too.
        if callee is None or not (kind == "async" or (kind == "sync" and call.how == "aio")):
            continue
        callee_function = callee.task.function
        caller_function = caller.function
        assert callee_function is not None and caller_function is not None
        name, parent = callee_function.name, caller_function.name
        what = f"{name}.{call.how}(...)" if call.how in ("aio", "forward") else f"the call of async task {name!r}"
        if call.use == "return":
            text = (
                f"sync task {parent!r} returns {what}: in a sync task it gives a coroutine that nothing awaits, so "
                f"{name!r} never runs and every run of {parent!r} fails when its result is serialized "
                f"(RuntimeDataValidationError ... got '<coroutine object ...>'). Fix: make {parent!r} an async task "
                f"and return await {name}{'.' + call.how if call.how in ('aio', 'forward') else ''}(...)"
            )
            yield ctx.diagnostic(CODE, "error", call.span, text)
        else:
            text = (
                f"sync task {parent!r} makes {what} without awaiting it: it only makes a coroutine, so {name!r} "
                f"never runs. Fix: make {parent!r} an async task and await it"
            )
            yield ctx.diagnostic(CODE, "warning", call.span, text)


def _runs_or_aio(call: TaskCall, calls: tuple[TaskCall, ...]) -> bool:
    """A call that would run the task in an async parent: ``t(x)``, ``t.override(...)(x)`` or ``t.aio(x)``."""
    return call.how in ("aio", "forward") or invokes_task(call, calls)
