"""
## What it does
Checks every `include=` entry of a `TaskEnvironment(...)` (or `clone_with(...)`) against the file system:
relative entries are resolved against the directory of the module that creates the environment, as the SDK
does, and each must name an existing file, an existing directory, or a glob pattern that matches something.
The linter only looks at the file system; it never runs the code. Entries that are not literal strings are
not judged, and neither is a module that is not on disk (text given on standard input without a real path).

## Why is this bad?
`flyte deploy` fails when it builds the code bundle, with
`ValueError: File /abs/path/templates/index.html is not a valid file, directory, or glob pattern`, before any
task is registered. Import, `--dry-run` and local runs do not look at the include list, so the mistake
shows up only at deploy.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="web", include=("templates/index.html",))
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="web", include=("templates/*.html",))
```
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Lit, Seq
from ..link import EnvHandle
from .base import ModuleContext

CODE = "FLY013"
NAME = "include-missing"
SUMMARY = "include entry that matches no file next to the module"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    anchor: Path | None = None  # the module's folder, looked up only for a module with an include entry
    for env in ctx.facts.envs:
        if env.scope != "module" or env.kind == "Environment" or env.made_elsewhere:
            continue  # (made by a factory of another module: the SDK resolves from that module's folder)
        given = ctx.env_given(EnvHandle(ctx.facts, env), "include")
        if given.arg is None or not isinstance(given.arg.value, Seq):
            continue  # not given here (inherited by a clone: anchored at the clone's own module), or not a display
        value = given.arg.value
        if any(isinstance(item, Lit) and not isinstance(item.value, str) for item in value.items):
            continue  # construction fails first (FLY005)
        if anchor is None:
            module_file = Path(ctx.path)
            if not module_file.is_file():
                return  # no directory to resolve against (unsaved text, a synthetic path)
            anchor = module_file.resolve().parent
        spans = value.item_spans if len(value.item_spans) == len(value.items) else ()
        for index, item in enumerate(value.items):
            if not isinstance(item, Lit) or not isinstance(item.value, str) or not item.value:
                continue
            path = Path(item.value)
            resolved = path if path.is_absolute() else (anchor / path).resolve()
            if resolved.is_dir() or resolved.is_file() or glob.glob(str(resolved)):
                continue
            message = (
                f"include entry {item.value!r} matches nothing in {anchor}: `flyte deploy` fails when it builds the "
                f"code bundle with ValueError: {spec.include_missing_error(str(resolved))}. Fix the path (relative "
                "paths start at this module's directory) or create the file"
            )
            span = spans[index] if spans else given.arg.span
            yield ctx.diagnostic(CODE, SEVERITY, span, message, anchor=env.span)
