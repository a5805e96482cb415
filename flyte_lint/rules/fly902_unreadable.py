"""
## What it does
Reports a path the linter could not read: a file that cannot be opened or decoded, a directory that cannot
be listed, a symbolic link loop or a link that leads out of the project, a non-Python file given on the
command line. The run goes on with the other files.

## Why is this bad?
A file that cannot be read was not checked; a file that Python cannot decode cannot be imported either.

## Example
```python
# A file saved as Latin-1 without a coding cookie: the byte 0xe9 is not valid UTF-8.
import flyte
```

## Use instead
```python
# -*- coding: latin-1 -*-
import flyte
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext

CODE = "FLY902"
NAME = "unreadable-path"
SUMMARY = "A path could not be read, decoded or listed"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    # Reported by the engine while reading files; this module carries the rule's documentation.
    return iter(())
