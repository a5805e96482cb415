"""
## What it does
Checks `flyte.Cache(...)`: the `behavior` (`"auto"`, `"override"` or `"disable"`; flyte >= 2.12 also
accepts aliases such as `"enabled"` or `"off"`), an empty `policies` list on an enabled cache without a
`version_override`, and, in flyte >= 2.12, `max_age` values that are not int seconds or a `timedelta`, or
are negative.

## Why is this bad?
`Cache.__post_init__` raises when the object is constructed — in every flyte version, unlike cache strings
passed to `cache=` — so a module-level `Cache(...)` makes the module fail to import:
`ValueError: Invalid cache behavior: 'always'. ...`, `ValueError: If version is not defined then at least
one cache policy needs to be set`, `TypeError: max_age must be an int (seconds), timedelta, or None`.

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
from .base import ModuleContext, bound_fields, field_arg

CODE = "FLY056"
NAME = "cache-object"
SUMMARY = "Cache object value the SDK rejects"
SEVERITY: Severity = "error"

_HINTS = {
    "behavior": 'use behavior="auto", "override" or "disable"',
    "policies": "pass at least one cache policy, set version_override=..., or leave policies out for the defaults",
    "max_age": "use int seconds or a datetime.timedelta of zero or more (or None for no limit)",
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        if value_object.obj.callee == "flyte.Cache":
            yield from _check_cache(ctx, value_object.obj)


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
