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
closure. What happens then depends on the callee's image, and so does the severity:
- an image with build layers (`.with_pip_packages(...)`, ...) or from `Image.from_ref_name(...)`: the run
  fails with `RuntimeUserError: Environment 'b' not found in image cache.` (**error**; flyte 2.12 only
  avoids it when both environments are deployed by the same `flyte deploy --all`);
- a plain image URI string, or an image without layers: the call works (no finding);
- `image="auto"` (the default): the child silently runs on the default Flyte image instead of the one its
  environment would build (**warning**);
- an image the linter cannot follow: **warning**.

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

from .. import spec
from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..facts import EnvRef, ImportedRef, Lit, Obj, Seq, Span
from ..graph import EnvNode, ProjectGraph, project_graph
from ..link import EnvHandle
from .base import NOT_CONSTANT

if TYPE_CHECKING:
    from .base import ProjectContext

CODE = "FLY301"
NAME = "missing-dependency"
SUMMARY = "a task calls a task of an environment that its environment does not depend on"
SEVERITY: Severity = "error"
FIXABLE = True


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    fixed: set[tuple[EnvNode, EnvNode]] = set()
    for miss in _sorted(graph):
        a, b = miss.caller_env, miss.callee_env
        a_label, b_label = graph.env_label(a), graph.env_label(b)
        a_handle, b_handle = graph.envs[a], graph.envs[b]
        outcome = _outcome(ctx, b_handle)
        if outcome == "works":
            continue
        severity: Severity = "error" if outcome == "fails" else "warning"
        consequence = {
            "fails": "on the cluster the call fails with RuntimeUserError: "
            + spec.MISSING_ENV_IN_IMAGE_CACHE_MESSAGE.format(name=graph.env_name(b)).rstrip("."),
            "default-image": f"on the cluster the child silently runs on the default image, not {b_label}'s",
            "unknown": 'on the cluster the call can fail with "Environment '
            f"'{graph.env_name(b)}' not found in image cache\" (when {b_label}'s image has build layers)",
        }[outcome]
        fix = None
        if miss.module.path == a_handle.module.path and (a, b) not in fixed:
            fix = _fix(graph, a, b)
            if fix is not None:
                fixed.add((a, b))
        span = miss.call.span
        yield Diagnostic(
            miss.module.path, span.line, span.column, span.end_line, span.end_column, CODE, severity,
            f"task {graph.task_fqn(miss.caller)!r} (environment {a_label}) calls {graph.task_fqn(miss.callee)!r} of "
            f"environment {b_label} ({b_handle.module.path}:{b_handle.env.span.line}), which {a_label} does not "
            f"reach through depends_on ({a_handle.module.path}:{a_handle.env.span.line}): {consequence}; add "
            f"{b_handle.env.binding or b_label} to the depends_on of {a_label}",
            fix,
            (),
            (
                (b_handle.module.path, b_handle.env.span.line, b_handle.env.span.column),
                (a_handle.module.path, a_handle.env.span.line, a_handle.env.span.column),
            ),
        )  # fmt: skip


def _outcome(ctx: ProjectContext, handle: EnvHandle) -> spec.MissingDependencyOutcome:
    """What the callee environment's image makes of a call from outside its depends_on closure."""
    value = ctx.context(handle.module).env_value(handle, "image")
    if value is None:
        return spec.missing_dependency_outcome(None, None)
    if isinstance(value, Lit):
        return spec.missing_dependency_outcome(value.value, None)
    if value is not NOT_CONSTANT and isinstance(value, Obj) and value.callee.startswith("flyte.Image."):
        calls = tuple(value.callee.split(".")[2:])
        if value.args.positional or value.args.keywords or value.args.star_args or value.args.star_kwargs:
            calls = (*calls, "()")  # arguments to the last call: a bare constructor may then add layers
        return spec.missing_dependency_outcome(None, calls)
    return "unknown"


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
