"""
## What it does
Checks `flyte.Cache(...)`: the `behavior` (`"auto"`, `"override"` or `"disable"`; flyte >= 2.12 also
accepts aliases such as `"enabled"` or `"off"`), an empty `policies` list on an enabled cache without a
`version_override`, and, in flyte >= 2.12, `max_age` values that are not int seconds or a `timedelta`, or
are negative. Also a number given as `version_override` to an enabled cache that a task uses (its own
`cache=`, or its environment's), a `salt` that is not a str when the default policy computes the version, and
a `serialize` that is not a bool (a str such as `"true"`, a float) on any cache a task uses.

## Why is this bad?
`Cache.__post_init__` raises when the object is constructed — in every flyte version, unlike cache strings
passed to `cache=` — so a module-level `Cache(...)` makes the module fail to import:
`ValueError: Invalid cache behavior: 'always'. ...`, `ValueError: If version is not defined then at least
one cache policy needs to be set`, `TypeError: max_age must be an int (seconds), timedelta, or None`.
A `version_override` that is not a str passes the constructor, but the cache version is computed from it
when a task using the cache is serialized: `flyte deploy` fails with
`TypeError: bad argument type for built-in operation`. Without a `version_override`, the default policy
hashes the function's body with the `salt`: one that is not a str fails with
`ValueError: Failed to generate version for cache policy ...`. The task's metadata takes `serialize` as a
bool: `serialize="true"` fails with `TypeError: 'str' object cannot be interpreted as an integer`.

## Example
```python
import flyte

cache = flyte.Cache(behavior="always")
```

## Use instead
```python
import flyte

cache = flyte.Cache(behavior="auto")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Obj
from .base import TASK_ENV_KINDS, ModuleContext, bound_fields, field_arg, inherits_env_cache

CODE = "FLY056"
NAME = "cache-object"
SUMMARY = "Cache object value the SDK rejects"
SEVERITY: Severity = "error"

_HINTS = {
    "behavior": 'use behavior="auto", "override" or "disable"',
    "policies": "pass at least one cache policy, set version_override=..., or leave policies out for the defaults",
    "max_age": "use int seconds or a datetime.timedelta of zero or more (or None for no limit)",
    "version_override": 'give the version as a str, e.g. version_override="2"',
    "salt": 'give the salt as a str, e.g. salt="v2"',
    "serialize": "give serialize as a bool, e.g. serialize=True",
}
# What the field of a constructed cache must be for a task using it to serialize.
_DEPLOYED_TYPES = {"version_override": "a str", "salt": "a str", "serialize": "a bool"}
_CALLEE = "flyte.Cache"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        if value_object.obj.callee == "flyte.Cache":
            yield from _check_cache(ctx, value_object.obj)
    yield from _check_deployed_caches(ctx)


def _check_deployed_caches(ctx: ModuleContext) -> Iterator[Diagnostic]:
    """A cache the constructor accepts but a task using it cannot be serialized with (a number as
    ``version_override``, a str as ``serialize``...): reported at the task's own ``cache=``, or once per
    environment whose cache its tasks inherit (where its ``cache=`` is written, or at the task)."""
    reported: set[object] = set()
    for task in ctx.facts.tasks:
        handle = ctx.task_env(task)
        if handle is None or handle.env.kind not in TASK_ENV_KINDS:
            continue
        own = task.args.keyword("cache")
        if own is not None and isinstance(own.value, Obj) and own.value.callee == _CALLEE:
            cache, span = own.value, own.span
            noqa_lines: tuple[int, ...] = (task.statement_line or task.span.line, own.span.line)
        elif inherits_env_cache(task) and handle.key not in reported:
            inherited = ctx.env_value(handle, "cache")
            if not isinstance(inherited, Obj) or inherited.callee != _CALLEE:
                continue
            cache = inherited
            span, noqa_lines = ctx.env_setting_site(handle, "cache", task)
            reported.add(handle.key)
        else:
            continue

        failing: dict[spec.Profile, str] = {}

        def deploy_error(profile: spec.Profile, cache: Obj = cache) -> str | None:
            fields = bound_fields(cache, profile)
            found = None if fields is None else spec.cache_object_deploy_error(fields, profile)
            if found is None:
                return None
            failing[profile] = found[0]
            return found[1]

        message = ctx.target.fails(deploy_error)
        if message is None:
            continue
        field = failing[ctx.target.profiles[-1]]
        text = (
            f"this flyte.Cache(...) is accepted when constructed, but deploying a task that uses it fails when the "
            f"task is serialized: {message} ({field} must be {_DEPLOYED_TYPES[field]}). Fix: {_HINTS[field]}."
        )
        yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=noqa_lines)


def _check_cache(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = bound_fields(obj, profile)
        if fields is None:
            return None
        result = spec.cache_object_error(fields, profile)
        if result is None:
            return None
        results[profile] = result
        return result[2]

    message = ctx.target.fails(error)
    if message is None:
        return
    field, exception, _ = results[ctx.target.profiles[-1]]
    arg = field_arg(obj, ctx.target.profiles[-1], field)
    text = f"flyte.Cache(...) raises {exception} when constructed (at import): {message.rstrip('.')}."
    text += f" Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))
