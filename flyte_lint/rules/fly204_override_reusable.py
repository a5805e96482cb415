"""
## What it does
Flags `task.override(resources=...)`, `env_vars=`, `secrets=` (and `service_account=` on 2.12) when the task
is reusable (its environment has a `ReusePolicy`, or this or an earlier override sets one) and the same call
does not say `reusable="off"`.

## Why is this bad?
Reusable tasks run in the environment's long-lived containers, so `override()` raises
`ValueError: Cannot override resources when reusable is set. ... (set reusable='off')` when the call runs,
usually only when the parent task runs on the cluster. `reusable=None` does not lift the restriction; only
`"off"` does.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


@env.task
async def infer(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await infer.override(resources=flyte.Resources(cpu=8))(x=x)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


@env.task
async def infer(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await infer.override(resources=flyte.Resources(cpu=8), reusable="off")(x=x)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Edit, Fix
from ..facts import Span
from ._override import override_targets, reusable_state
from .base import ModuleContext, known_non_none

CODE = "FLY204"
NAME = "override-on-reusable"
SUMMARY = "override() of resources/env_vars/secrets on a reusable task without reusable='off'"
SEVERITY = "error"
FIXABLE = True


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        _, effective = reusable_state(ctx, target)
        if effective is not True:
            continue
        for keyword in spec.override_reusable_restricted(ctx.target.profiles[0]):
            if keyword == "service_account" and not ctx.target.has("service-account"):
                continue
            arg = target.call.args.keyword(keyword)
            if arg is None or not known_non_none(arg.value):
                continue
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"ValueError when override() runs: {spec.override_reusable_message(keyword)}",
                fix=_fix(target.call),
                anchor=target.call.span,
            )  # fmt: skip
            break  # the SDK stops at the first


def _fix(call: object) -> Fix | None:
    from ..facts import OverrideCall

    assert isinstance(call, OverrideCall)
    existing = call.args.keyword("reusable")
    if existing is not None:
        if not existing.in_place:
            return None
        edit = Edit(existing.span, '"off"')
    else:
        args = [*call.args.positional, *call.args.keywords]
        if not args or call.args.star_args or call.args.star_kwargs or not all(a.in_place for a in args):
            return None
        last = max((a.full_span or a.span for a in args), key=lambda s: (s.end_line, s.end_column))
        edit = Edit(Span(last.end_line, last.end_column, last.end_line, last.end_column), ', reusable="off"')
    return Fix('Add reusable="off" to this call (turns reuse off for it)', (edit,), "unsafe")
