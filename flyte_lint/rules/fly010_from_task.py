"""
## What it does
Checks `TaskEnvironment.from_task(name, *tasks)`: every task passed must be a template that belongs to no
environment yet (a `ContainerTask`, say), passed one by one.

## Why is this bad?
Every `@env.task` task already has an environment, so `from_task` raises
`ValueError: Tasks cannot assigned to multiple environments.` at import; a list argument raises
`AttributeError: 'list' object has no attribute 'parent_env'`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(x: int) -> int:
    return x


again = flyte.TaskEnvironment.from_task("again", load)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(x: int) -> int:
    return x


again = env.clone_with(name="again")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Seq
from .base import ModuleContext

CODE = "FLY010"
NAME = "from-task-invalid"
SUMMARY = "from_task() with a task that already has an environment, or with a list"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.origin != "from_task":
            continue
        for arg in env.args.positional[1:]:
            if isinstance(arg.value, Seq):
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    f"AttributeError at import: '{arg.value.kind}' object has no attribute 'parent_env'; pass the "
                    "tasks one by one: from_task(name, a, b)",
                    anchor=env.span,
                )  # fmt: skip
                break
            task = ctx.task(arg.value)
            if task is not None:
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    "ValueError at import: Tasks cannot assigned to multiple environments. This task already "
                    "belongs to the environment it was declared in; use clone_with or depends_on instead",
                    anchor=env.span,
                )  # fmt: skip
                break
