"""
## What it does
Flags positional arguments to `task.override(...)`.

## Why is this bad?
`override` is keyword-only: `TypeError: TaskTemplate.override() takes 1 positional argument but 2 were
given` when the call runs.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


fast = step.override("fast")
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


fast = step.override(short_name="fast")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY203"
NAME = "override-positional-argument"
SUMMARY = "override() takes keyword arguments only"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        positional = target.call.args.positional
        if not positional:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, positional[0].span,
            f"TypeError when override() runs: TaskTemplate.override() takes 1 positional argument but "
            f"{len(positional) + 1} were given; pass settings by keyword",
            anchor=target.call.span,
        )  # fmt: skip
