"""
## What it does
Flags an environment description longer than 255 characters.

## Why is this bad?
The SDK does not reject it: it silently cuts the description to 247 characters and appends `...(tr.)`, so
what you read in the UI is not what you wrote.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl", description="x" * 300)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl", description="Nightly extract-transform-load jobs.")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Lit
from ..link import EnvHandle
from .base import ModuleContext

CODE = "FLY003"
NAME = "env-description-truncated"
SUMMARY = "Description longer than 255 characters is silently truncated"
SEVERITY = "warning"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        given = ctx.env_given(EnvHandle(ctx.facts, env), "description")
        if given.arg is None or not isinstance(given.arg.value, Lit):
            continue
        length = spec.description_truncation(given.arg.value.value)
        if length is not None:
            yield ctx.diagnostic(
                CODE, SEVERITY, given.arg.span,
                f"Description is {length} characters; the SDK silently truncates it to {spec.DESCRIPTION_LIMIT} "
                "(247 characters + '...(tr.)'). Shorten it to 255 characters or fewer",
                anchor=env.span,
            )  # fmt: skip
