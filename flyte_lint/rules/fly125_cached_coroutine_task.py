"""
## What it does
Flags an `async def` task with `@functools.cache` or `@functools.lru_cache(...)` between `@env.task` and the
function.

## Why is this bad?
The cache's wrapper is a plain function, not a coroutine function, so the SDK makes a sync task of it. Each run
calls the wrapper, which returns the coroutine object unawaited (and caches it): the body never runs, and every
run fails when the output is serialized (`RuntimeDataValidationError: ... got '<coroutine object ...>'`, or
`cannot pickle 'coroutine' object` for `-> Any`). The sync task also trips the reusable and sync-call checks. To
reuse results across runs, use the task's `cache=` setting; to memoise inside a run, cache a helper the task
awaits.

## Example
```python
import functools

import flyte

env = flyte.TaskEnvironment(name="prices")


@env.task
@functools.cache
async def fetch(symbol: str) -> float:
    return 1.0
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="prices")


@env.task(cache="auto")
async def fetch(symbol: str) -> float:
    return 1.0
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY125"
NAME = "cached-coroutine-task"
SUMMARY = "Async task under functools.cache or lru_cache, which the SDK runs as a sync task returning a coroutine"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        function = task.function
        if not task.cache_wrapped or function is None or function.kind != "def":
            continue
        if not function.is_async or function.is_generator or task_environment(ctx, task) is None:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, task.span,
            f"Task {function.name!r} is an async def under a functools cache, whose wrapper is a plain function: "
            "the SDK makes a sync task that returns the coroutine unawaited, so every run fails when its output "
            "is serialized ('<coroutine object ...>'). Drop the decorator and use the task's cache= setting",
            noqa_lines=(task.statement_line,),
        )  # fmt: skip
