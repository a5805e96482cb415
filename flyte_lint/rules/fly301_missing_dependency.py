"""
## What it does
Checks every call from a task of one environment to a task of another environment (`await t(...)`,
`t(...)`, `t.aio(...)`, `t.override(...)(...)`, `flyte.map(t, ...)`), across modules, and reports the call
when the callee's environment is not reachable from the caller's environment through `depends_on`
(constructor lists, `clone_with` inheritance and `add_dependency`, transitively). It stays silent when any
`depends_on` on the way cannot be resolved statically.

## Why is this bad?
`flyte deploy` succeeds, and a local `flyte.run` works. On the cluster, the child task is submitted with the
image cache of the caller's deploy plan, which only contains the caller's environment and its `depends_on`
closure. When the callee's image has build layers the run fails with
`RuntimeUserError: Environment 'b' not found in image cache.`; when it is a plain image URI it works, and
with `image="auto"` the default image is used silently. The severity is **warning**, not error: whether the
run fails depends on the callee's image (and, in 2.12.1, on whether both environments were deployed in the
same `flyte deploy --all` invocation), which the linter cannot always know.

## Example
```python
import flyte

gpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_debian_base().with_pip_packages("torch"))
main = flyte.TaskEnvironment(name="main")


@gpu.task
async def train(n: int) -> int: ...


@main.task
async def pipeline(n: int) -> int:
    return await train(n)
```

## Use instead
```python
import flyte

gpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_debian_base().with_pip_packages("torch"))
main = flyte.TaskEnvironment(name="main", depends_on=[gpu])


@gpu.task
async def train(n: int) -> int: ...


@main.task
async def pipeline(n: int) -> int:
    return await train(n)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..facts import EnvRef, ImportedRef, Seq, Span
from ..graph import EnvNode, ProjectGraph, project_graph

if TYPE_CHECKING:
    from ..engine import ProjectContextFactory

CODE = "FLY301"
NAME = "missing-dependency"
SUMMARY = "a task calls a task of an environment that its environment does not depend on"
SEVERITY: Severity = "warning"
FIXABLE = True


def check_project(ctx: ProjectContextFactory) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    fixed: set[tuple[EnvNode, EnvNode]] = set()
    for miss in _sorted(graph):
        a, b = miss.caller_env, miss.callee_env
        a_label, b_label = graph.env_label(a), graph.env_label(b)
        b_handle = graph.envs[b]
        a_handle, b_handle = graph.envs[a], graph.envs[b]
        fix = None
        if miss.module.path == a_handle.module.path and (a, b) not in fixed:
            fix = _fix(graph, a, b)
            if fix is not None:
                fixed.add((a, b))
        span = miss.call.span
        yield Diagnostic(
            miss.module.path, span.line, span.column, span.end_line, span.end_column, CODE, SEVERITY,
            f"task {graph.task_fqn(miss.caller)!r} (environment {a_label}) calls {graph.task_fqn(miss.callee)!r} of "
            f"environment {b_label} ({b_handle.module.path}:{b_handle.env.span.line}), which {a_label} does not "
            f"reach through depends_on ({a_handle.module.path}:{a_handle.env.span.line}): on the cluster the call "
            f"can fail with \"Environment '{graph.env_name(b)}' not found in image cache\"; add "
            f"{b_handle.env.binding or b_label} to the depends_on of {a_label}",
            fix,
            (),
            (
                (b_handle.module.path, b_handle.env.span.line, b_handle.env.span.column),
                (a_handle.module.path, a_handle.env.span.line, a_handle.env.span.column),
            ),
        )  # fmt: skip


def _sorted(graph: ProjectGraph):  # type: ignore[no-untyped-def]
    from ..graph import missing_dependencies

    return sorted(missing_dependencies(graph), key=lambda m: (m.module.path, m.call.span.line, m.call.span.column))


def _fix(graph: ProjectGraph, a: EnvNode, b: EnvNode) -> Fix | None:
    """Add B to A's own depends_on, when A is a plain constructor and B's name is bound before A in A's module."""
    a_handle = graph.envs[a]
    env = a_handle.env
    if env.origin != "constructor" or env.scope != "module":
        return None
    name = _bound_name(graph, a, b)
    if name is None:
        return None
    arg = env.args.keyword("depends_on")
    if arg is not None:
        value = arg.value
        if not isinstance(value, Seq) or value.kind != "list" or arg.span.end_line != arg.span.end_line:
            return None
        end = arg.span
        point = Span(end.end_line, end.end_column - 1, end.end_line, end.end_column - 1)
        text = f", {name}" if value.items else name
        return Fix(f"add {name} to depends_on", (Edit(point, text),))
    if env.args.star_kwargs or env.args.star_args:
        return None
    last = [*env.args.positional, *env.args.keywords]
    if not last:
        return None
    end = max((x.full_span or x.span for x in last), key=lambda s: (s.end_line, s.end_column))
    point = Span(end.end_line, end.end_column, end.end_line, end.end_column)
    return Fix(f"add depends_on=[{name}]", (Edit(point, f", depends_on=[{name}]"),))


def _bound_name(graph: ProjectGraph, a: EnvNode, b: EnvNode) -> str | None:
    a_handle, b_handle = graph.envs[a], graph.envs[b]
    module = a_handle.module
    line = a_handle.env.span.line
    import_lines = {imp.local: imp.line for imp in module.imports}
    candidates = []
    for binding in module.bindings:
        value = binding.value
        if isinstance(value, EnvRef):
            if module.path == b_handle.module.path and value.env_id == b_handle.env.id:
                if b_handle.env.span.end_line < line and b_handle.env.scope == "module":
                    candidates.append(binding.name)
        elif isinstance(value, ImportedRef):
            target = graph.index.env(module, value)
            if target is not None and target.key == b_handle.key and import_lines.get(binding.name, line) < line:
                candidates.append(binding.name)
    if b_handle.env.binding in candidates:
        return b_handle.env.binding
    return candidates[0] if candidates else None
