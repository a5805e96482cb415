"""
## What it does
Checks `flyte.Secret(...)`: the `mount` path (only `/etc/flyte/secrets` is supported) and the name of the
environment variable the secret is exposed as (`as_env_var`, or the one derived from `group` and `key`),
which must match `^[A-Z_][A-Z0-9_]*$`.

It also checks plain string secrets (`secrets="openai.key"`, `secrets=["db-pass"]`) given to
`TaskEnvironment(...)`, `clone_with(...)` or `task.override(...)`: each string becomes
`flyte.Secret(key=<string>)`, exposed as the upper-cased key with `-` replaced by `_`. An environment's
strings are reported at the environment when a task of its own module uses it, else at the first task of each
module that does (where the deploy fails, and what the mypy plugin sees of that module).

## Why is this bad?
`Secret.__post_init__` raises `ValueError: Invalid environment variable name: OPENAI.KEY, must match
^[A-Z_][A-Z0-9_]*$` (or the mount-path error), so a module-level `Secret(...)` makes the module fail to
import. A plain string is only turned into a `Secret` when a task is serialized, so the same error fails
`flyte deploy` (and the remote submission of an overridden task) while local runs never show it.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="llm", secrets="openai.key")


@env.task
async def ask(q: str) -> str:
    return q
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="llm", secrets=flyte.Secret(key="openai.key", as_env_var="OPENAI_KEY"))


@env.task
async def ask(q: str) -> str:
    return q
```
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Lit, ModuleFacts, Obj, Seq, Value
from ..link import EnvHandle
from ._override import override_targets, reusable_state
from .base import TASK_ENV_KINDS, ModuleContext, bound_fields, field_arg

CODE = "FLY052"
NAME = "secret-value"
SUMMARY = "Secret mount path or environment-variable name the SDK rejects"
SEVERITY: Severity = "error"

_DEPLOY_PHASE = "fails at deploy (when `flyte deploy` serializes the environment's tasks; local runs never check it)"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        if value_object.obj.callee == "flyte.Secret":
            yield from _check_secret_object(ctx, value_object.obj)
    for env in ctx.facts.envs:
        if env.kind not in TASK_ENV_KINDS:
            continue
        handle = EnvHandle(ctx.facts, env)
        given = ctx.env_given(handle, "secrets")
        if given.known and given.arg is None and _used_by_tasks(ctx, handle, handle.module):
            yield from _inherited_from_another_module(ctx, handle)
        if given.arg is None or not _used_by_tasks(ctx, handle, handle.module):
            # An environment without tasks never serializes its secrets; one whose tasks are all in other modules
            # is reported there, at a task (what a module that imports it sees, as the mypy plugin does).
            continue
        where = "clone_with(secrets=...)" if env.origin == "clone_with" else "TaskEnvironment(secrets=...)"
        yield from _check_plain_strings(ctx, given.arg, where, _DEPLOY_PHASE, env.span.line)
    reported: set[tuple[str, int]] = set()
    for task in sorted(ctx.facts.tasks, key=lambda t: t.span.line):
        foreign = ctx.project.env(ctx.facts, task.env)
        if foreign is None or foreign.module is ctx.facts or foreign.key in reported:
            continue
        if foreign.env.kind not in TASK_ENV_KINDS or _used_by_tasks(ctx, foreign, foreign.module):
            continue  # reported at the environment, in its own module
        given = ctx.env_given(foreign, "secrets")
        if given.arg is None:
            continue
        reported.add(foreign.key)
        name = foreign.env.binding or "the environment"
        made_at = f"{Path(foreign.module.path).name}:{foreign.env.span.line}"
        where = f"secrets=... of {name} ({made_at}), which this task uses"
        placed = Arg(given.arg.keyword, given.arg.value, task.span)
        yield from _check_plain_strings(ctx, placed, where, _DEPLOY_PHASE, task.statement_line)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("secrets")
        if arg is None or not target.call.invoked:
            continue  # an override that is never called is never serialized
        if isinstance(arg.value, Lit) and not arg.value.value:
            continue  # a falsy value keeps the task's own secrets (``secrets or self.secrets``)
        _, effective = reusable_state(ctx, target)
        if effective is not False:
            continue  # on a reusable task the override itself raises first (FLY204), or it is unknown
        yield from _check_plain_strings(
            ctx,
            arg,
            "override(secrets=...)",
            "fails at deploy / remote submission (when the overridden task is serialized for a cluster run; local "
            "runs never check it)",
            target.call.span.line,
        )


def _inherited_from_another_module(ctx: ModuleContext, clone: EnvHandle) -> Iterator[Diagnostic]:
    """A clone made here of another module's environment, keeping its secrets, whose tasks are here: reported
    at the clone (the source's module sees no task of it)."""
    source = ctx.project.env(clone.module, clone.env.clone_of) if clone.env.clone_of is not None else None
    if clone.env.origin != "clone_with" or source is None or source.module is clone.module:
        return
    given = ctx.env_given(source, "secrets")
    if given.arg is None:
        return
    name = source.env.binding or "the environment"
    where = (
        f"clone_with(...) keeping the secrets=... of {name} ({Path(source.module.path).name}:{source.env.span.line})"
    )
    placed = Arg(given.arg.keyword, given.arg.value, clone.env.span)
    yield from _check_plain_strings(ctx, placed, where, _DEPLOY_PHASE, clone.env.span.line)


def _check_secret_object(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = bound_fields(obj, profile)
        if fields is None:
            return None
        result = spec.secret_error(fields)
        if result is None:
            return None
        results[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is None:
        return
    field = results[ctx.target.profiles[-1]][0]
    arg = field_arg(obj, ctx.target.profiles[-1], field)
    if field == "mount":
        hint = 'drop mount= (secrets are mounted under /etc/flyte/secrets) or use mount="/etc/flyte/secrets"'
    elif field == "as_env_var":
        hint = 'use an upper-case name of letters, digits and underscores, e.g. as_env_var="OPENAI_KEY"'
    else:
        hint = 'pass as_env_var= with a valid name (upper-case letters, digits, underscores), e.g. as_env_var="MY_KEY"'
    text = f"flyte.Secret(...) raises ValueError when constructed (at import): {message.rstrip('.')}. Fix: {hint}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))


def _check_plain_strings(ctx: ModuleContext, arg: Arg, where: str, phase: str, line: int) -> Iterator[Diagnostic]:
    for key in _plain_keys(arg.value):
        env_name = spec.secret_env_var_name(key)
        message = spec.secret_env_name_error(env_name)
        if message is None:
            continue
        text = (
            f"{where}: the string secret {key!r} is exposed as the environment variable {env_name!r}, which "
            f'{phase} with ValueError: {message}. Fix: use flyte.Secret(key={key!r}, as_env_var="<NAME>") with '
            "an upper-case name of letters, digits and underscores."
        )
        yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, noqa_lines=(line, arg.span.line))
        return  # the first bad string fails the task


def _plain_keys(value: Value) -> list[str]:
    """The plain string secrets of a ``secrets=`` value (a str, or str items of a list)."""
    if isinstance(value, Lit) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, Seq) and value.kind == "list":
        return [item.value for item in value.items if isinstance(item, Lit) and isinstance(item.value, str)]
    return []


def _used_by_tasks(ctx: ModuleContext, handle: EnvHandle, module: ModuleFacts) -> bool:
    """True when a task of ``module`` is known to be defined on this environment, or on a clone of it that
    inherits secrets."""
    for task in module.tasks:
        env = ctx.project.env(module, task.env)
        if env is None:
            continue
        if env.key == handle.key:
            return True
        if env.env.origin == "clone_with" and env.module is handle.module and env.env.clone_of is not None:
            source = ctx.project.env(env.module, env.env.clone_of)
            inherits = ctx.env_given(env, "secrets")
            if source is not None and source.key == handle.key and inherits.known and inherits.arg is None:
                return True
    return False
