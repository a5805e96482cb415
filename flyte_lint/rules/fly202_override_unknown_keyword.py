"""
## What it does
Flags a keyword that `task.override(...)` does not accept: neither one of its parameters nor a field of the
task template (typos such as `retry=`, or environment settings such as `depends_on=`, `description=`), or
a keyword given twice (`retries=3, **OPTIONS` with retries in OPTIONS: `TypeError: got multiple values`).

## Why is this bad?
`override(**kwargs)` hands unknown keywords to `dataclasses.replace`, which raises
`TypeError: AsyncFunctionTaskTemplate.__init__() got an unexpected keyword argument` when the call runs,
usually inside a parent task on the cluster.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await step.override(retry=3)(x=x)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    return await step.override(retries=3)(x=x)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Edit, Fix
from ..facts import Arg, Span
from ._override import override_targets
from .base import ModuleContext

CODE = "FLY202"
NAME = "override-unknown-keyword"
SUMMARY = "override() does not take this argument"
SEVERITY = "error"
FIXABLE = True


def _accepted(keyword: str, profile: spec.Profile) -> bool:
    return (
        keyword in spec.override_keywords(profile)
        or keyword in spec.template_fields(profile)
        or keyword in spec.OVERRIDE_FORBIDDEN
        or keyword in spec.OVERRIDE_INIT_FALSE
    )


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for target in override_targets(ctx):
        for arg in target.call.args.repeated():
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"TypeError when override() runs: override() got multiple values for keyword argument "
                f"'{arg.keyword}'; give {arg.keyword} once (a ** dict here holds it too)",
                anchor=target.call.span,
            )  # fmt: skip
        if not target.plain_template(ctx):
            continue  # plugin task classes have fields of their own
        for arg in target.call.args.keywords:
            keyword = arg.keyword
            assert keyword is not None

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if _accepted(keyword, profile):
                    return None
                return f"AsyncFunctionTaskTemplate.__init__() got an unexpected keyword argument '{keyword}'"

            message = ctx.target.fails(unknown)
            if message is None:
                continue
            newest = ctx.target.profiles[-1]
            guess = spec.close_match(keyword, spec.override_keywords(newest))
            fix = None
            newer = spec.accepted_since(keyword, spec.override_keywords)
            if newer is not None:
                hint = f"{keyword} is accepted by override() from flyte {newer} on"
            elif guess:
                hint = f"did you mean {guess!r}?"
                if arg.in_place:  # the keyword is written here (not a key of a ``**opts`` dict)
                    fix = Fix(f"Rename {keyword!r} to {guess!r}", (Edit(_keyword_span(arg), guess),), "unsafe")
            elif spec.where_it_belongs(keyword):
                hint = f"set {keyword} on {spec.where_it_belongs(keyword)}"
            else:
                hint = ""
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"TypeError when override() runs: {message}" + (f"; {hint}" if hint else ""),
                fix=fix,
                anchor=target.call.span,
            )  # fmt: skip


def _keyword_span(arg: Arg) -> Span:
    assert arg.full_span is not None and arg.keyword is not None
    start = arg.full_span
    return Span(start.line, start.column, start.line, start.column + len(arg.keyword))
