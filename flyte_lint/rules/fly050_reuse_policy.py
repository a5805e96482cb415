"""
## What it does
Checks the values given to `flyte.ReusePolicy(...)`: `replicas` (an int or a `(min, max)` pair of ints),
`idle_ttl` / `scaledown_ttl` (int seconds or `timedelta`, at least 30 seconds), `concurrency` (an int of
at least 1, flyte >= 2.12) and `scope` (`"global"` or `"run"`, flyte >= 2.12).

It also notes (severity info) when the policy allows at most one replica with a concurrency of 1: the SDK accepts it but
logs a starvation warning.

## Why is this bad?
`ReusePolicy.__post_init__` validates these values when the policy is constructed and raises `ValueError`
(for example `idle_ttl must be at least 30 seconds`), so a module-level policy makes the module fail to
import. Some values pass the constructor and fail only when a task of the environment is deployed: a bool as
`replicas` (or in its pair) or as `concurrency` (flyte >= 2.5.20, which sends them as integer proto fields:
`TypeError: ... Expected an int, got a boolean`), and a float `concurrency` (flyte 2.5 to 2.8). A single
replica with concurrency 1 cannot run a child task while its parent holds the only slot,
so runs can hang (the SDK only logs a warning about it).

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="fast", reusable=flyte.ReusePolicy(replicas=2, idle_ttl=10))
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="fast", reusable=flyte.ReusePolicy(replicas=2, idle_ttl=60))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Obj
from .base import ModuleContext, object_fields, task_environment

CODE = "FLY050"
NAME = "reuse-policy-value"
SUMMARY = "ReusePolicy value the SDK rejects (or a policy that can starve)"
SEVERITY: Severity = "error"

_CALLEE = "flyte.ReusePolicy"

_HINTS = {
    "replicas": "use an int or a (min, max) tuple of ints with 0 <= min <= max, e.g. replicas=2 or replicas=(1, 4)",
    "idle_ttl": "use at least 30 seconds, as int seconds or a timedelta, e.g. idle_ttl=60",
    "scaledown_ttl": "use at least 30 seconds, as int seconds or a timedelta, e.g. scaledown_ttl=60",
    "concurrency": "use an int of at least 1",
    "scope": 'use scope="global" or scope="run"',
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee != _CALLEE:
            continue
        yield from _check_policy(ctx, obj)
    yield from _check_deployed_policies(ctx)


def _check_deployed_policies(ctx: ModuleContext) -> Iterator[Diagnostic]:
    """A policy the constructor accepts but deploy cannot serialize (a float concurrency, flyte 2.5 to 2.8; a bool
    replicas or concurrency, flyte >= 2.5), reported once per environment with tasks in this module: where its
    ``reusable=`` is written, or at the task."""
    reported: set[object] = set()
    for task in ctx.facts.tasks:
        handle = task_environment(ctx, task)
        if handle is None or handle.env.kind != "TaskEnvironment" or handle.key in reported:
            continue
        policy = ctx.env_reusable(handle)
        if not isinstance(policy, Obj) or policy.callee != _CALLEE:
            continue

        errors: dict[spec.Profile, tuple[str, str]] = {}

        def deploy_error(profile: spec.Profile, policy: Obj = policy) -> str | None:
            fields = construct_fields(policy, profile)
            if fields is None or spec.reuse_policy_error(fields, profile) is not None:
                return None  # unknown, or refused when constructed (reported above)
            result = spec.reuse_policy_deploy_error(fields, profile)
            if result is None:
                return None
            errors[profile] = result
            return result[1]

        message = ctx.target.fails(deploy_error)
        if message is None:
            continue
        reported.add(handle.key)
        field = errors[ctx.target.profiles[-1]][0]
        text = (
            f"this environment's flyte.ReusePolicy(...) is accepted when constructed, but deploying its tasks fails "
            f"when they are serialized: {message.rstrip('.')}. Fix: {_HINTS[field]}."
        )
        span, noqa_lines = ctx.env_setting_site(handle, "reusable", task)
        yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=noqa_lines)


def _check_policy(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    errors: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = construct_fields(obj, profile)
        if fields is None:
            return None
        result = spec.reuse_policy_error(fields, profile)
        if result is None:
            return None
        errors[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is not None:
        field = errors[ctx.target.profiles[-1]][0]
        arg = field_arg(obj, ctx.target.profiles[-1], field)
        span = arg.span if arg is not None else obj.span
        text = f"flyte.ReusePolicy(...) raises ValueError when constructed (at import): {message}."
        hint = _HINTS.get(field)
        if hint:
            text += f" Fix: {hint}."
        yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=(obj.span.line,))
        return

    def starves(profile: spec.Profile) -> bool:
        fields = construct_fields(obj, profile)
        if fields is None or spec.reuse_policy_error(fields, profile) is not None:
            return False
        return spec.reuse_policy_starves(fields)

    if ctx.target.accepts(starves):
        arg = field_arg(obj, ctx.target.profiles[-1], "replicas")
        span = arg.span if arg is not None else obj.span
        yield ctx.diagnostic(
            CODE,
            "info",  # the SDK only recommends; a single replica is a legitimate choice for leaf tasks
            span,
            "flyte.ReusePolicy(...) with at most 1 replica and concurrency 1 can starve: a parent task holding the "
            "only replica cannot get its child tasks run. The SDK accepts it and only logs a warning at import "
            "('It is recommended to use a minimum of 2 replicas, to avoid starvation'). "
            "Use replicas=2 or more, or a concurrency above 1 (async tasks).",
            noqa_lines=(obj.span.line,),
        )


def construct_fields(obj: Obj, profile: spec.Profile) -> dict[str, object] | None:
    """The fields of a value-object call that binds cleanly under ``profile`` (no TypeError first), else None."""
    names = spec.value_object_fields(obj.callee, profile)
    fields = object_fields(obj, profile)
    if names is None or fields is None:
        return None
    bound = names[: len(obj.args.positional)]
    for arg in obj.args.keywords:
        if arg.keyword not in names or arg.keyword in bound:
            return None  # unexpected keyword / multiple values: a TypeError (FLY053) comes first
    required = spec.value_object_required(obj.callee, profile)
    if any(name not in fields for name in required):
        return None
    return fields


def field_arg(obj: Obj, profile: spec.Profile, field: str) -> Arg | None:
    """The argument that passes ``field`` (by keyword or by position), if written."""
    keyword = obj.args.keyword(field)
    if keyword is not None:
        return keyword
    names = spec.value_object_fields(obj.callee, profile) or ()
    if field in names:
        index = names.index(field)
        if index < len(obj.args.positional):
            return obj.args.positional[index]
    return None
