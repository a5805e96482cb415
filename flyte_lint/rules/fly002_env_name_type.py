"""
## What it does
Checks that a task environment gets a name, and that the name is a string.

## Why is this bad?
`TaskEnvironment()` without a name raises `TypeError: ... missing 1 required positional argument: 'name'`;
a name that is not a string (`None`, a number) raises `TypeError: expected string or bytes-like object`.
Either way the module fails to import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name=None)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Lit
from ..link import EnvHandle
from .base import ModuleContext, to_python

CODE = "FLY002"
NAME = "env-name-type"
SUMMARY = "Environment name is missing or not a string"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.kind == "AppEnvironment" or env.class_name not in ("flyte.TaskEnvironment", "flyte.Environment"):
            if env.origin != "clone_with":
                continue
        given = ctx.env_given(EnvHandle(ctx.facts, env), "name")
        if not given.known:
            continue
        if given.arg is None:
            cls = (
                "TaskEnvironment.clone_with"
                if env.origin == "clone_with"
                else f"{env.class_name.rsplit('.', 1)[1]}.__init__"
            )
            yield ctx.diagnostic(
                CODE, SEVERITY, env.callee_span,
                f"{cls}() missing 1 required positional argument: 'name' (raised at import); give the environment a "
                "snake_case name",
            )  # fmt: skip
            continue
        value = given.arg.value
        name = value.value if isinstance(value, Lit) else to_python(value)
        if isinstance(value, Lit) or isinstance(name, spec.EnumMember):
            message = spec.env_name_type_error(name)
            if message:
                yield ctx.diagnostic(
                    CODE, SEVERITY, given.arg.span,
                    f"Environment name must be a string: the SDK raises TypeError: {message} at import",
                    anchor=env.span,
                )  # fmt: skip
