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
from ..facts import Obj
from .base import ModuleContext, bound_fields, field_arg

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
        fields = bound_fields(obj, profile)
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
    arg = field_arg(obj, ctx.target.profiles[-1], field)
    text = f"flyte.Trigger(...) raises ValueError when constructed (at import): {message.rstrip('.')}."
    text += f" Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))
