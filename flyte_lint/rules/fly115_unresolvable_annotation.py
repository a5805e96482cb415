"""
## What it does
Flags a task annotation that names something not defined when the task is decorated: a name bound nowhere
in the module, bound only later in the module, or imported only under `if TYPE_CHECKING:`.

## Why is this bad?
Decoration builds the task's interface with `typing.get_type_hints(func)`, which evaluates every annotation
(string annotations and `from __future__ import annotations` included) at that moment:
`NameError: name 'Decimal' is not defined`, and the module fails to import.

## Example
```python
from __future__ import annotations

from typing import TYPE_CHECKING

import flyte

if TYPE_CHECKING:
    from decimal import Decimal

env = flyte.TaskEnvironment(name="typed")


@env.task
async def convert(x: Decimal) -> int:
    return int(x)
```

## Use instead
```python
from __future__ import annotations

from decimal import Decimal

import flyte

env = flyte.TaskEnvironment(name="typed")


@env.task
async def convert(x: Decimal) -> int:
    return int(x)
```
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .base import ModuleContext, task_environment

CODE = "FLY115"
NAME = "task-unresolvable-annotation"
SUMMARY = "Task annotation names something undefined when the task is decorated"
SEVERITY = "error"

_BUILTINS = frozenset(dir(builtins))


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    facts = ctx.facts
    if facts.star_import or not facts.tasks or "*" in facts.dynamic_names:
        return  # names may be bound where the linter does not see them (``globals()``, ``exec``...)
    first_bound = dict(facts.first_bound)
    type_checking = set(facts.type_checking_only)
    for task in facts.tasks:
        function = task.function
        if function is None or function.kind != "def" or task.written_in != "module" or task.form == "call":
            continue
        if task_environment(ctx, task) is None:
            continue
        for name in function.annotation_names:
            if name in _BUILTINS and name not in first_bound:
                continue
            if name in facts.dynamic_names:
                continue  # a function binds it with ``global``: maybe before the task is decorated
            line = first_bound.get(name)
            if line is not None and line < task.statement_line:
                continue
            if name in type_checking:
                why = "is imported only under `if TYPE_CHECKING:`"
            elif line is None:
                why = "is not defined in this module"
            else:
                why = f"is only defined later, at line {line}"
            yield ctx.diagnostic(
                CODE, SEVERITY, function.span,
                f"NameError when the task is decorated: name {name!r} {why}, and the task's annotations are "
                "evaluated then (typing.get_type_hints). Import or define it before the task",
                noqa_lines=(task.statement_line, function.span.line), anchor=task.span,
            )  # fmt: skip
            break
