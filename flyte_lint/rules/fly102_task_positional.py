"""
## What it does
Flags positional arguments given to `env.task(...)` beyond the function itself.

## Why is this bad?
`env.task(fn, 3)` raises `TypeError: TaskEnvironment.task() takes from 1 to 2 positional arguments but 3
were given`. In a decorator, `@env.task("name")` takes the string for the function and fails with
`AttributeError: 'str' object has no attribute '__name__'`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


def double(x: int) -> int:
    return 2 * x


double = env.task(double, 3)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


def double(x: int) -> int:
    return 2 * x


double = env.task(double, retries=3)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Lit, Seq
from .base import ModuleContext, task_environment

CODE = "FLY102"
NAME = "task-positional-argument"
SUMMARY = "env.task() takes only the function as a positional argument"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        if task_environment(ctx, task) is None or task.args.star_args:
            continue
        positional = task.args.positional
        if task.form == "call" and len(positional) > 1:
            yield ctx.diagnostic(
                CODE, SEVERITY, positional[1].span,
                f"TypeError: TaskEnvironment.task() takes from 1 to 2 positional arguments but {len(positional) + 1} "
                "were given; pass settings by keyword",
                noqa_lines=(task.statement_line,), anchor=task.options_at,
            )  # fmt: skip
        elif task.form == "decorator_call" and positional and isinstance(positional[0].value, (Lit, Seq)):
            value = positional[0].value
            cls = type(value.value).__name__ if isinstance(value, Lit) else value.kind
            yield ctx.diagnostic(
                CODE, SEVERITY, positional[0].span,
                f"@env.task(...) takes its first positional argument as the function: AttributeError: '{cls}' object "
                "has no attribute '__name__' when the task is decorated; pass settings by keyword",
                noqa_lines=(task.statement_line,), anchor=task.options_at,
            )  # fmt: skip
