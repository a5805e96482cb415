"""
## What it does
Flags keywords that `task.override(...)` accepts only because they happen to be fields of the task
template, where the effect is not what the call suggests: `triggers=` (overrides are never deployed, so the
triggers never exist), `func=` (silently swaps the code), internal fields such as `task_type=` or
`parent_env_name=`, and, before flyte 2.12, `plugin_config=` (stored without changing the task's class).

## Why is this bad?
Nothing fails: the setting is silently ignored or does something surprising.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


nightly = step.override(triggers=flyte.Trigger(name="nightly", automation=flyte.Cron("0 0 * * *")))
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(triggers=flyte.Trigger(name="nightly", automation=flyte.Cron("0 0 * * *")))
async def step(x: int = 1) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY206"
NAME = "override-ignored-keyword"
SUMMARY = "override() keyword that is accepted but ignored or harmful"
SEVERITY = "warning"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        if not target.plain_template(ctx):
            continue
        for arg in target.call.args.keywords:
            keyword = arg.keyword
            note = spec.OVERRIDE_SWALLOWED_NOTES.get(keyword or "")
            if keyword == "plugin_config" and ctx.target.lacks("override-plugin-config-checked"):
                note = "before flyte 2.5, override(plugin_config=...) is stored but does not change the task's plugin"
            if note is None:
                continue
            yield ctx.diagnostic(
                CODE,
                SEVERITY,
                arg.full_span or arg.span,
                f"override({keyword}=...) is accepted but {note}",
                anchor=target.call.span,
            )
