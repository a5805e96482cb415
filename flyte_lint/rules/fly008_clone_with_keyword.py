"""
## What it does
Flags a keyword that `clone_with(...)` does not accept. Besides the environment's own settings it takes
only `cache` and `reusable`; `queue`, `plugin_config`, `pod_template` and task settings are refused.

## Why is this bad?
`clone_with` raises `TypeError: Unexpected keyword arguments: ['queue']` at import.

## Example
```python
import flyte

base = flyte.TaskEnvironment(name="base")
gpu = base.clone_with(name="gpu", queue="gpu-queue")
```

## Use instead
```python
import flyte

base = flyte.TaskEnvironment(name="base")
gpu = flyte.TaskEnvironment(name="gpu", queue="gpu-queue")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from .base import ModuleContext

CODE = "FLY008"
NAME = "clone-with-keyword"
SUMMARY = "clone_with() does not take this argument"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.origin != "clone_with":
            continue
        source = ctx.env(env.clone_of)
        if source is None or source.env.kind not in ("TaskEnvironment",):
            continue  # apps and unknown receivers have other clone_with signatures

        def unknown(profile: spec.Profile) -> str | None:
            allowed = spec.clone_keywords(profile)
            bad = [a.keyword for a in env.args.keywords if a.keyword not in allowed]
            return f"Unexpected keyword arguments: {bad}" if bad else None

        message = ctx.target.fails(unknown)
        if message is None:
            continue
        allowed_now = spec.clone_keywords(ctx.target.profiles[-1])
        first = next(a for a in env.args.keywords if a.keyword not in allowed_now)
        yield ctx.diagnostic(
            CODE, SEVERITY, first.full_span or first.span,
            f"TypeError at import: {message}. clone_with takes the environment's settings plus cache and reusable; "
            "build a new TaskEnvironment for other settings",
            anchor=env.span,
        )  # fmt: skip
