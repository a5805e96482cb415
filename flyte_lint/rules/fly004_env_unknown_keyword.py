"""
## What it does
Flags a keyword that `TaskEnvironment(...)` does not take (for the target SDK version), and more
positional arguments than it has fields. Task-level settings such as `retries`, `timeout`, `short_name`
or `docs` belong on `@env.task`, not on the environment. Also a keyword given twice (`name="etl", **COMMON`
where the settings dict holds a `name` too): Python's `TypeError: got multiple values for keyword argument`.

## Why is this bad?
The dataclass constructor raises `TypeError: TaskEnvironment.__init__() got an unexpected keyword argument`
at import. `service_account` exists only from flyte 2.6 on.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl", retries=3)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(retries=3)
async def extract(day: str) -> str:
    return day
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from .base import ModuleContext

CODE = "FLY004"
NAME = "env-unknown-keyword"
SUMMARY = "TaskEnvironment() does not take this argument"
SEVERITY = "error"

_ENV_ONLY_FIELDS = ("name", "depends_on", "pod_template", "description", "secrets", "env_vars", "resources",
                    "interruptible", "image", "include", "service_account")  # fmt: skip


def _fields(class_name: str, profile: spec.Profile) -> tuple[str, ...]:
    fields = spec.env_fields(profile)
    if class_name == "flyte.Environment":
        return tuple(f for f in fields if f in _ENV_ONLY_FIELDS)
    return fields


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.origin != "constructor" or env.class_name not in ("flyte.TaskEnvironment", "flyte.Environment"):
            continue
        cls = env.class_name.rsplit(".", 1)[1]
        for arg in env.args.repeated():
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"{cls}() got multiple values for keyword argument '{arg.keyword}' (TypeError at import); give "
                f"{arg.keyword} once (a ** dict here holds it too)",
                anchor=env.span,
            )  # fmt: skip
        for arg in env.args.keywords:
            keyword = arg.keyword
            assert keyword is not None

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword in _fields(env.class_name, profile):
                    return None
                return f"{cls}.__init__() got an unexpected keyword argument '{keyword}'"

            message = ctx.target.fails(unknown)
            if message is None:
                continue
            hint = spec.where_it_belongs(keyword)
            newer = spec.accepted_since(keyword, lambda p: _fields(env.class_name, p))
            if newer is not None:
                hint = f"{keyword} needs flyte >= {newer} (set target-version if you use it)"
            elif hint:
                hint = f"set {keyword} on {hint}"
            else:
                guess = spec.close_match(keyword, _fields(env.class_name, ctx.target.profiles[-1]))
                hint = f"did you mean {guess!r}?" if guess else None
            text = f"{message} (raised at import)" + (f"; {hint}" if hint else "")
            yield ctx.diagnostic(CODE, SEVERITY, arg.full_span or arg.span, text, anchor=env.span)
        if env.args.star_args:
            continue

        def too_many(profile: spec.Profile) -> str | None:
            limit = len(_fields(env.class_name, profile))
            if len(env.args.positional) <= limit:
                return None
            return (
                f"{cls}.__init__() takes from 2 to {limit + 1} positional arguments but "
                f"{len(env.args.positional) + 1} were given"
            )

        message = ctx.target.fails(too_many)
        if message:
            yield ctx.diagnostic(
                CODE, SEVERITY, env.args.positional[-1].span,
                f"{message} (raised at import); pass settings by keyword", anchor=env.span,
            )  # fmt: skip
