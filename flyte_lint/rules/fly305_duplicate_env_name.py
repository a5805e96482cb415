"""
## What it does
Reports two different environment objects (task environments, clones, `from_task` results, app
environments alike) with the same literal name when they meet in one deploy: they are defined in the same
module, one module imports the other's (directly or transitively), or one `depends_on` closure reaches both.
The same name in independent scripts of one tree is fine and not reported.

## Why is this bad?
Deploy planning rejects the pair: `ValueError: Duplicate environment name '<name>' found. Each
TaskEnvironment must have a unique name.` (or, for two envs in one module, the misleading "imported twice
under different module names" message). `flyte deploy --all` deploys every environment loaded, so importing
both modules is enough. Severity: **error** when one `depends_on` closure reaches both (every deploy of it
fails); **warning** when they only share a module or an import chain (only a deploy that passes both fails,
`flyte deploy FILE ENV` of one of them works).

## Example
```python
import flyte

base = flyte.TaskEnvironment(name="base")
gpu = base.clone_with("base", resources=flyte.Resources(gpu=1))
```

## Use instead
```python
import flyte

base = flyte.TaskEnvironment(name="base")
gpu = base.clone_with("base-gpu", resources=flyte.Resources(gpu=1))
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..graph import duplicate_names, project_graph

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY305"
NAME = "duplicate-env-name"
SUMMARY = "two environments with the same name meet in one deploy"
SEVERITY: Severity = "error"

_WHY = {
    "same module": "both are defined in this module",
    "imports": "one module imports the other",
    "depends_on": "one depends_on closure reaches both",
    "one folder": "both modules are in one folder, which `flyte deploy --all` loads together",
}


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for first, second, how in duplicate_names(graph):
        a, b = graph.envs[first], graph.envs[second]
        name = graph.env_name(second)
        span = b.env.span
        arg = b.env.args.keyword("name") or (b.env.args.positional[0] if b.env.args.positional else None)
        if arg is not None:
            span = arg.span
        # depends_on: every deploy of the env that reaches both fails. Same module / imports: only a deploy that
        # passes both (``flyte deploy --all``, ``flyte.deploy(a, b)``) fails; deploying one env plans fine.
        severity = SEVERITY if how == "depends_on" else "warning"
        yield Diagnostic(
            b.module.path, span.line, span.column, span.end_line, span.end_column, CODE, severity,
            f"environment name {name!r} is also used by {a.env.binding or 'an environment'} at "
            f"{a.module.path}:{a.env.span.line} and {_WHY[how]}: flyte deploy fails with "
            f"\"Duplicate environment name {name!r}\"; give one of them another name",
            None, (b.env.span.line,), ((a.module.path, a.env.span.line, a.env.span.column),),
        )  # fmt: skip
