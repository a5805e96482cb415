"""
## What it does
Checks the triggers given to `@env.task(triggers=...)` the way a real `flyte deploy` converts them: every key
of a `flyte.Trigger(inputs={...})` must be a parameter of the task (a default value, or the name that
`flyte.TriggerTime` is bound to), `triggers=` must not be a string, and, in flyte 2.1, must not be a list
(a tuple or a single trigger is what 2.1 takes). Triggers built by calls the linter cannot follow
(`flyte.Trigger.hourly()`, a function's result) and tasks whose parameters are not known are not judged.

## Why is this bad?
`flyte deploy` fails for the task (not in `--dry-run`, which skips triggers), with
`DeploymentError: ... Error: Trigger default input 'rows' must be an input to the task, but not found in task
reports.build. Available inputs: ['limit']`, `For a scheduled trigger, the TriggerTime input 'when' must be an
input to the task, ...`, or, for a list in 2.1, `'list' object has no attribute 'env_vars'`.

## Example
```python
import flyte

nightly = flyte.Trigger(name="nightly", automation=flyte.Cron("0 2 * * *"), inputs={"rows": 10})
env = flyte.TaskEnvironment(name="reports")


@env.task(triggers=nightly)
async def build(limit: int = 5) -> int:
    return limit
```

## Use instead
```python
import flyte

nightly = flyte.Trigger(name="nightly", automation=flyte.Cron("0 2 * * *"), inputs={"limit": 10})
env = flyte.TaskEnvironment(name="reports")


@env.task(triggers=nightly)
async def build(limit: int = 5) -> int:
    return limit
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Dict, Lit, Obj, Seq, TaskDef, Unknown, Value
from .base import ModuleContext, bound_fields, field_arg, fqn_label, task_environment

CODE = "FLY118"
NAME = "trigger-deploy"
SUMMARY = "Trigger that fails when its task is deployed"
SEVERITY: Severity = "error"

_PHASE = "`flyte deploy` fails for this task (a real deploy; --dry-run skips triggers) with"
_VARIADIC = ("var_positional", "var_keyword")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        arg = task.args.keyword("triggers")
        if arg is None or task_environment(ctx, task) is None:
            continue
        value = arg.value
        form = _form(value)
        if form is not None:
            message = ctx.target.fails(lambda profile: spec.triggers_form_error(form, profile))
            if message is not None:
                fix = "pass one trigger or a tuple: triggers=(nightly,)"
                text = f"triggers given as a {form}: {_PHASE} AttributeError: {message}. Fix: {fix}"
                yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, anchor=task.span)
                continue
            if form == "str":
                continue
        items = value.items if isinstance(value, Seq) else (value,)
        for item in items:
            if isinstance(item, Obj) and item.callee == "flyte.Trigger":
                yield from _check_inputs(ctx, task, arg, item)


def _form(value: Value) -> str | None:
    if isinstance(value, Lit) and isinstance(value.value, str):
        return "str"
    if isinstance(value, Seq) and value.kind == "list":
        return "list"
    return None


def _check_inputs(ctx: ModuleContext, task: TaskDef, arg: Arg, trigger: Obj) -> Iterator[Diagnostic]:
    function = task.function
    if function is None or function.kind != "def" or task.inner_decorators:
        return
    if any(param.kind in _VARIADIC for param in function.params):
        return  # the decorator rejects the function first (FLY106)
    params = [param.name for param in function.params]
    env = task_environment(ctx, task)
    if env is None:
        return
    label = fqn_label(ctx, env)
    if not label.startswith("'"):
        return  # the task's name is not known
    fqn = f"{label[1:-1]}.{function.name}"

    def error(profile: spec.Profile) -> str | None:
        if bound_fields(trigger, profile) is None:
            return None  # FLY053: the Trigger call itself fails
        given = field_arg(trigger, profile, "inputs")
        if given is None or not isinstance(given.value, Dict) or not given.value.complete:
            return None
        keys: list[tuple[str, bool]] = []
        for key, item in given.value.items:
            if not isinstance(key, Lit) or not isinstance(key.value, str):
                return None
            keys.append((key.value, _is_trigger_time(item)))
        # The SDK checks the TriggerTime key first, then the default inputs in order.
        for name, is_time in sorted(keys, key=lambda k: not k[1]):
            if name not in params:
                return spec.trigger_input_error(name, is_time, fqn, params)
        return None

    message = ctx.target.fails(error)
    if message is None:
        return
    text = f"{_PHASE} ValueError: {message}. Fix: name a parameter of {function.name!r} in the trigger's inputs"
    yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, anchor=task.span, noqa_lines=(trigger.span.line,))


def _is_trigger_time(value: Value) -> bool:
    # The extractor keeps `flyte.TriggerTime` as an unknown value whose reason names it.
    return isinstance(value, Unknown) and value.reason.endswith("flyte.TriggerTime")
