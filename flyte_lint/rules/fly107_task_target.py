"""
## What it does
Flags `@env.task` applied to something without a `__name__`: an existing task (the same function decorated
twice, or by two environments) or a `functools.partial`.

## Why is this bad?
Decoration reads `func.__name__` and raises `AttributeError: 'AsyncFunctionTaskTemplate' object has no
attribute '__name__'` (or `'functools.partial' object ...`).

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

from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY107"
NAME = "task-target-not-function"
SUMMARY = "@env.task applied to a task or a functools.partial"
SEVERITY = "error"

_CLASS = {"task": "AsyncFunctionTaskTemplate", "partial": "functools.partial"}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or function.kind not in _CLASS or task_environment(ctx, task) is None:
            continue
        what = "an existing task" if function.kind == "task" else "a functools.partial"
        yield ctx.diagnostic(
            CODE, "error", task.span,
            f"AttributeError when the task is decorated: '{_CLASS[function.kind]}' object has no attribute "
            f"'__name__' (env.task is applied to {what}); decorate the plain function once",
            noqa_lines=(task.statement_line,),
        )  # fmt: skip
