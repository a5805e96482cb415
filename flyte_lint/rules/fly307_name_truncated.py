"""
## What it does
Reports an environment name, or a task's `short_name` (the function's name when none is given), longer than
the 63 characters a task spec keeps, with the name that will be sent; and says when the cut makes it equal to
another environment's name (or to another short name of the same environment).

## Why is this bad?
Nothing fails: at deploy the SDK silently cuts the environment name in every task spec, and the short name, to
their first 63 characters (the task's own name, `<env>.<function>`, is sent whole). Two environments whose names
differ only after character 63 then carry the same environment name, and two tasks the same short name, so
they cannot be told apart where those names are shown.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="customer-churn-feature-engineering-nightly-batch-pipeline-europe-west")


@env.task
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="churn-features-nightly-europe-west")


@env.task
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Lit, Span
from ..graph import EnvNode, TaskNode, project_graph
from .base import TASK_ENV_KINDS

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY307"
NAME = "name-truncated"
SUMMARY = "environment name or short_name longer than the 63 characters a task spec keeps"
SEVERITY: Severity = "warning"


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    envs: list[tuple[EnvNode, str]] = []
    for node, handle in sorted(graph.envs.items()):
        name = graph.env_name(node)
        if handle.env.kind in TASK_ENV_KINDS and name is not None:
            envs.append((node, name))
    for node, name in envs:
        wire = spec.wire_name(name)
        if wire is None:
            continue
        handle = graph.envs[node]
        env = handle.env
        arg = env.args.keyword("name") or (env.args.positional[0] if env.args.positional else None)
        span = arg.span if arg is not None else env.span
        text = (
            f"environment name {name!r} has {len(name)} characters: the SDK silently sends it cut to "
            f"{spec.WIRE_NAME_LIMIT} in the spec of each of its tasks, as {wire!r}"
        )
        related: tuple[tuple[str, int, int], ...] = ()
        twins = [(other, other_name) for other, other_name in envs if other_name != name and other_name[:63] == wire]
        if twins:
            other, other_name = twins[0]
            place = graph.envs[other]
            text += (
                f", the same as environment {other_name!r} ({place.module.path}:{place.env.span.line}): their tasks "
                "carry one environment name"
            )
            related = ((place.module.path, place.env.span.line, place.env.span.column),)
        text += f". Fix: keep environment names to {spec.WIRE_NAME_LIMIT} characters or fewer"
        yield _diagnostic(handle.module.path, span, text, (env.span.line,), related)
    yield from _short_names(graph)


def _short_names(graph: object) -> Iterator[Diagnostic]:
    from ..graph import ProjectGraph

    assert isinstance(graph, ProjectGraph)
    by_env: dict[EnvNode, list[tuple[TaskNode, str, Span]]] = {}
    for node, handle in sorted(graph.tasks.items()):
        env = graph.task_env(node)
        if env is None or graph.envs[env].env.kind not in TASK_ENV_KINDS:
            continue
        task = handle.task
        arg = task.args.keyword("short_name")
        if arg is not None:
            if not isinstance(arg.value, Lit) or not isinstance(arg.value.value, str):
                continue
            if arg.value.value:
                by_env.setdefault(env, []).append((node, arg.value.value, arg.span))
                continue
        if task.args.star_kwargs or task.function is None or task.function.kind != "def":
            continue
        by_env.setdefault(env, []).append((node, task.function.name, task.function.span))
    for names in by_env.values():
        for node, name, span in names:
            wire = spec.wire_name(name)
            if wire is None:
                continue
            handle = graph.tasks[node]
            text = (
                f"short name {name!r} of task {graph.task_fqn(node)!r} has {len(name)} characters: the SDK silently "
                f"sends it cut to {spec.WIRE_NAME_LIMIT}, as {wire!r}"
            )
            related: tuple[tuple[str, int, int], ...] = ()
            twins = [(o, n, s) for o, n, s in names if n != name and n[: spec.WIRE_NAME_LIMIT] == wire]
            if twins:
                other, _, other_span = twins[0]
                path = graph.tasks[other].module.path
                text += f", the same as the short name of task {graph.task_fqn(other)!r} ({path}:{other_span.line})"
                related = ((path, other_span.line, other_span.column),)
            text += f". Fix: pass a short_name of {spec.WIRE_NAME_LIMIT} characters or fewer"
            line = handle.task.statement_line or handle.task.span.line
            yield _diagnostic(handle.module.path, span, text, (line,), related)


def _diagnostic(
    path: str, span: Span, text: str, noqa: tuple[int, ...], related: tuple[tuple[str, int, int], ...]
) -> Diagnostic:
    return Diagnostic(
        path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY, text, None, noqa, related
    )
