"""
## What it does
Flags `@env.task` on a function defined inside another function or a class body.

## Why is this bad?
It decorates and even runs locally, but on the cluster the container imports the module and looks the task
up by its function name at module level: `AttributeError: module 'm' has no attribute 'inner'`. Also when
the function making it is called at import (`doubler = make()`); not when the module binds the task under its
function's name (`inner = make()`), which the loader does find.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


def make():
    @env.task
    async def inner(x: int) -> int:
        return x

    return inner
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def inner(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import TaskRef
from .base import ModuleContext, task_environment

CODE = "FLY109"
NAME = "task-not-module-level"
SUMMARY = "Task defined inside a function or class cannot be loaded on the cluster"
SEVERITY = "warning"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    final = {binding.name: binding.value for binding in ctx.facts.bindings}
    for task in ctx.facts.tasks:
        function = task.function
        if task.form == "call" or function is None or function.kind != "def" or task.written_in == "module":
            continue
        if final.get(function.name) == TaskRef(task.id):
            continue  # ``inner = make_task()`` at module level: the module does have the attribute, this task
        if task_environment(ctx, task) is None or task.args.keyword("task_resolver") is not None:
            continue  # a task_resolver says how the cluster finds the task: not by module attribute
        where = "a class body" if task.written_in == "class" else "a function"
        yield ctx.diagnostic(
            CODE, SEVERITY, function.span,
            f"Task {function.name!r} is defined inside {where}: on the cluster the module has no attribute "
            f"{function.name!r} and loading the task fails. Move it to module level",
            noqa_lines=(task.statement_line,),
        )  # fmt: skip
