"""
## What it does
Flags a task whose function is not a coroutine function (a plain `def`, or an `async def` generator) in a
reusable environment whose `ReusePolicy` has `concurrency` above 1.

## Why is this bad?
Decoration raises `ValueError: Reusable environments with concurrency greater than 1 are only supported for
async tasks. Please use an async function or set concurrency to 1.`

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency=4))


@env.task
def infer(x: int) -> int:
    return x
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency=4))


@env.task
async def infer(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Obj
from .base import ModuleContext, fields_of, task_environment

CODE = "FLY104"
NAME = "task-sync-reusable-concurrency"
SUMMARY = "Sync task in a reusable environment with concurrency > 1"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None:
            continue
        if function.kind not in ("def", "lambda") and not (task.inner_decorators and function.kind == "unknown"):
            continue
        if task.inner_decorators:
            if task.wrapped_kind != "sync":
                continue  # an unknown wrapper, or one that stays a coroutine function
        elif function.is_async and not function.is_generator:
            continue
        handle = task_environment(ctx, task)
        if handle is None:
            continue
        policy = ctx.env_reusable(handle)
        if not isinstance(policy, Obj) or policy.callee != "flyte.ReusePolicy":
            continue

        def concurrency_of(profile: spec.Profile) -> str | None:
            fields = fields_of(policy, profile)
            if fields is None or spec.reuse_policy_error(fields, profile) is not None:
                return None  # the policy itself fails first (another rule)
            concurrency = spec.reuse_concurrency(fields)
            if concurrency is None or concurrency <= 1:
                return None
            return spec.SYNC_REUSABLE_CONCURRENCY_MESSAGE

        message = ctx.target.fails(concurrency_of)
        if message is None:
            continue
        if task.inner_decorators:
            kind = f"wrapped by {task.inner_decorators[0]}, which returns a sync function"
        else:
            kind = "an async generator" if function.is_async else "a sync function"
        yield ctx.diagnostic(
            CODE, SEVERITY, function.span,
            f"ValueError when the task is decorated: {message} ({function.name} is {kind})",
            noqa_lines=(task.statement_line,), anchor=task.span,
        )  # fmt: skip
