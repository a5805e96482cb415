"""
## What it does
Flags `@env.task` applied to something that is not a plain function: an existing task (the same function
decorated twice, or by two environments), a `functools.partial`, or a builtin function (`env.task(len)`).

## Why is this bad?
Decoration reads `func.__name__` and raises `AttributeError: 'AsyncFunctionTaskTemplate' object has no
attribute '__name__'` (or `'functools.partial' object ...`). A builtin function with `*args` (`print`) is
refused when the task is made; any other builtin makes a task that `flyte deploy` cannot serialize
(`AttributeError: module 'builtins' has no attribute '__file__'`).

## Example
```python
import flyte

env_a = flyte.TaskEnvironment(name="a")
env_b = flyte.TaskEnvironment(name="b")


@env_a.task
@env_b.task
async def shared(x: int) -> int:
    return x
```

## Use instead
```python
import flyte

env_a = flyte.TaskEnvironment(name="a")
env_b = flyte.TaskEnvironment(name="b", depends_on=[env_a])


@env_a.task
async def shared(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import TaskDef
from .base import ModuleContext, task_environment

CODE = "FLY107"
NAME = "task-target-not-function"
SUMMARY = "@env.task applied to a task, a functools.partial or a builtin function"
SEVERITY = "error"

_CLASS = {"task": "AsyncFunctionTaskTemplate", "partial": "functools.partial"}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or task_environment(ctx, task) is None:
            continue
        if function.kind == "builtin":
            yield from _builtin_target(ctx, task, function.name)
            continue
        if function.kind not in _CLASS:
            continue
        what = "an existing task" if function.kind == "task" else "a functools.partial"
        yield ctx.diagnostic(
            CODE, "error", task.span,
            f"AttributeError when the task is decorated: '{_CLASS[function.kind]}' object has no attribute "
            f"'__name__' (env.task is applied to {what}); decorate the plain function once",
            noqa_lines=(task.statement_line,),
        )  # fmt: skip


def _builtin_target(ctx: ModuleContext, task: TaskDef, name: str) -> Iterator[Diagnostic]:
    verdict = spec.builtin_task_error(name)
    if verdict is None:
        return
    phase, message = verdict
    if phase == "import":
        text = f"ValueError when the task is made: {message} Wrap the builtin in a typed function of your own"
    else:
        text = (
            f"env.task({name}) makes a task of a builtin function: flyte deploy fails when it serializes it with "
            f"AttributeError: {message}. Wrap it in a typed function of your own"
        )
    yield ctx.diagnostic(CODE, "error", task.span, text, noqa_lines=(task.statement_line,))
