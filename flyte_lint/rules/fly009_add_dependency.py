"""
## What it does
Checks `env.add_dependency(...)`: an environment cannot be added to itself (the SDK compares names, so an
environment with the same name counts as itself), and each argument must be an environment, not a string
or a list.

## Why is this bad?
`add_dependency` raises `ValueError: Cannot add self as a dependency` or
`TypeError: Expected Environment, got <class 'str'>` at import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")
env.add_dependency(env)
```

## Use instead
```python
import flyte

base = flyte.TaskEnvironment(name="base")
env = flyte.TaskEnvironment(name="etl")
env.add_dependency(base)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Dict, Lit, Seq
from .base import ModuleContext, fqn_label

CODE = "FLY009"
NAME = "add-dependency-invalid"
SUMMARY = "add_dependency() of itself or of something that is not an environment"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for call in ctx.facts.env_calls:
        if call.method != "add_dependency":
            continue
        receiver = ctx.env(call.env)
        if receiver is None:
            continue
        for arg in call.args.positional:
            value = arg.value
            if isinstance(value, (Lit, Seq, Dict)):
                kind = {Lit: type(value.value).__name__ if isinstance(value, Lit) else "", Seq: "", Dict: "dict"}
                cls = kind[type(value)] or (value.kind if isinstance(value, Seq) else "dict")
                hint = (
                    "pass the environments themselves: add_dependency(a, b)"
                    if isinstance(value, Seq)
                    else ("pass the environment object, not its name")
                )
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    f"TypeError at import: Expected Environment, got <class '{cls}'>; {hint}",
                    anchor=call.span,
                )  # fmt: skip
                continue
            other = ctx.env(value)
            if other is None:
                continue
            same = other.key == receiver.key
            if not same:
                a, b = fqn_label(ctx, receiver), fqn_label(ctx, other)
                same = a.startswith("'") and a == b
            if same:
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    f"ValueError at import: Cannot add self as a dependency ({fqn_label(ctx, receiver)} "
                    "has the same name); remove this call",
                    anchor=call.span,
                )  # fmt: skip
