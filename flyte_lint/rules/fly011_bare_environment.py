"""
## What it does
Flags `flyte.Environment(...)` created directly.

## Why is this bad?
A plain `Environment` constructs, but deploying it fails with
`ValueError: No deployer registered for environment type <class 'flyte._environment.Environment'>`, and
`flyte deploy --all` deploys every environment a module creates, so the whole deploy fails.

## Example
```python
import flyte

env = flyte.Environment(name="shared")
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="shared")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext

CODE = "FLY011"
NAME = "bare-environment"
SUMMARY = "flyte.Environment cannot be deployed; use TaskEnvironment"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.origin == "constructor" and env.class_name == "flyte.Environment":
            yield ctx.diagnostic(
                CODE, SEVERITY, env.callee_span,
                "flyte.Environment has no deployer: deploy fails with 'No deployer registered for environment type'. "
                "Use flyte.TaskEnvironment",
            )  # fmt: skip
