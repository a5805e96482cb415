"""
## What it does
Flags a keyword that `@env.task(...)` does not take for the target SDK version. Environment-level settings
(`image`, `resources`, `env_vars`, `secrets`, `reusable`, `depends_on`, `plugin_config`...) are never
decorator keywords: set them on the environment, or per call with `task.override(...)`. Also a keyword
given twice (`retries=1, **OPTIONS` with retries in OPTIONS): `TypeError: got multiple values`.

## Why is this bad?
`TaskEnvironment.task()` has no `**kwargs`, so the decorator raises
`TypeError: TaskEnvironment.task() got an unexpected keyword argument` and the module fails to import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(resources=flyte.Resources(cpu=4))
async def crunch(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl", resources=flyte.Resources(cpu=4))


@env.task
async def crunch(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY101"
NAME = "task-unknown-keyword"
SUMMARY = "@env.task() does not take this argument"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        if task_environment(ctx, task) is None:
            continue
        for arg in task.args.repeated():
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"TypeError when the task is decorated: TaskEnvironment.task() got multiple values for keyword "
                f"argument '{arg.keyword}'; give {arg.keyword} once (a ** dict here holds it too)",
                noqa_lines=(task.statement_line,), anchor=task.options_at,
            )  # fmt: skip
        for arg in task.args.keywords:
            keyword = arg.keyword
            assert keyword is not None

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword in spec.task_keywords(profile):
                    return None
                return f"TaskEnvironment.task() got an unexpected keyword argument '{keyword}'"

            message = ctx.target.fails(unknown)
            if message is None:
                continue
            newer = spec.accepted_since(keyword, spec.task_keywords)
            if newer is not None:
                hint = f"{keyword} needs flyte >= {newer}"
            elif spec.where_it_belongs(keyword) and keyword not in spec.task_keywords(ctx.target.profiles[-1]):
                hint = f"set {keyword} on {spec.where_it_belongs(keyword)}"
            else:
                guess = spec.close_match(keyword, spec.task_keywords(ctx.target.profiles[-1]))
                hint = f"did you mean {guess!r}?" if guess else ""
            yield ctx.diagnostic(
                CODE, SEVERITY, arg.full_span or arg.span,
                f"TypeError when the task is decorated: {message}" + (f"; {hint}" if hint else ""),
                noqa_lines=(task.statement_line,), anchor=task.options_at,
            )  # fmt: skip
