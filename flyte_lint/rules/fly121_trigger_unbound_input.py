"""
## What it does
Reports a task parameter without a default that a `flyte.Trigger(...)` given to `@env.task(triggers=...)` does
not bind: it is neither a key of the trigger's `inputs` nor the name `flyte.TriggerTime` is bound to.

## Why is this bad?
The SDK does not check it: `flyte deploy` converts and registers the trigger as it is. What the platform does
when the trigger fires without a value for a required input was not established (the run most likely cannot
start), so this is information, not an error.

## Example
```python
from datetime import datetime

import flyte

hourly = flyte.Trigger(name="hourly", automation=flyte.Cron("0 * * * *"), inputs={"when": flyte.TriggerTime})
env = flyte.TaskEnvironment(name="sync")


@env.task(triggers=hourly)
async def pull(when: datetime, source: str) -> str:
    return f"{source}@{when.isoformat()}"
```

## Use instead
```python
from datetime import datetime

import flyte

hourly = flyte.Trigger(
    name="hourly", automation=flyte.Cron("0 * * * *"), inputs={"when": flyte.TriggerTime, "source": "s3"}
)
env = flyte.TaskEnvironment(name="sync")


@env.task(triggers=hourly)
async def pull(when: datetime, source: str) -> str:
    return f"{source}@{when.isoformat()}"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Dict, Lit, Obj, Seq, TaskDef
from .base import ModuleContext, bound_fields, field_arg, task_environment

CODE = "FLY121"
NAME = "trigger-unbound-input"
SUMMARY = "a trigger leaves a required task input without a value"
SEVERITY: Severity = "info"

_VARIADIC = ("var_positional", "var_keyword")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        arg = task.args.keyword("triggers")
        if arg is None or task_environment(ctx, task) is None:
            continue
        value = arg.value
        if isinstance(value, Seq) and value.kind == "tuple":
            items = value.items
        elif isinstance(value, Obj):
            items = (value,)
        else:
            continue  # lists fail on 2.1 (FLY118); anything else is not known
        for item in items:
            if isinstance(item, Obj) and item.callee == "flyte.Trigger":
                yield from _check(ctx, task, arg, item)


def _check(ctx: ModuleContext, task: TaskDef, arg: Arg, trigger: Obj) -> Iterator[Diagnostic]:
    function = task.function
    if function is None or function.kind != "def" or task.inner_decorators:
        return
    if any(param.kind in _VARIADIC for param in function.params):
        return
    required = [p.name for p in function.params if not p.has_default and p.kind != "positional_only"]

    def unbound(profile: spec.Profile) -> str | None:
        if bound_fields(trigger, profile) is None:
            return None
        given = field_arg(trigger, profile, "inputs")
        keys: set[str] = set()
        if given is not None:
            value = given.value
            if isinstance(value, Lit) and value.value is None:
                pass
            elif not isinstance(value, Dict) or not value.complete:
                return None
            else:
                for key, _ in value.items:
                    if not isinstance(key, Lit) or not isinstance(key.value, str):
                        return None
                    keys.add(key.value)
                if any(key not in (p.name for p in function.params) for key in keys):
                    return None  # FLY118: the deploy fails on that key first
        missing = [name for name in required if name not in keys]
        return ", ".join(repr(name) for name in missing) if missing else None

    names = ctx.target.fails(unbound)
    if names is None:
        return
    name = field_arg(trigger, ctx.target.profiles[-1], "name")
    label = repr(name.value.value) if name is not None and isinstance(name.value, Lit) else "the trigger"
    text = (
        f"trigger {label} gives no value for the required input(s) {names} of {function.name!r}: the SDK deploys it "
        "unchecked; what a run started by the trigger does without them is not established. Fix: bind them in "
        "the trigger's inputs={...} or give the parameters defaults"
    )
    yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, anchor=task.span, noqa_lines=(trigger.span.line,))
