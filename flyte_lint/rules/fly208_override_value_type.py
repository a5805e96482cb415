"""
## What it does
Flags `task.override(...)` given `resources` that is not a `flyte.Resources`, `env_vars` that is not a dict of
strings, `secrets` that is a number (or a list holding one), `interruptible`, `entrypoint` or `report` given
as a string, or a `short_name` that is not a string, on a task that is then called. A plain `Enum`'s member
(not its `.value`) is wrong for each of them.

## Why is this bad?
`override()` stores these values unchecked. The task still runs locally, but when a parent task calls the
overridden task on the cluster, submitting it fails (`AttributeError: 'str' object has no attribute
'get_device'`, `TypeError: 'list' object is not a mapping`), long after deploy went through. A falsy value
(`None`, `{}`, `""`) of resources, env_vars or secrets keeps the task's own setting and is not reported;
`interruptible` keeps any value but None, and a string (even `""`) fails.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main() -> int:
    return await step.override(resources="big", env_vars=["MODE=fast"])(x=1)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main() -> int:
    return await step.override(resources=flyte.Resources(cpu=4), env_vars={"MODE": "fast"})(x=1)
```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Arg, Dict, Lit, Seq
from ._override import override_targets, reusable_state
from .base import ModuleContext, to_python

CODE = "FLY208"
NAME = "override-value-type"
SUMMARY = "override() value of a wrong type for resources, env_vars, secrets, flags or short_name (fails on submission)"
SEVERITY = "error"

_KEYWORDS = ("resources", "env_vars", "secrets", "interruptible", "short_name", "entrypoint", "report")
_REFUSED_WHEN_REUSABLE = frozenset({"resources", "env_vars", "secrets"})


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        if not target.call.invoked or not target.plain_template(ctx):
            continue  # stored unchecked: an overridden task that is never called is never serialized
        # On a reusable task (or one that may be) override() itself may refuse some of these (FLY204).
        reusable = reusable_state(ctx, target)[1] is not False
        for keyword in _KEYWORDS:
            arg = target.call.args.keyword(keyword)
            if arg is None or (reusable and keyword in _REFUSED_WHEN_REUSABLE):
                continue
            message = ctx.target.fails(_check(keyword, arg))
            if message is None:
                continue
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"{keyword}= is stored unchecked by override() and fails when the call is submitted (on the "
                f"cluster): {message}. {_HINTS[keyword]}",
                anchor=target.call.span,
            )  # fmt: skip


_HINTS = {
    "resources": "Use flyte.Resources(...)",
    "env_vars": 'Use a dict of strings, e.g. {"MODE": "fast"}',
    "secrets": "Use a secret key, a flyte.Secret(...) or a list of them",
    "interruptible": "Use True or False",
    "entrypoint": "Use True or False",
    "report": "Use True or False",
    "short_name": "Use a string",
}


def _check(keyword: str, arg: Arg) -> Callable[[spec.Profile], str | None]:
    return lambda profile: _error(profile, keyword, arg)


def _error(profile: spec.Profile, keyword: str, arg: Arg) -> str | None:
    value = arg.value
    if keyword not in spec.override_keywords(profile) and keyword not in spec.template_fields(profile):
        return None  # not a parameter of this release's override(): FLY202 says so
    member = to_python(value)
    if isinstance(member, spec.EnumMember):
        # A plain Enum's member is truthy, so it is kept, and it is none of the types serialization takes.
        return spec.override_stored_value_error(profile, keyword, type(member).__name__, enum_member=True)
    if keyword in ("interruptible", "entrypoint"):
        # Kept unless None (even ""), and sent as a bool: a string fails.
        if isinstance(value, Lit) and isinstance(value.value, str):
            return spec.override_stored_value_error(profile, keyword, "str")
        return None
    if keyword in ("short_name", "report"):
        # short_name: a falsy value keeps the task's own; report: stored as given. Neither is checked.
        if isinstance(value, Lit) and value.value and not isinstance(value.value, bool if keyword == "report" else str):
            return spec.override_stored_value_error(profile, keyword, type(value.value).__name__)
        return None
    if isinstance(value, Lit):
        if not value.value:
            return None  # falsy: the task keeps its own value
        return spec.override_stored_value_error(profile, keyword, type(value.value).__name__)
    if isinstance(value, Seq) and value.items:
        if keyword == "secrets" and value.kind == "list":
            for item in value.items:
                odd = to_python(item)
                if isinstance(odd, spec.EnumMember) or (
                    isinstance(item, Lit) and item.value is not None and not isinstance(item.value, str)
                ):
                    return spec.override_stored_value_error(profile, keyword, f"list of {type(odd).__name__}")
        return spec.override_stored_value_error(profile, keyword, value.kind)
    if isinstance(value, Dict) and value.items:
        values = [item[1] for item in value.items]
        non_str = any(isinstance(v, Lit) and isinstance(v.value, (int, float)) for v in values) or any(
            isinstance(to_python(part), spec.EnumMember) for pair in value.items for part in pair
        )
        return spec.override_stored_value_error(profile, keyword, "dict", non_str_value=non_str)
    return None  # a flyte.Resources(...), a name flyte-lint cannot follow: nothing to say
