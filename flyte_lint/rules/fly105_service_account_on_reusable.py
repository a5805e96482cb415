"""
## What it does
Flags `service_account=` in `@env.task(...)` that differs from the environment's when the environment is
reusable (flyte 2.12 and later).

## Why is this bad?
The `env.task(...)` call raises `ValueError: Cannot override service_account when environment is
reusable.` when the task is decorated: all tasks of a reusable environment share its containers.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


@env.task(service_account="other-sa")
async def infer(x: int) -> int:
    return x
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2), service_account="other-sa")


@env.task
async def infer(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Lit
from .base import NOT_CONSTANT, ModuleContext, known_non_none, task_environment

CODE = "FLY105"
NAME = "task-service-account-on-reusable"
SUMMARY = "@env.task(service_account=...) on a reusable environment"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    if not ctx.target.has("service-account"):
        return  # no service_account before flyte 2.6 (FLY101 reports the keyword)
    for task in ctx.facts.tasks:
        arg = task.args.keyword("service_account")
        if arg is None or not known_non_none(arg.value) or not isinstance(arg.value, Lit):
            continue
        handle = task_environment(ctx, task)
        if handle is None or ctx.env_is_reusable(handle) is not True:
            continue
        env_value = ctx.env_value(handle, "service_account")
        if env_value is NOT_CONSTANT or (isinstance(env_value, Lit) and env_value.value == arg.value.value):
            continue
        if env_value is not None and not isinstance(env_value, Lit):
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, arg.full_span or arg.span,
            f"ValueError when the task is decorated: {spec.SERVICE_ACCOUNT_ON_REUSABLE_MESSAGE} Set it on the "
            "environment instead",
            noqa_lines=(task.statement_line,), anchor=task.options_at,
        )  # fmt: skip
