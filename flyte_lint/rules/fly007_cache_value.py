"""
## What it does
Checks cache values given to `TaskEnvironment(cache=...)`, `clone_with(cache=...)`,
`@env.task(cache=...)` and `task.override(cache=...)`. flyte < 2.3 accepts exactly `"auto"`, `"override"` and
`"disable"`; flyte >= 2.3 also accepts the aliases `enable`, `enabled`, `on`, `true`, `yes`, `off`,
`false`, `no`, `none` (in any case). A task's or an override's truthy non-string value (`cache=True`,
`cache=5`) is turned into `Cache(behavior=5)` and fails the same way. An environment-level `cache=None` or
`cache=False` is also invalid for the tasks that inherit it.

## Why is this bad?
The string is only turned into a `flyte.Cache` when a task is built or serialized, and then raises
`ValueError: Invalid cache behavior: 'always'. ...`: in flyte >= 2.9 when the task is decorated (so the
module fails to import) or when `override()` runs; before flyte 2.9 at `flyte deploy` (and in a local
`flyte.run` of the task). An environment whose tasks all set their own cache never uses its value.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(cache="always")
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(cache="auto")
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Lit, Span, TaskDef
from ..link import EnvHandle
from ._override import override_targets
from .base import TASK_ENV_KINDS, ModuleContext, built_at, inherits_env_cache, serialized_at, to_python

CODE = "FLY007"
NAME = "cache-value"
SUMMARY = "cache value the SDK rejects"
SEVERITY: Severity = "error"

_FIX = 'Fix: use "auto", "override" or "disable" (or a flyte.Cache(...) object).'

# By level: (when flyte >= 2.9 raises, when older releases do).
_PHASES: dict[str, tuple[str, str]] = {
    "task": ("when the task is decorated (at import)", "at deploy (and in a local flyte.run of the task)"),
    "env": (
        "when a task of this environment is decorated (at import)",
        "at deploy of its tasks (and in a local flyte.run of them)",
    ),
    "override": (
        "when the override() call runs",
        "when the overridden task runs (locally) or is serialized for a cluster run",
    ),
}


def _phase(level: str, profile: spec.Profile) -> str:
    built, later = _PHASES[level]
    return built if spec.since(profile, "cache-checked-at-build") else later


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        task_env = ctx.task_env(task)
        if task_env is None or task_env.env.kind not in TASK_ENV_KINDS:
            continue
        arg = task.args.keyword("cache")
        value = _checked_value(arg)
        if arg is None or value is None:
            continue  # not given, unknown, or falsy (inherits the environment's cache)
        line = task.statement_line or task.span.line
        # flyte >= 2.9 checks the value when the task is built; older releases at deploy, where the mistake is
        # the value.
        at, note = (
            built_at(task, arg.span)
            if ctx.target.has("cache-checked-at-build")
            else serialized_at(task, arg.span)
            if ctx.target.lacks("cache-checked-at-build")
            else (arg.span, "")
        )
        yield from _report(ctx, arg, value, "task", "@env.task(cache=...)", line, at=at, note=note)
    for env in ctx.facts.envs:
        if env.kind not in TASK_ENV_KINDS:
            continue
        handle = EnvHandle(ctx.facts, env)
        cache = _cache_given(ctx, handle)
        if cache is None:
            continue
        given_arg, env_value = cache
        used, first_task = _inheriting_tasks(ctx, handle)
        if not used:
            continue  # an environment whose tasks never use its cache never fails
        if first_task is None and _used_directly_elsewhere(ctx, handle):
            continue  # the SDK raises where a module that imports it decorates a task: reported there (below)
        where = "clone_with(cache=...)" if env.origin == "clone_with" else "TaskEnvironment(cache=...)"
        for diagnostic in _report(ctx, given_arg, env_value, "env", where, env.span.line):
            if first_task is None:
                yield diagnostic
                continue
            # The SDK raises where the first task using the cache is decorated (flyte >= 2.9) or serialized (older):
            # report there, naming the environment's argument.
            yield ctx.diagnostic(
                CODE, SEVERITY, first_task.span,
                f"{diagnostic.message} (the cache is set at line {given_arg.span.line} and used by this task)",
                noqa_lines=(first_task.statement_line, given_arg.span.line, env.span.line),
                anchor=first_task.span,
            )  # fmt: skip
    yield from _imported_environments(ctx)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("cache")
        value = _checked_value(arg)
        if arg is None or value is None:
            continue  # falsy values keep the task's cache
        yield from _report(
            ctx, arg, value, "override", "override(cache=...)", target.call.span.line,
            invoked=target.call.invoked,
        )  # fmt: skip


def _report(
    ctx: ModuleContext,
    arg: Arg,
    value: object,
    level: str,
    where: str,
    line: int,
    *,
    invoked: bool = True,
    at: Span | None = None,
    note: str = "",
) -> Iterator[Diagnostic]:
    if level == "env":
        message = ctx.target.fails(lambda profile: spec.cache_env_value_error(value, profile))
    else:
        # flyte >= 2.9 checks the string when override() runs; older releases only when the overridden task is
        # serialized, which happens only if it is called.
        message = ctx.target.fails(
            lambda profile: (
                spec.cache_value_error(value, profile)
                if (invoked or level != "override" or spec.since(profile, "cache-checked-at-build"))
                else None
            )
        )
    if message is None:
        return
    phases = [_phase(level, profile) for profile in ctx.target.profiles]
    if len(set(phases)) == 1:
        phase = phases[0]
    else:
        phase = " / ".join(f"{_phase(level, p)} in flyte {p}" for p in ctx.target.profiles)
    text = f"{where}: cache={value!r}{note} fails {phase} with ValueError: {message.rstrip('.')}. {_FIX}"
    yield ctx.diagnostic(CODE, SEVERITY, at or arg.span, text, noqa_lines=(line, arg.span.line))


def _imported_environments(ctx: ModuleContext) -> Iterator[Diagnostic]:
    """An environment of another module (``from envs import env``) whose cache the SDK rejects: it raises where a
    task of this module uses that cache, at the first such task (flyte >= 2.9 when it is decorated, older
    releases when it is deployed), naming where the cache is set."""
    reported: set[tuple[str, int]] = set()
    for task in sorted(ctx.facts.tasks, key=lambda t: t.span.line):
        handle = ctx.project.env(ctx.facts, task.env)
        if handle is None or handle.module.path == ctx.facts.path or handle.key in reported:
            continue
        if handle.env.kind not in TASK_ENV_KINDS or not inherits_env_cache(task):
            continue
        cache = _cache_given(ctx, handle)
        if cache is None:
            continue
        given_arg, value = cache
        reported.add(handle.key)
        where = "clone_with(cache=...)" if handle.env.origin == "clone_with" else "TaskEnvironment(cache=...)"
        origin = handle.module.module_name or os.path.basename(handle.module.path)
        line = task.statement_line or task.span.line
        for diagnostic in _report(ctx, given_arg, value, "env", where, line):
            yield ctx.diagnostic(
                CODE, SEVERITY, task.span,
                f"{diagnostic.message} (the cache is set in {origin} at line {given_arg.span.line} and used by this "
                f"task)",
                noqa_lines=(line,), anchor=task.span,
            )  # fmt: skip


def _checked_value(arg: Arg | None) -> object | None:
    """A task's or an override's cache value that the SDK makes a ``Cache(behavior=value)`` of: a truthy literal
    or a plain Enum's member (never a behavior, whatever its value); None when not given, unknown or falsy."""
    if arg is None:
        return None
    if isinstance(arg.value, Lit):
        return arg.value.value or None
    value = to_python(arg.value)
    return value if isinstance(value, spec.EnumMember) else None


def _cache_given(ctx: ModuleContext, handle: EnvHandle) -> tuple[Arg, object] | None:
    """The environment's own ``cache`` argument and its value, when it is a value the SDK checks as a cache
    string (a str, None or False; None on a clone means "inherit"; other types are FLY005's TypeError)."""
    given = ctx.env_given(handle, "cache")
    if given.arg is None or not isinstance(given.arg.value, Lit):
        return None
    value = given.arg.value.value
    if handle.env.origin == "clone_with" and value is None:
        return None
    if not isinstance(value, str) and value is not None and value is not False:
        return None
    return given.arg, value


def _used_directly_elsewhere(ctx: ModuleContext, handle: EnvHandle) -> bool:
    """A task of another module defined on this environment itself that uses its cache: that module reports."""
    for module in ctx.project.modules.values():
        if module.path == ctx.facts.path:
            continue
        for task in module.tasks:
            env = ctx.project.env(module, task.env)
            if env is not None and env.key == handle.key and inherits_env_cache(task):
                return True
    return False


def _inheriting_tasks(ctx: ModuleContext, handle: EnvHandle) -> tuple[bool, TaskDef | None]:
    """Whether some task uses this environment's cache, and the first such task of this module (by line)."""
    used = _used_by_inheriting_task(ctx, handle)
    first: TaskDef | None = None
    for task in ctx.facts.tasks:
        env = ctx.project.env(ctx.facts, task.env)
        if env is not None and env.key == handle.key and inherits_env_cache(task):
            if first is None or task.span.line < first.span.line:
                first = task
    return used, first


def _used_by_inheriting_task(ctx: ModuleContext, handle: EnvHandle) -> bool:
    """A task known to use this environment's cache: defined on it (or on a clone that inherits the cache)
    without a truthy cache of its own."""
    for module in ctx.project.modules.values():
        for task in module.tasks:
            env = ctx.project.env(module, task.env)
            if env is None or not inherits_env_cache(task):
                continue
            if env.key == handle.key:
                return True
            if env.env.origin == "clone_with" and env.env.clone_of is not None:
                source = ctx.project.env(env.module, env.env.clone_of)
                own = ctx.env_given(env, "cache")
                inherits = own.known and (
                    own.arg is None or (isinstance(own.arg.value, Lit) and own.arg.value.value is None)
                )
                if source is not None and source.key == handle.key and inherits:
                    return True
    return False
