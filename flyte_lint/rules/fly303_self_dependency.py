"""
## What it does
Checks that no environment lists itself in its own `depends_on` (directly, through a `clone_with` that keeps
the source's list, or an environment with the same name). `add_dependency(self)` is FLY009.

## Why is this bad?
Deploy planning walks `depends_on` without a visited set: the environment itself recurses forever
(`RecursionError`), and another environment with the same name raises
`ValueError: Duplicate environment name '<name>' found.`

## Example
```python
import flyte

base = flyte.TaskEnvironment(name="base")
base2 = flyte.TaskEnvironment(name="base", depends_on=[base])
```

## Use instead
```python
import flyte

base = flyte.TaskEnvironment(name="base")
worker = flyte.TaskEnvironment(name="worker", depends_on=[base])
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..graph import project_graph

if TYPE_CHECKING:
    from ..engine import ProjectContextFactory

CODE = "FLY303"
NAME = "self-dependency"
SUMMARY = "an environment in its own depends_on"
SEVERITY: Severity = "error"


def check_project(ctx: ProjectContextFactory) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for node, edges in graph.dep_edges.items():
        name = graph.env_name(node)
        for edge in edges:
            if edge.origin == "add_dependency":
                continue
            same = edge.target == node
            if not same and (name is None or graph.env_name(edge.target) != name):
                continue
            target = graph.envs[edge.target]
            how = (
                "itself"
                if same
                else (f"another environment with the same name ({target.module.path}:{target.env.span.line})")
            )
            result = "RecursionError" if same else f"ValueError: Duplicate environment name {name!r}"
            span = edge.span
            yield Diagnostic(
                edge.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
                f"{graph.env_label(node)} depends on {how}"
                f"{' (inherited through clone_with)' if edge.origin == 'inherited' else ''}: flyte deploy fails "
                f"with {result}; remove it from depends_on",
                None, (), ((target.module.path, target.env.span.line, target.env.span.column),),
            )  # fmt: skip
