"""
## What it does
Checks every call from a task of one environment to a task of another environment (`await t(...)`,
`t(...)`, `t.aio(...)`, `t.override(...)(...)`, `flyte.map(t, ...)`), across modules, and reports the call
when the callee's environment is not reachable from the caller's environment through `depends_on`
(constructor lists, `clone_with` inheritance and `add_dependency`, transitively). It stays silent when any
`depends_on` on the way cannot be resolved statically.

The fix adds the callee's environment to the `depends_on` of the caller's environment where that environment
is defined (often `envs.py`, not the file of the call), extending the list written there or adding the
keyword, and adds `from <module> import <env>` to that file when the name is not bound there.

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

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import spec
from ..diagnostics import Diagnostic, Edit, FileEdits, Fix, Severity
from ..facts import EnvRef, ImportedRef, Lit, ModuleFacts, Obj, Seq, Span
from ..graph import EnvNode, ProjectGraph, project_graph
from ..link import EnvHandle, ProjectIndex
from .base import NOT_CONSTANT

if TYPE_CHECKING:
    from ..graph import MissingDependency
    from .base import ProjectContext

CODE = "FLY301"
NAME = "missing-dependency"
SUMMARY = "a task calls a task of an environment that its environment does not depend on"
SEVERITY: Severity = "error"
FIXABLE = True


def check_project(ctx: ProjectContext) -> Iterator[Diagnostic]:
    graph = project_graph(ctx.index)
    # A fix's own edits are in its finding's file: one fix per pair of environments and file of the call.
    fixes: dict[tuple[EnvNode, EnvNode, str], Fix | None] = {}
    for miss in _sorted(graph):
        a, b = miss.caller_env, miss.callee_env
        a_label, b_label = graph.env_label(a), graph.env_label(b)
        a_handle, b_handle = graph.envs[a], graph.envs[b]
        outcome = _outcome(ctx, b_handle)
        if outcome == "works":
            continue
        severity: Severity = "error" if outcome == "fails" else "warning"
        consequence = {
            "fails": "on the cluster it fails with RuntimeUserError: "
            + spec.MISSING_ENV_IN_IMAGE_CACHE_MESSAGE.format(name=graph.env_name(b)).rstrip("."),
            "default-image": f"on the cluster it silently runs on the default image, not {b_label}'s",
            "unknown": f"on the cluster it can fail with \"Environment '{graph.env_name(b)}' not found in image "
            f"cache\" (when {b_label}'s image has build layers)",
        }[outcome]
        key = (a, b, miss.module.path)
        if key not in fixes:
            fixes[key] = _fix(graph, a, b, miss.module.path)
        fix = fixes[key]
        span = miss.call.span
        yield Diagnostic(
            miss.module.path, span.line, span.column, span.end_line, span.end_column, CODE, severity,
            f"{graph.task_fqn(miss.caller)!r} calls {graph.task_fqn(miss.callee)!r}, but environment {a_label} "
            f"does not depend on {b_label}: {consequence}",
            fix,
            (),
            (
                (b_handle.module.path, b_handle.env.span.line, b_handle.env.span.column),
                (a_handle.module.path, a_handle.env.span.line, a_handle.env.span.column),
            ),
            None if fix is not None else f"add {b_handle.env.binding or b_label} to the depends_on of {a_label} "
            f"({_short(a_handle.module.path)}:{a_handle.env.span.line})",
        )  # fmt: skip


def _short(path: str) -> str:
    """``path`` relative to the working directory when it lies under it (as given otherwise)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


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


def _sorted(graph: ProjectGraph) -> list[MissingDependency]:
    from ..graph import missing_dependencies

    return sorted(missing_dependencies(graph), key=lambda m: (m.module.path, m.call.span.line, m.call.span.column))


def _fix(graph: ProjectGraph, a: EnvNode, b: EnvNode, finding_path: str) -> Fix | None:
    """Add B to A's own depends_on where A is defined (the finding's file or another: ``envs.py``), when A is a
    plain module-level constructor. B's name must be bound before A in A's module, or be importable there
    (B bound at the top level of a module that does not import A's module, even indirectly): then the fix also
    adds ``from <B's module> import <B>`` after the last top-level import before A."""
    a_handle, b_handle = graph.envs[a], graph.envs[b]
    env = a_handle.env
    if env.origin != "constructor" or env.scope != "module":
        return None
    edits: list[Edit] = []
    name = _bound_name(graph, a, b)
    what = ""
    if name is None:
        imported = _import_edit(graph.index, a_handle, b_handle)
        if imported is None:
            return None
        name, edit, module_name = imported
        edits.append(edit)
        what = f" (and import it from {module_name})"
    arg = env.args.keyword("depends_on")
    if arg is not None:
        value = arg.value
        if not isinstance(value, Seq) or value.kind != "list" or not arg.literal:
            return None
        if value.items:
            spans = value.item_spans
            if len(spans) != len(value.items) or not all(_within(s, arg.span) for s in spans):
                return None  # the list is not written here (``depends_on=DEPS``), or a *spread hides it
            last = max(spans, key=lambda s: (s.end_line, s.end_column))
            point = Span(last.end_line, last.end_column, last.end_line, last.end_column)
            edits.append(Edit(point, f", {name}"))
        else:
            edits.append(Edit(arg.span, f"[{name}]"))
        description = f"add {name} to the depends_on of {graph.env_label(a)}"
    else:
        if env.args.star_kwargs or env.args.star_args:
            return None
        written = [*env.args.positional, *env.args.keywords]
        if not written or not all(x.in_place for x in written):
            return None
        end = max((x.full_span or x.span for x in written), key=lambda s: (s.end_line, s.end_column))
        point = Span(end.end_line, end.end_column, end.end_line, end.end_column)
        edits.append(Edit(point, f", depends_on=[{name}]"))
        description = f"add depends_on=[{name}] to {graph.env_label(a)}"
    path = a_handle.module.path
    if path != finding_path:
        description += f" in {_short(path)}"
        return Fix(description + what, (), "safe", (FileEdits(path, tuple(edits)),))
    return Fix(description + what, tuple(edits))


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )


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


def _import_edit(index: ProjectIndex, a_handle: EnvHandle, b_handle: EnvHandle) -> tuple[str, Edit, str] | None:
    """``from <B's module> import <B>`` for A's module: (name, the edit, B's module), or None when B cannot be
    imported there without risk (no module name, B not a plain top-level binding, the name already taken in
    A's module, an import cycle, no top-level import before A to put it after)."""
    a_module, b_module = a_handle.module, b_handle.module
    name, module_name = b_handle.env.binding, b_module.module_name
    if name is None or module_name is None or b_handle.env.scope != "module" or a_module.path == b_module.path:
        return None
    if index.module(module_name) is not b_module or module_name in index.ambiguous:
        return None
    binding = index.bindings(b_module).get(name)
    if binding is None or not isinstance(binding.value, EnvRef) or binding.value.env_id != b_handle.env.id:
        return None  # the name is rebound, or bound to something else at the end of B's module
    taken = (
        {n for n, _ in a_module.first_bound}
        | {imp.local for imp in a_module.imports}
        | {b.name for b in a_module.bindings}
    )
    if name in taken or a_module.star_import:
        return None
    if _imports(index, b_module, a_module):
        return None  # B's module (indirectly) imports A's: importing it from there would make a cycle
    line = a_handle.env.span.line
    before = [imp for imp in a_module.imports if imp.top_level and imp.end_line and imp.end_line < line]
    if not before:
        return None
    after = max(imp.end_line for imp in before)
    point = Span(after + 1, 1, after + 1, 1)
    return name, Edit(point, f"from {module_name} import {name}\n"), module_name


def _imports(index: ProjectIndex, start: ModuleFacts, target: ModuleFacts) -> bool:
    """Whether ``start`` imports ``target``, directly or through modules of the project."""
    seen = {start.path}
    stack = [start]
    while stack:
        module = stack.pop()
        for fact in module.imports:
            names = [fact.module] + ([f"{fact.module}.{fact.name}"] if fact.name not in (None, "*") else [])
            parts = fact.module.split(".")
            names += [".".join(parts[:i]) for i in range(1, len(parts))]  # importing a.b runs a/__init__.py
            for name in names:
                found = index.module(name) if name else None
                if found is None:
                    continue
                if found.path == target.path:
                    return True
                if found.path not in seen:
                    seen.add(found.path)
                    stack.append(found)
    return False
