"""
## What it does
Flags a task function with `*args` or `**kwargs`.

## Why is this bad?
A task's interface is built from its named, typed parameters. Decoration raises
`ValueError: Function <name> cannot have variable positional or keyword arguments.`

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def total(*values: int) -> int:
    return sum(values)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def total(values: list[int]) -> int:
    return sum(values)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY106"
NAME = "task-varargs"
SUMMARY = "Task function with *args or **kwargs"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or function.kind not in ("def", "lambda") or task.inner_decorators:
            continue
        if task_environment(ctx, task) is None:
            continue
        for param in function.params:
            if param.kind in ("var_positional", "var_keyword"):
                yield ctx.diagnostic(
                    CODE, SEVERITY, param.span,
                    f"ValueError when the task is decorated: {spec.varargs_message(function.name)} Take a list or a "
                    "dataclass instead",
                    noqa_lines=(task.statement_line, function.span.line), anchor=task.span,
                )  # fmt: skip
                break
