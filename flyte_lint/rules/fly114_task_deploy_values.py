"""
## What it does
Checks decorator values the SDK accepts at decoration but cannot serialize at deploy: `interruptible`,
`report` or `entrypoint` given as a string (or a plain Enum's member), `short_name` that is not a string.

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

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Lit
from .base import ModuleContext, serialized_at, task_environment, to_python

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
            member = to_python(arg.value)
            if isinstance(member, spec.EnumMember):
                given_value: object = member  # a plain Enum's member: neither a str nor an int to the SDK
            elif isinstance(arg.value, Lit) and arg.value.value is not None:
                given_value = arg.value.value
            else:
                continue
            kind = type(given_value).__name__
            if arg.keyword in _BOOLS and isinstance(given_value, (str, spec.EnumMember)):
                what = "a string" if isinstance(given_value, str) else f"a member of the Enum {kind}"
                message = (
                    f"{arg.keyword}={given_value!r} is {what}: deploy fails with \"'{kind}' object cannot be "
                    'interpreted as an integer". Use True or False'
                )
            elif arg.keyword == "short_name" and not isinstance(given_value, str):
                message = (
                    f"short_name={given_value!r} is not a string: deploy fails with "
                    f"\"'{kind}' object is not subscriptable\". Use a string"
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
