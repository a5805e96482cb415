"""
## What it does
Flags a task function that returns a value but has no return annotation.

## Why is this bad?
The task's interface is built from annotations: without `-> T` it declares no outputs, and the run fails
with `Expected no outputs but got (...), did you miss a return type annotation?`. An error when no run can
return None (every `return` gives a literal, an f-string, arithmetic or a display, and the body ends with one);
a warning when some runs may return None (`return compute()`, a path that falls off the end).

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def double(x: int):
    return 2 * x
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def double(x: int) -> int:
    return 2 * x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY113"
NAME = "task-missing-return-annotation"
SUMMARY = "Task returns a value but declares no output"
SEVERITY = "warning"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or function.kind != "def" or task.inner_decorators or function.is_generator:
            continue
        if function.has_return_annotation or not function.returns_value:
            continue
        if task_environment(ctx, task) is None:
            continue
        # Every run fails when no run can return None (each return gives a value, and the body ends with one);
        # otherwise only the runs that return a value do.
        certain = function.always_returns_value
        yield ctx.diagnostic(
            CODE, "error" if certain else SEVERITY, function.span,
            f"Task {function.name!r} returns a value but has no return annotation: it declares no outputs and "
            f"{'every run fails' if certain else 'a run that returns a value fails'} with "
            "RuntimeDataValidationError 'Expected no outputs'. Annotate the return type",
            noqa_lines=(task.statement_line,),
        )  # fmt: skip
