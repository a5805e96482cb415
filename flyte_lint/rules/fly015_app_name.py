"""
## What it does
Checks the name of a `flyte.app.AppEnvironment`: lower-case letters, digits and `-`, starting and ending with a
letter or digit. Apps do not take the snake_case names task environments take: `my_api` is rejected.

## Why is this bad?
The SDK validates the name when the app environment is constructed and raises `ValueError: App name '<name>'
must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric
character.`, so the module fails to import.

## Example
```python
import flyte.app

api = flyte.app.AppEnvironment(name="my_api")
```

## Use instead
```python
import flyte.app

api = flyte.app.AppEnvironment(name="my-api")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Lit
from ..link import EnvHandle
from .base import ModuleContext

CODE = "FLY015"
NAME = "app-name-format"
SUMMARY = "App environment name is not lower-case letters, digits and '-'"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        # Only the class itself: subclasses of other plugins may validate differently.
        if env.kind != "AppEnvironment" or env.class_name != "flyte.app.AppEnvironment" or env.origin != "constructor":
            continue
        given = ctx.env_given(EnvHandle(ctx.facts, env), "name")
        if given.arg is None or not isinstance(given.arg.value, Lit):
            continue
        message = spec.app_name_error(given.arg.value.value)
        if message is None:
            continue
        yield ctx.diagnostic(
            CODE, SEVERITY, given.arg.span, f"ValueError at import: {message}", noqa_lines=(env.span.line,)
        )
