"""
## What it does
Flags `override(...)` on a `flyte.extras.ContainerTask`, whatever it is given: made in this module, or imported
from another one.

## Why is this bad?
`override()` copies the task with `dataclasses.replace`, which calls the task class's `__init__` with its
dataclass fields. `ContainerTask.__init__` takes `command` (and its inputs and outputs), which are not fields,
so every release raises `TypeError: ContainerTask.__init__() missing 1 required positional argument:
'command'` when the override runs: at import for a module-level override, else when the parent task runs, on
the cluster too. Import, deploy and `--dry-run` of a parent that overrides in its body do not notice.

## Example
```python
import flyte
from flyte.extras import ContainerTask

env = flyte.TaskEnvironment(name="counts")
word_count = ContainerTask(
    name="word_count", image="alpine:3.19", command=["wc", "-w", "/var/inputs/text"], inputs={"text": str}
)
env_for_containers = flyte.TaskEnvironment.from_task("containers", word_count)


@env.task
async def main(text: str) -> None:
    await word_count.override(resources=flyte.Resources(cpu=2))(text=text)
```

## Use instead
```python
import flyte
from flyte.extras import ContainerTask

env = flyte.TaskEnvironment(name="counts")
word_count = ContainerTask(
    name="word_count",
    image="alpine:3.19",
    command=["wc", "-w", "/var/inputs/text"],
    inputs={"text": str},
    resources=flyte.Resources(cpu=2),
)
env_for_containers = flyte.TaskEnvironment.from_task("containers", word_count)


@env.task
async def main(text: str) -> None:
    await word_count(text=text)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import ImportedRef, Obj, Value
from .base import ModuleContext

CODE = "FLY209"
NAME = "override-container-task"
SUMMARY = "override() on a ContainerTask always raises"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for call in ctx.facts.overrides:
        if call.previous or not _is_container_task(ctx, call.task):
            continue  # a chained override never runs: the first one raised
        message = ctx.target.fails(spec.container_task_override_error)
        if message is None:
            continue
        yield ctx.diagnostic(
            CODE,
            SEVERITY,
            call.callee_span,
            f"TypeError when override() runs: {message}. A ContainerTask cannot be overridden (override() "
            "copies it without its command); give the settings to ContainerTask(...) itself, or make a second "
            "ContainerTask",
            anchor=call.span,
        )


def _is_container_task(ctx: ModuleContext, task: Value) -> bool:
    if isinstance(task, ImportedRef):
        resolved = ctx.project.resolve(task)
        task = resolved[1] if resolved is not None else task
    return isinstance(task, Obj) and task.callee == "flyte.extras.ContainerTask"
