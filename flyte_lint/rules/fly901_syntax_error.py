"""
## What it does
Reports a module that does not parse as Python, with the parser's message and position.

## Why is this bad?
A module that does not parse cannot be imported: `flyte run` and `flyte deploy` fail on it, and no other
rule can check it.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl"
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Span
from .base import ModuleContext

CODE = "FLY901"
NAME = "syntax-error"
SUMMARY = "The file is not valid Python"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    error = ctx.facts.parse_error
    if error is not None:
        span = Span(error.line, error.column, error.line, error.column + 1)
        yield ctx.diagnostic(CODE, SEVERITY, span, error.message)
