"""
## What it does
Flags `task.override(reusable=...)` with a value that is neither a `flyte.ReusePolicy`, `"off"` nor `None`
(for instance `True` or `"on"`).

## Why is this bad?
`override()` stores the value unchecked. The task runs locally, but when the overridden task is called
and serialized (a child submitted on the cluster) it fails with `Expected ReusePolicy, got <class 'bool'>`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main() -> int:
    return await step.override(reusable=True)(x=1)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main() -> int:
    return await step.override(reusable=flyte.ReusePolicy(replicas=2))(x=1)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Dict, Lit, Seq
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY205"
NAME = "override-reusable-value"
SUMMARY = "override(reusable=...) must be a ReusePolicy, 'off' or None"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        arg = target.call.args.keyword("reusable")
        if arg is None or not target.call.invoked:
            continue  # stored unchecked: an overridden task that is never called is never serialized
        value = arg.value
        if isinstance(value, Lit):
            if value.value is None or value.value == "off" or not value.value:
                continue  # falsy values keep the task's own policy
            cls = type(value.value).__name__
        elif isinstance(value, (Seq, Dict)) and value.items:
            cls = value.kind if isinstance(value, Seq) else "dict"
        else:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, arg.full_span or arg.span,
            f"reusable={_show(value)} is stored unchecked and fails when the task is serialized (on the cluster or "
            f"at deploy): Expected ReusePolicy, got <class '{cls}'>. Use flyte.ReusePolicy(...) or reusable=\"off\"",
            anchor=target.call.span,
        )  # fmt: skip


def _show(value: object) -> str:
    return repr(value.value) if isinstance(value, Lit) else "..."
