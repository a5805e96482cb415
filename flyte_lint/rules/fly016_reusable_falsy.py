"""
## What it does
Flags `TaskEnvironment(reusable=False)` (or `0`, `""`): a falsy value that is not `None` and not a
`flyte.ReusePolicy`, on an environment with tasks.

## Why is this bad?
The environment accepts it (its type check only looks at truthy values), but the SDK treats any value that is
not `None` as a reuse policy. A plain `def` task fails when it is decorated (`AttributeError: 'bool' object has
no attribute 'concurrency'`), and every other task fails at `flyte deploy` (`Expected ReusePolicy, got
<class 'bool'> for task etl.load`). To turn reuse off, leave `reusable` out or pass `None`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl", reusable=False)


@env.task
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..facts import Lit, TaskDef
from ..link import EnvHandle
from .base import ModuleContext, task_environment

CODE = "FLY016"
NAME = "reusable-falsy"
SUMMARY = "reusable=False (or 0): not a way to turn reuse off"
SEVERITY: Severity = "error"

_FIX = "Fix: leave reusable out (or pass None) to run without reuse, or give a flyte.ReusePolicy(...)"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    reported: set[tuple[str, int]] = set()
    for task in ctx.facts.tasks:
        handle = task_environment(ctx, task)
        if handle is None or handle.env.kind not in ("TaskEnvironment",):
            continue
        value = ctx.env_reusable(handle)
        if not isinstance(value, Lit) or value.value is None or value.value or isinstance(value.value, (list, dict)):
            continue
        if task.args.keyword("pod_template") is not None or task.args.keyword("service_account") is not None:
            continue  # env.task() refuses those first on an environment with reusable set (FLY103, FLY105)
        kind = type(value.value).__name__
        if _sync(task):
            yield ctx.diagnostic(
                CODE, SEVERITY, task.span,
                f"AttributeError when the task is decorated: '{kind}' object has no attribute 'concurrency' "
                f"(the environment's reusable={value.value!r} is not None, so the SDK reads it as a policy). {_FIX}",
                noqa_lines=(task.statement_line,),
            )  # fmt: skip
        elif handle.key not in reported:
            reported.add(handle.key)
            yield _at_deploy(ctx, handle, task, kind, value.value)


def _at_deploy(ctx: ModuleContext, handle: EnvHandle, task: TaskDef, kind: str, value: object) -> Diagnostic:
    name = ctx.env_value(handle, "name")
    fqn = ""
    if isinstance(name, Lit) and isinstance(name.value, str) and task.function is not None:
        fqn = f" for task {name.value}.{task.function.name}"
    message = (
        f"reusable={value!r} fails at deploy when its tasks are serialized: Expected ReusePolicy, got <class "
        f"'{kind}'>{fqn}. {_FIX}"
    )
    span, noqa_lines = ctx.env_setting_site(handle, "reusable", task)
    return ctx.diagnostic(CODE, SEVERITY, span, message, noqa_lines=noqa_lines)


def _sync(task: TaskDef) -> bool:
    """Whether the SDK sees a function that is not a coroutine function (a plain def or an async generator)."""
    function = task.function
    if function is None or function.kind not in ("def", "lambda"):
        return False
    if task.inner_decorators:
        return task.wrapped_kind == "sync"
    return not function.is_async or function.is_generator
