"""
## What it does
Flags an environment whose `plugin_config` is an instance of a class defined in the same module that no
task plugin is registered for, when the environment has tasks.

## Why is this bad?
`@env.task` looks the plugin up by the exact type of `plugin_config` and raises
`ValueError: No task plugin found for config type <class '...'>. Please register a plugin using
flyte.extend.TaskPluginRegistry.register() api.` at the first task.

## Example
```python
from dataclasses import dataclass

import flyte


@dataclass
class QueueConfig:
    queue_name: str = "default"


env = flyte.TaskEnvironment(name="queued", plugin_config=QueueConfig())


@env.task
async def consume(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="queued", queue="default")


@env.task
async def consume(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Obj
from .base import ModuleContext, task_environment

CODE = "FLY116"
NAME = "task-plugin-not-registered"
SUMMARY = "plugin_config of a class no task plugin is registered for"
SEVERITY = "error"

_LOCAL_PREFIX = "<module>."


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    if ctx.facts.registers_plugins:
        return
    reported: set[tuple[str, int]] = set()
    for task in ctx.facts.tasks:
        handle = task_environment(ctx, task)
        if handle is None or handle.key in reported or handle.module is not ctx.facts:
            continue
        plugin = ctx.env_value(handle, "plugin_config")
        if not isinstance(plugin, Obj) or not plugin.callee.startswith(_LOCAL_PREFIX):
            continue
        cls = plugin.callee[len(_LOCAL_PREFIX) :]
        reported.add(handle.key)
        yield ctx.diagnostic(
            CODE, SEVERITY, task.span,
            f"ValueError when the task is decorated: No task plugin found for config type {cls} (the "
            "environment's plugin_config). Register a plugin with flyte.extend.TaskPluginRegistry.register(), or "
            "drop plugin_config",
            noqa_lines=(task.statement_line,), anchor=task.span,
        )  # fmt: skip
