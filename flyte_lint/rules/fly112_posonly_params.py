"""
## What it does
Flags a task function with positional-only parameters (`/`).

## Why is this bad?
Tasks are always called with keyword arguments; every run fails with
`TypeError: <task>() got some positional-only arguments passed as keyword arguments`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def square(x: int, /) -> int:
    return x * x
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def square(x: int) -> int:
    return x * x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY112"
NAME = "task-positional-only-params"
SUMMARY = "Task function with positional-only parameters cannot be run"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or function.kind != "def" or task.inner_decorators:
            continue
        posonly = [p for p in function.params if p.kind == "positional_only"]
        if not posonly or task_environment(ctx, task) is None:
            continue
        names = ", ".join(repr(p.name) for p in posonly)
        yield ctx.diagnostic(
            CODE, SEVERITY, posonly[0].span,
            f"Every run of this task fails: tasks are called with keyword arguments and {names} is positional-only. "
            "Remove the '/'",
            noqa_lines=(task.statement_line, function.span.line), anchor=task.span,
        )  # fmt: skip
