"""
## What it does
Flags, for flyte 2.0 only, an environment that another environment of the same module depends on although it
is made after it (the dependency was added later, with `add_dependency` or by changing the `depends_on` list).

## Why is this bad?
`flyte deploy --all` (and any deploy given both environments) plans every loaded environment in the order
they were made. flyte 2.0 then meets the later environment a second time, as an environment to deploy after
having planned it as a dependency, and fails at deploy with a `ValueError` ("Environment 'db' is defined in
... but was imported twice under different module names", or "Duplicate environment name 'db'"). flyte 2.1
and later accept it. Deploying only the first environment (`flyte deploy FILE api`) works, so this is a
warning.

## Example
```python
# /// script
# dependencies = ["flyte==2.0.12"]
# ///
import flyte

api = flyte.TaskEnvironment(name="api")
db = flyte.TaskEnvironment(name="db")
api.add_dependency(db)
```

## Use instead
```python
# /// script
# dependencies = ["flyte==2.0.12"]
# ///
import flyte

db = flyte.TaskEnvironment(name="db")
api = flyte.TaskEnvironment(name="api", depends_on=[db])
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..graph import EnvNode, ProjectGraph, project_graph

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY308"
NAME = "dependency-made-later"
SUMMARY = "flyte 2.0: an environment depends on one made after it (flyte deploy --all fails)"
SEVERITY: Severity = "warning"


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    for made in _made_in_order(graph).values():
        reported: set[EnvNode] = set()
        for position, earlier in enumerate(made):
            handle = graph.envs[earlier]
            if not ctx.target_for(handle.module).lacks("deploy-all-revisits"):
                break  # the module's target is flyte >= 2.1 (or a range that includes it)
            reached, _ = graph.closure(earlier)
            for later in made[position + 1 :]:
                if later in reported or later not in reached or earlier in graph.closure(later)[0]:
                    continue  # a cycle is FLY302's
                if graph.envs[later].env.span.line == handle.env.span.line:
                    continue  # made on one line (a loop, a comprehension): which comes first is not read here
                reported.add(later)
                yield _finding(graph, earlier, later)


def _made_in_order(graph: ProjectGraph) -> dict[str, list[EnvNode]]:
    """Per module, the environments made unconditionally at its top level, in the order the module makes them."""
    made: dict[str, list[EnvNode]] = {}
    for node, handle in graph.envs.items():
        env = handle.env
        if env.scope == "module" and not env.alternatives:
            made.setdefault(handle.module.path, []).append(node)
    for nodes in made.values():
        nodes.sort(key=lambda n: (graph.envs[n].env.span.line, graph.envs[n].env.span.column, graph.envs[n].env.id))
    return made


def _finding(graph: ProjectGraph, earlier: EnvNode, later: EnvNode) -> Diagnostic:
    first, second = graph.envs[earlier], graph.envs[later]
    span = second.env.span
    name = graph.env_name(later)
    quoted = repr(name) if name is not None else "it"
    return Diagnostic(
        second.module.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
        f"{graph.env_label(later)} is made after {graph.env_label(earlier)} (line {first.env.span.line}), which "
        f"depends on it: flyte 2.0 deploying both (flyte deploy --all) fails with ValueError (\"Environment "
        f"{quoted} ... was imported twice under different module names\"); make {graph.env_label(later)} first "
        "and pass it in depends_on=[...], or use flyte >= 2.1",
        None, (span.line,), ((first.module.path, first.env.span.line, first.env.span.column),),
    )  # fmt: skip
