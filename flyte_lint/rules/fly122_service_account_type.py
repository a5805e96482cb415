"""
## What it does
Checks that `service_account=` given to `@env.task(...)` or `task.override(...)` is a string (flyte >= 2.6,
where both accept it).

## Why is this bad?
The task object checks the type when it is built: `TypeError: Expected service_account to be of type str,
got <class 'int'>` when the task is decorated (so the module fails to import), or when `override()` runs.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(service_account=7)
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(service_account="etl-runner")
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Lit, Span
from ._override import override_targets, reusable_state
from .base import ModuleContext, built_at, task_environment

CODE = "FLY122"
NAME = "service-account-type"
SUMMARY = "service_account of a task or override that is not a string"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    if not ctx.target.has("service-account"):
        return  # no such keyword on tasks before flyte 2.6 (FLY101 / FLY202 report it)
    for task in ctx.facts.tasks:
        arg = task.args.keyword("service_account")
        handle = task_environment(ctx, task)
        # On a reusable environment env.task() refuses any service_account first (FLY105).
        if arg is None or handle is None or ctx.env_is_reusable(handle) is not False:
            continue
        at, note = built_at(task, arg.span)
        yield from _report(ctx, arg, at, note, "when the task is decorated (at import)", task.statement_line)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("service_account")
        if arg is None or reusable_state(ctx, target)[0] is not False:
            continue  # a reusable task refuses the keyword itself (FLY204)
        yield from _report(ctx, arg, arg.span, "", "when override() runs", target.call.span.line)


def _report(ctx: ModuleContext, arg: Arg, at: Span, note: str, phase: str, line: int) -> Iterator[Diagnostic]:
    if not isinstance(arg.value, Lit) or arg.value.value is None or isinstance(arg.value.value, str):
        return
    kind = type(arg.value.value).__name__
    yield ctx.diagnostic(
        CODE, SEVERITY, at,
        f"service_account={arg.value.value!r}{note} fails {phase} with TypeError: Expected service_account to be "
        f"of type str, got <class '{kind}'>. Fix: give the Kubernetes service account's name as a string",
        noqa_lines=(line, arg.span.line),
    )  # fmt: skip
