"""
## What it does
Finds cycles in the `depends_on` graph of the whole project (constructor lists, `clone_with` inheritance,
`add_dependency` calls in any module) and reports each cycle once, listing its environments.

## Why is this bad?
The SDK builds such cycles without complaint, but deploy planning walks `depends_on` with no visited set:
`flyte deploy` crashes with `RecursionError: maximum recursion depth exceeded` for any environment on (or
leading to) the cycle.

## Example
```python
import flyte

a = flyte.TaskEnvironment(name="a")
b = flyte.TaskEnvironment(name="b", depends_on=[a])
a.add_dependency(b)
```

## Use instead
```python
import flyte

a = flyte.TaskEnvironment(name="a")
b = flyte.TaskEnvironment(name="b", depends_on=[a])
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..graph import DepEdge, EnvNode, ProjectGraph, dependency_cycles, project_graph
from .base import UNDECIDED_WHY, ProjectContext, may_not_run_at_import

CODE = "FLY302"
NAME = "dependency-cycle"
SUMMARY = "environments depend on each other in a cycle (deploy planning recurses forever)"
SEVERITY: Severity = "error"


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for cycle in dependency_cycles(graph):
        first, second = cycle[0], cycle[1 % len(cycle)]
        edge = next((e for e in graph.dep_edges.get(first, ()) if e.target == second), None)
        places = " -> ".join(
            f"{graph.env_label(n)} ({graph.envs[n].module.path}:{graph.envs[n].env.span.line})" for n in [*cycle, first]
        )
        handle = graph.envs[first]
        # Reported where the first environment of the cycle is created (the SDK's planning recurses from there);
        # the dependency edges that close the cycle are named as related places and accept a noqa too.
        path, span = handle.module.path, handle.env.span
        edge_place = () if edge is None else ((edge.path, edge.span.line, edge.span.column),)
        related = edge_place + tuple(
            (graph.envs[n].module.path, graph.envs[n].env.span.line, graph.envs[n].env.span.column) for n in cycle[1:]
        )
        noqa = () if edge is None or edge.path != path else (edge.span.line,)
        message = (
            f"depends_on cycle: {places}; flyte deploy fails with RecursionError: remove one of these dependencies"
        )
        severity = SEVERITY
        unsure = _edge_that_may_not_run(ctx, graph, cycle)
        if unsure is not None:
            # The cycle closes only where that code runs: a warning, as an error in that code itself is.
            severity = "warning"
            message += f" (the dependency at {unsure.path}:{unsure.span.line} is in {UNDECIDED_WHY})"
        yield Diagnostic(
            path, span.line, span.column, span.end_line, span.end_column, CODE, severity, message, None, noqa, related
        )


def _edge_that_may_not_run(ctx: ProjectContext, graph: ProjectGraph, cycle: list[EnvNode]) -> DepEdge | None:
    """An edge of the cycle made in module code that may or may not run at import, if any."""
    for position, node in enumerate(cycle):
        target = cycle[(position + 1) % len(cycle)]
        for edge in graph.dep_edges.get(node, ()):
            facts = ctx.index.modules.get(edge.path)
            if edge.target == target and facts is not None:
                if may_not_run_at_import(facts, edge.span.line, edge.span.column):
                    return edge
    return None
