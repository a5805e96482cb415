"""
## What it does
Reports an environment listed twice among another environment's dependencies: twice in `depends_on`, or
added again with `add_dependency` (from any module).

## Why is this bad?
Nothing fails: the SDK keeps the duplicate (`add_dependency` compares by value but appends anyway) and
deploy planning dedups by name. It is dead weight that usually hides a copy-paste slip, hence **info**.

## Example
```python
import flyte

base = flyte.TaskEnvironment(name="base")
env = flyte.TaskEnvironment(name="etl", depends_on=[base])
env.add_dependency(base)
```

## Use instead
```python
import flyte

base = flyte.TaskEnvironment(name="base")
env = flyte.TaskEnvironment(name="etl", depends_on=[base])
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..facts import Span
from ..graph import DepEdge, EnvNode, project_graph

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY304"
NAME = "duplicate-dependency"
SUMMARY = "the same environment twice in depends_on / add_dependency"
SEVERITY: Severity = "info"
FIXABLE = True


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for node, edges in graph.dep_edges.items():
        first_seen: dict[EnvNode, DepEdge] = {}
        for edge in edges:
            if edge.target == node:
                continue
            first = first_seen.get(edge.target)
            if first is None:
                first_seen[edge.target] = edge
                continue
            if edge.origin == "inherited" and first.origin == "inherited":
                continue  # reported on the source environment
            span = edge.span
            yield Diagnostic(
                edge.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
                f"{graph.env_label(edge.target)} is already a dependency of {graph.env_label(node)} "
                f"({first.path}:{first.span.line}); the duplicate is harmless but redundant: remove it",
                _fix(edge), (), ((first.path, first.span.line, first.span.column),),
            )  # fmt: skip


def _fix(edge: DepEdge) -> Fix | None:
    """Remove a repeated element of a written ``depends_on`` list, with the separator before it."""
    if edge.origin not in ("constructor", "clone_with") or not edge.preceding:
        return None
    before = edge.preceding[-1]
    removal = Span(before.end_line, before.end_column, edge.span.end_line, edge.span.end_column)
    return Fix("Remove the repeated dependency", (Edit(removal, ""),), "safe")
