"""
## What it does
Checks the values given to `flyte.Trigger(...)`: an empty `name`, `automation=None` (flyte 2.1, where an
automation is required) and, in flyte >= 2.12, a `max_action_concurrency` of 1 or a negative number.

## Why is this bad?
`Trigger.__post_init__` raises `ValueError` when the trigger is constructed (for example
`Trigger name cannot be empty`, or `max_action_concurrency must be 0 (platform default) or at least 2,
got 1. ...` because one slot would deadlock a run whose parent waits for its children), so a module-level
trigger makes the module fail to import.

## Example
```python
import flyte

nightly = flyte.Trigger(name="", automation=flyte.Cron("0 2 * * *"))
```

## Use instead
```python
import flyte

nightly = flyte.Trigger(name="nightly", automation=flyte.Cron("0 2 * * *"))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Obj
from .base import ModuleContext, object_fields

CODE = "FLY055"
NAME = "trigger-value"
SUMMARY = "Trigger value the SDK rejects"
SEVERITY: Severity = "error"

_HINTS = {
    "name": 'give the trigger a non-empty name, e.g. name="nightly"',
    "automation": 'pass an automation such as flyte.Cron("0 2 * * *") or flyte.FixedRate(60)',
    "max_action_concurrency": "use 0 (the platform default) or 2 or more",
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        if value_object.obj.callee == "flyte.Trigger":
            yield from _check_trigger(ctx, value_object.obj)


def _check_trigger(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = _construct_fields(obj, profile)
        if fields is None:
            return None
        result = spec.trigger_error(fields, profile)
        if result is None:
            return None
        results[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is None:
        return
    field = results[ctx.target.profiles[-1]][0]
    arg = _field_arg(obj, ctx.target.profiles[-1], field)
    text = f"flyte.Trigger(...) raises ValueError when constructed (at import): {message.rstrip('.')}."
    text += f" Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))


def _construct_fields(obj: Obj, profile: spec.Profile) -> dict[str, object] | None:
    """The fields of a call that binds cleanly under ``profile`` (no TypeError first), else None."""
    names = spec.value_object_fields(obj.callee, profile)
    fields = object_fields(obj, profile)
    if names is None or fields is None:
        return None
    bound = names[: len(obj.args.positional)]
    for arg in obj.args.keywords:
        if arg.keyword not in names or arg.keyword in bound:
            return None  # a TypeError (FLY053) comes first
    required = spec.VALUE_OBJECT_REQUIRED.get(obj.callee, {}).get(profile, ())
    if any(name not in fields for name in required):
        return None
    return fields


def _field_arg(obj: Obj, profile: spec.Profile, field: str) -> Arg | None:
    keyword = obj.args.keyword(field)
    if keyword is not None:
        return keyword
    names = spec.value_object_fields(obj.callee, profile) or ()
    if field in names and names.index(field) < len(obj.args.positional):
        return obj.args.positional[names.index(field)]
    return None
