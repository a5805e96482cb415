"""
## What it does
Checks decorator values the SDK accepts at decoration but cannot serialize at deploy: `interruptible`,
`report` or `entrypoint` given as a string, `short_name` that is not a string.

## Why is this bad?
`flyte deploy` (even `--dry-run`) fails with `DeploymentError: Failed to deploy task ...` and an inner
`'str' object cannot be interpreted as an integer` (booleans) or `'int' object is not subscriptable`
(short_name). A local run does not notice.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="spot")


@env.task(interruptible="yes")
async def crunch(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="spot")


@env.task(interruptible=True)
async def crunch(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Lit
from .base import ModuleContext, serialized_at, task_environment

CODE = "FLY114"
NAME = "task-deploy-value"
SUMMARY = "Decorator value that fails when the task is deployed"
SEVERITY = "error"

_BOOLS = ("interruptible", "report", "entrypoint")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        if task_environment(ctx, task) is None:
            continue
        for arg in task.args.keywords:
            value = arg.value
            if not isinstance(value, Lit) or value.value is None:
                continue
            if arg.keyword in _BOOLS and isinstance(value.value, str):
                message = (
                    f"{arg.keyword}={value.value!r} is a string: deploy fails with \"'str' object cannot be "
                    'interpreted as an integer". Use True or False'
                )
            elif arg.keyword == "short_name" and not isinstance(value.value, str):
                message = (
                    f"short_name={value.value!r} is not a string: deploy fails with "
                    f"\"'{type(value.value).__name__}' object is not subscriptable\". Use a string"
                )
            else:
                continue
            given = arg.full_span or arg.span
            at, note = serialized_at(task, given)
            if at == given:
                yield ctx.diagnostic(CODE, SEVERITY, given, message, anchor=task.span)
            else:
                yield ctx.diagnostic(
                    CODE, SEVERITY, at, f"{message}{note}", noqa_lines=(task.statement_line, given.line)
                )
