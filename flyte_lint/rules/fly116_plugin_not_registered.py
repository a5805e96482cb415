"""
## What it does
Flags a `plugin_config` that is an instance of a class of the project that no task plugin is registered for:
on an environment that has tasks (reported at the first task of each module), and given to `override(...)`
(flyte >= 2.5). A class of the module is judged when the module registers no plugin; a class of another module
(`from app.settings import QueueConfig`), or an environment of another module, when no module of the project
registers one (any of them may run first).

## Why is this bad?
`@env.task` looks the plugin up by the exact type of `plugin_config` and raises
`ValueError: No task plugin found for config type <class '...'>. Please register a plugin using
flyte.extend.TaskPluginRegistry.register() api.` at the first task. From flyte 2.5, `override(plugin_config=...)`
looks it up too and raises the same error when the override runs (before, the value was stored unused).

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
from ._override import override_targets
from .base import ModuleContext, task_environment, unregistered_local_class, unregistered_project_class

CODE = "FLY116"
NAME = "task-plugin-not-registered"
SUMMARY = "plugin_config of a class no task plugin is registered for"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    if ctx.facts.registers_plugins:
        return
    reported: set[tuple[str, int]] = set()
    for task in ctx.facts.tasks:
        handle = task_environment(ctx, task)
        if handle is None or handle.key in reported:
            continue
        plugin = ctx.env_value(handle, "plugin_config")
        if not isinstance(plugin, Obj):
            continue
        if handle.module is ctx.facts:
            cls = unregistered_local_class(ctx, plugin) or unregistered_project_class(ctx, plugin)
        else:
            # The environment of another module: its first task decorated anywhere raises; each module with
            # tasks of it is reported once, at its first.
            cls = unregistered_project_class(ctx, plugin)
        if cls is None:
            continue
        reported.add(handle.key)
        yield ctx.diagnostic(
            CODE, SEVERITY, task.span,
            f"ValueError when the task is decorated: No task plugin found for config type {cls} (the "
            "environment's plugin_config). Register a plugin with flyte.extend.TaskPluginRegistry.register(), or "
            "drop plugin_config",
            noqa_lines=(task.statement_line,), anchor=task.span,
        )  # fmt: skip
    if not ctx.target.has("override-plugin-config-checked"):
        return
    if ctx.project.registers_plugins():
        return  # override() runs late: a plugin any module of the project registers may be the class's by then
    for target in override_targets(ctx):
        given = target.call.args.keyword("plugin_config")
        cls = (
            unregistered_local_class(ctx, given.value) or unregistered_project_class(ctx, given.value)
            if given is not None
            else None
        )
        if given is None or cls is None:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, given.span,
            f"ValueError when override() runs: No task plugin found for config type {cls}. Register a plugin "
            "with flyte.extend.TaskPluginRegistry.register(), or drop plugin_config",
            anchor=target.call.span,
        )  # fmt: skip
