"""
## What it does
Points out override values that do nothing: `retries=0`, `timeout=0`, `max_inline_io_bytes=0`,
`short_name=""`, `queue=""`, `links=()`, `cache=None`, `env_vars={}` (on a task that is not reusable).

## Why is this bad?
`override()` keeps the task's own value whenever the new one is falsy (`retries or self.retries`), so
`override(retries=0)` does not turn retries off. Nothing fails; the call just does less than it says.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(retries=3)
async def step(x: int) -> int:
    return x


no_retry = step.override(retries=0)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


with_retries = step.override(retries=3)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Dict, Lit, Seq
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY207"
NAME = "override-no-op"
SUMMARY = "override() value that keeps the task's current setting"
SEVERITY = "info"

_NOOP_KEYS = ("retries", "timeout", "max_inline_io_bytes", "short_name", "queue", "links", "env_vars")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        for arg in target.call.args.keywords:
            if arg.keyword not in _NOOP_KEYS:
                continue
            value = arg.value
            falsy = isinstance(value, Lit) and value.value is not None and not value.value and value.value is not False
            falsy = (
                falsy
                or (isinstance(value, Seq) and not value.items)
                or (isinstance(value, Dict) and not value.items and value.complete)
            )
            if not falsy:
                continue
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"override({arg.keyword}=...) with a falsy value keeps the task's current {arg.keyword}; it cannot "
                "clear it",
                anchor=target.call.span,
            )  # fmt: skip
