"""
## What it does
Flags `task.override(name=...)`, `image=`, `docs=` or `interface=`.

## Why is this bad?
These define what a task *is*; `override()` refuses them with `ValueError: Name cannot be overridden`
(`Image ...`, `Docs ...`, `Interface ...`). Inside a task body this fails only when the parent runs on the
cluster.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await step.override(image="python:3.12")(x=x)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")
py312 = env.clone_with(name="etl-py312", image="python:3.12")
env.add_dependency(py312)


@py312.task
async def step(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await step(x=x)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY201"
NAME = "override-forbidden-field"
SUMMARY = "override() cannot change name, image, docs, interface or ref"
SEVERITY = "error"

_ADVICE = {
    "name": "use short_name= for the display name",
    "image": "declare the task in an environment with that image (clone_with(image=...))",
    "docs": "set docs= on @env.task",
    "interface": "write a new task with that signature",
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        for arg in target.call.args.keywords:
            if arg.keyword in spec.OVERRIDE_INIT_FALSE:
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.full_span or arg.span,
                    f"ValueError when override() runs: field {arg.keyword} is declared with init=False, it cannot be "
                    "specified with replace(); remove it",
                    anchor=target.call.span,
                )  # fmt: skip
            if arg.keyword is not None and arg.keyword in spec.OVERRIDE_FORBIDDEN:
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.full_span or arg.span,
                    f"ValueError when override() runs: {spec.OVERRIDE_FORBIDDEN[arg.keyword]}; {_ADVICE[arg.keyword]}",
                    anchor=target.call.span,
                )  # fmt: skip
