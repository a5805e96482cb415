"""
## What it does
Flags `pod_template=` in `@env.task(...)` when the environment is reusable (also through `clone_with`,
which inherits `reusable`).

## Why is this bad?
The `env.task(...)` call raises `ValueError: Cannot set pod_template when environment is reusable.` when
the task is decorated. (A pod template on the reusable environment itself is accepted.)

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


@env.task(pod_template="gpu-template")
async def infer(x: int) -> int:
    return x
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2), pod_template="gpu-template")


@env.task
async def infer(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from .base import ModuleContext, known_non_none, task_environment

CODE = "FLY103"
NAME = "task-pod-template-on-reusable"
SUMMARY = "@env.task(pod_template=...) on a reusable environment"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        arg = task.args.keyword("pod_template")
        if arg is None or not known_non_none(arg.value):
            continue
        handle = task_environment(ctx, task)
        if handle is None or ctx.env_is_reusable(handle) is not True:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, arg.full_span or arg.span,
            f"ValueError when the task is decorated: {spec.POD_TEMPLATE_ON_REUSABLE_MESSAGE} Put the pod template on "
            "the environment, or declare the task in a non-reusable environment",
            noqa_lines=(task.statement_line,), anchor=task.options_at,
        )  # fmt: skip
