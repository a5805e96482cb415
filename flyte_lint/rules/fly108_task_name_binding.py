"""
## What it does
Flags a module-level task whose function name does not lead back to the task: `fast = env.task(slow)`
(the module attribute `slow` is the plain function). A function name rebound later in the module is
noted with severity info (documentation-style modules do it on purpose), but not a task defined once in each
branch of a test flyte-lint cannot decide (`if os.environ.get(...)`): only one of them runs.

## Why is this bad?
On the cluster the task's container imports the module and loads `getattr(module, func.__name__)`. If
that name is bound to something else, it loads the wrong object, silently, and only in production.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


def slow_impl(x: int) -> int:
    return x


fast = env.task(slow_impl)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
def fast(x: int) -> int:
    return x
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import TaskRef
from .base import ModuleContext, may_not_run_at_import, task_environment

CODE = "FLY108"
NAME = "task-name-binding"
SUMMARY = "The module name of the task's function is not the task"
SEVERITY = "warning"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    final = {binding.name: binding.value for binding in ctx.facts.bindings}
    last_line = {binding.name: binding.line for binding in ctx.facts.bindings}
    for task in ctx.facts.tasks:
        function = task.function
        if function is None or function.kind != "def" or task.written_in != "module" or task.outer_decorators:
            continue
        if task_environment(ctx, task) is None:
            continue
        bound = final.get(function.name)
        if bound == TaskRef(task.id):
            continue
        if task.form == "call" and task.binding and task.binding != function.name:
            message = (
                f"The task is bound to {task.binding!r} but its function is named {function.name!r}: on the cluster "
                f"the module attribute {function.name!r} is loaded, which is the plain function, not this task. "
                f"Name the function {task.binding!r} or decorate it directly"
            )
        elif bound is None and task.binding and task.binding != function.name and task.form != "call":
            message = (
                f"The SDK sees a function named {function.name!r} (a decorator under @env.task without "
                f"functools.wraps hands it its wrapper), but the module binds the task as {task.binding!r}: on the "
                f"cluster getattr(module, {function.name!r}) finds nothing and the task cannot be loaded. Decorate "
                f"the wrapper with @functools.wraps"
            )
        elif may_not_run_at_import(ctx.facts, task.span.line, task.span.column) and may_not_run_at_import(
            ctx.facts, last_line.get(function.name, 0), 1
        ):
            continue  # one definition per branch of an unknown test: which binding is the last is not known
        elif isinstance(bound, TaskRef) or task.form != "call":
            # Documentation-style modules redefine names on purpose; whether this module is deployed as a whole
            # cannot be known, so a later rebinding is only noted.
            message = (
                f"The name {function.name!r} is rebound later in this module: on the cluster "
                f"getattr(module, {function.name!r}) loads that object instead of this task. Rename one of them"
            )
            yield ctx.diagnostic(CODE, "info", task.span, message, noqa_lines=(task.statement_line,))
            continue
        else:
            continue
        yield ctx.diagnostic(CODE, SEVERITY, task.span, message, noqa_lines=(task.statement_line,))
