"""
## What it does
Checks that every task environment name (in `TaskEnvironment(...)`, `clone_with(...)`, `from_task(...)`)
is in snake_case or kebab-case: runs of lower-case letters and digits joined by single `_` or `-`.

## Why is this bad?
The SDK validates the name when the environment is constructed and raises
`ValueError: Environment name '<name>' must be in snake_case or kebab-case format.`, so the module fails
to import and nothing in it can be run or deployed.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="Feature_Eng")
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="feature_eng")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Edit, Fix
from ..facts import Lit
from ..link import EnvHandle
from .base import ModuleContext

CODE = "FLY001"
NAME = "env-name-format"
SUMMARY = "Environment name is not snake_case or kebab-case"
SEVERITY = "error"
FIXABLE = True


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.kind == "AppEnvironment":
            continue  # apps have their own naming rule
        given = ctx.env_given(EnvHandle(ctx.facts, env), "name")
        if given.arg is None or not isinstance(given.arg.value, Lit):
            continue
        name = given.arg.value.value
        message = spec.env_name_error(name)
        if message is None:
            continue
        assert isinstance(name, str)
        suggestion = spec.suggest_env_name(name)
        fix = None
        text = f"{message} Use lower-case letters and digits joined by single '_' or '-'"
        if suggestion:
            text += f", e.g. {suggestion!r}"
        if suggestion and given.arg.literal:  # the name written here, not a variable or a factory's parameter
            fix = Fix(
                f"Rename the environment to {suggestion!r} (changes the names of its tasks)",
                (Edit(given.arg.span, f'"{suggestion}"'),),  # black's quotes; the name is [a-z0-9_-]
                "unsafe",
            )
        yield ctx.diagnostic(CODE, SEVERITY, given.arg.span, text + ".", fix=fix, anchor=env.span)
