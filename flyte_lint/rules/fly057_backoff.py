"""
## What it does
Checks `flyte.Backoff(base=..., factor=..., cap=...)` (flyte >= 2.3): `base` must be a `datetime.timedelta`
of zero or more, `factor` a finite number of at least 1.0, `cap` (when given) a `timedelta` of zero or more,
and a `factor` above 1.0 needs a `cap`.

## Why is this bad?
The module fails at import with the SDK's `ValueError: Backoff.factor must be >= 1.0, got 0.5`,
`Backoff.base must be >= 0, got -1 day, 23:59:59`, `Backoff.cap is required when factor > 1.0 to prevent
unbounded growth`, or, for a `base` given as int seconds, `TypeError: '<' not supported between instances of
'int' and 'datetime.timedelta'`. `flyte.Backoff` does not exist before flyte 2.3: `AttributeError: module 'flyte'
has no attribute 'Backoff'`.

## Example
```python
from datetime import timedelta

import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(retries=flyte.RetryStrategy(count=3, backoff=flyte.Backoff(base=timedelta(seconds=5), factor=2.0)))
async def load(n: int) -> int:
    return n
```

## Use instead
```python
from datetime import timedelta

import flyte

env = flyte.TaskEnvironment(name="etl")
backoff = flyte.Backoff(base=timedelta(seconds=5), factor=2.0, cap=timedelta(minutes=5))


@env.task(retries=flyte.RetryStrategy(count=3, backoff=backoff))
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Obj
from .base import ModuleContext, _field_value, value_objects_of

CODE = "FLY057"
NAME = "backoff"
SUMMARY = "Backoff value the SDK rejects at import"
SEVERITY: Severity = "error"

_HINTS = {
    "base": "give base as a datetime.timedelta of zero or more (timedelta(seconds=5))",
    "factor": "use a factor of 1.0 or more, and give a cap when it is above 1.0 (cap=timedelta(minutes=5))",
    "cap": "give cap as a datetime.timedelta of zero or more",
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for obj in value_objects_of(ctx, "flyte.Backoff"):
        if ctx.target.fails(lambda p: None if spec.backoff_fields(p) is not None else "missing") is not None:
            first = ".".join(spec.CHANGES["backoff"].split(".")[:2])
            text = (
                f"flyte.Backoff is new in flyte {first}: before it, this fails when it runs (at import at module "
                f"level) with {spec.BACKOFF_MISSING}. Fix: drop the backoff, or target flyte >= {first}."
            )
            yield ctx.diagnostic(CODE, SEVERITY, obj.span, text, noqa_lines=(obj.span.line,))
            continue
        yield from _check(ctx, obj)


def _fields(obj: Obj, profile: spec.Profile) -> tuple[dict[str, object], dict[str, Arg]] | None:
    """The call's fields when it binds cleanly (else a TypeError comes first), with the argument of each."""
    names = spec.backoff_fields(profile)
    if names is None or obj.args.star_args or obj.args.star_kwargs or len(obj.args.positional) > len(names):
        return None
    args = {names[i]: arg for i, arg in enumerate(obj.args.positional)}
    for arg in obj.args.keywords:
        if arg.keyword not in names or arg.keyword in args:
            return None
        args[arg.keyword] = arg
    if "base" not in args:
        return None
    return {name: _field_value(arg.value) for name, arg in args.items()}, args


def _check(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str, str, Arg | None]] = {}

    def error(profile: spec.Profile) -> str | None:
        bound = _fields(obj, profile)
        if bound is None:
            return None
        result = spec.backoff_error(bound[0], profile)
        if result is None:
            return None
        results[profile] = (*result, bound[1].get(result[0]))
        return result[2]

    message = ctx.target.fails(error)
    if message is None:
        return
    field, exception, _, arg = results[ctx.target.profiles[-1]]
    text = f"flyte.Backoff(...) raises {exception} when constructed (at import): {message}. Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))
