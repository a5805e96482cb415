"""
## What it does
Reports a `# noqa: CODES` comment whose flyte-lint codes silence nothing: no finding of that code is reported on
the line (or, for a multi-line statement, on the lines it covers). Only `FLY` codes are judged: `# noqa: E501`
belongs to another tool and a bare `# noqa` silences everything, so neither is reported. A code that is not
checked in the file (left out by `select`, `ignore` or `per-file-ignores`) is not judged either.

The fix (safe) removes the unused codes from the comment, keeping the others; when none is left and the comment
holds nothing else, it removes the comment.

## Why is this bad?
A stale suppression hides nothing today, but it will silently hide the next real mistake on that line, and it
tells the reader that something is wrong there when nothing is.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")  # noqa: FLY001
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from .base import ModuleContext

CODE = "FLY903"
NAME = "unused-noqa"
SUMMARY = "A `# noqa` comment lists a flyte-lint code that silences nothing on its line"
SEVERITY: Severity = "warning"
FIXABLE = True  # safe: removes the unused codes (the comment, when none is left and nothing else is in it)


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    # Reported by the engine after the suppressions are applied (engine/dispatch.py, unused_noqa): whether a
    # code silenced something is known only once every rule has run. This module carries the documentation.
    return iter(())
