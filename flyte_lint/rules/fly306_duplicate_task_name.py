"""
## What it does
Reports two tasks with the same fully-qualified name `<env name>.<function name>` on the same environment
object: in one module, or in another module that imports the environment and declares a task on it.

## Why is this bad?
The SDK keeps tasks in a dict keyed by that name: the later task silently replaces the earlier one, only it
is deployed, and on the cluster a call to the earlier task object may load the other function. Nothing
fails, hence **warning**.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(n: int) -> int: ...


@env.task
async def load(path: str) -> str: ...
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load_count(n: int) -> int: ...


@env.task
async def load_path(path: str) -> str: ...
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..graph import duplicate_tasks, project_graph

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY306"
NAME = "duplicate-task-name"
SUMMARY = "two tasks with the same <env>.<function> name (the later silently replaces the earlier)"
SEVERITY: Severity = "warning"


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for first, later in duplicate_tasks(graph):
        a, b = graph.tasks[first], graph.tasks[later]
        fn = b.task.function
        span = fn.span if fn is not None else b.task.span
        yield Diagnostic(
            b.module.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
            f"task {graph.task_fqn(later)!r} is already declared at {a.module.path}:{a.task.span.line}: the SDK "
            "keeps only the last one (silently); rename one of the functions",
            None, (b.task.statement_line or b.task.span.line,),
            ((a.module.path, a.task.span.line, a.task.span.column),),
        )  # fmt: skip
