"""
## What it does
Checks that no environment lists itself in its own `depends_on` (directly, through a `clone_with` that keeps
the source's list, or an environment with the same name). `add_dependency(self)` is FLY009. Before flyte 2.5 a
`clone_with` without `depends_on=` shares the source's list, so `base.add_dependency(clone)` puts the clone in
its own list too.

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
from ..graph import EnvNode, ProjectGraph, env_node, project_graph

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY303"
NAME = "self-dependency"
SUMMARY = "an environment in its own depends_on"
SEVERITY: Severity = "error"


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    yield from _shared_list_self_dependencies(ctx, graph)
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


def _shared_list_self_dependencies(ctx: ProjectContext, graph: ProjectGraph) -> Iterator[Diagnostic]:
    """flyte 2.1: ``clone_with`` without ``depends_on=`` keeps the very list of its source, so an environment
    added later to one of them is in the list of all: added to a list it shares, it depends on itself."""
    sharing: dict[EnvNode, EnvNode] = {}  # a clone -> the environment whose list it shares
    for node, handle in graph.envs.items():
        env = handle.env
        if env.origin != "clone_with" or env.clone_of is None or env.args.keyword("depends_on") is not None:
            continue
        source = graph.index.env(handle.module, env.clone_of)
        if source is not None:
            sharing[node] = env_node(source)

    def list_of(node: EnvNode) -> EnvNode:
        seen = {node}
        while node in sharing and sharing[node] not in seen:
            node = sharing[node]
            seen.add(node)
        return node

    for node, edges in graph.dep_edges.items():
        for edge in edges:
            if edge.origin not in ("add_dependency", "depends_on.append") or edge.target == node:
                continue  # add_dependency(self) is FLY009, depends_on.append(self) the loop above
            if list_of(edge.target) != list_of(node):
                continue
            handle = graph.envs[node]
            if not ctx.target_for(handle.module).lacks("clone-copies-depends-on"):
                continue  # flyte >= 2.5 copies the list: no self-dependency
            span = edge.span
            target = graph.envs[edge.target]
            yield Diagnostic(
                edge.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
                f"{graph.env_label(edge.target)} and {graph.env_label(node)} share one depends_on list (before flyte "
                f"2.5, clone_with keeps its source's list), so adding {graph.env_label(edge.target)} to it makes it "
                "depend on itself: flyte deploy fails with RecursionError. Give the clone its own list "
                "(clone_with(..., depends_on=[...]))",
                None, (), ((target.module.path, target.env.span.line, target.env.span.column),),
            )  # fmt: skip
