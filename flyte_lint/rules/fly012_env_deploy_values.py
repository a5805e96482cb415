"""
## What it does
Checks environment values that construct fine but break when a task of the environment is serialized for
deploy (or submitted from a parent on the cluster): `env_vars` keys and values that are not strings,
`interruptible` given as a string, `secrets` list elements that are neither strings nor `flyte.Secret` (in all
three, a plain `Enum`'s member is as wrong as a number), and (flyte 2.1) `Resources` values that only 2.12
rejects at construction: non-string `memory`/`disk`/`shm`, a float or tuple `gpu`, `gpu=0`. Reported at the
value when the environment's module has a task of it, and at the task when the task is in another module
(`@Envs.worker.task` with `Envs` imported).

## Why is this bad?
`flyte deploy` (even `--dry-run`) fails with `DeploymentError: Failed to deploy task ...` and an inner
`bad argument type for built-in operation` (env_vars) or `'str' object cannot be interpreted as an integer`
(interruptible). A local run does not notice.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="worker", env_vars={"WORKERS": 4})


@env.task
async def work(n: int) -> int:
    return n
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="worker", env_vars={"WORKERS": "4"})


@env.task
async def work(n: int) -> int:
    return n
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Arg, Dict, Lit, Obj, Seq, Span, TaskDef, Value
from ..link import EnvHandle
from .base import ModuleContext, fqn_label, to_python

CODE = "FLY012"
NAME = "env-deploy-value"
SUMMARY = "Environment value that fails when its tasks are deployed"
SEVERITY = "error"


def env_vars_problem(value: object) -> str | None:
    """A reason when an env_vars dict literal has a non-str key or value (a plain Enum's member is none)."""
    if not isinstance(value, Dict):
        return None
    for key, item in value.items:
        for part, what in ((key, "key"), (item, "value")):
            if isinstance(part, Lit) and not isinstance(part.value, str):
                return f"env_vars {what} {part.value!r} is not a string: {_FAILS}. Quote it"
            member = to_python(part)
            if isinstance(member, spec.EnumMember):
                return f"env_vars {what} {member!r} is not a string: {_FAILS}. Use its .value"
    return None


_FAILS = "deploying a task of this environment fails with 'bad argument type for built-in operation'"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    with_tasks = set()
    foreign: dict[tuple[str, int], tuple[EnvHandle, TaskDef]] = {}  # environments of other modules: first task
    for task in ctx.facts.tasks:
        handle = ctx.task_env(task)
        if handle is None:
            continue
        if handle.module is ctx.facts:
            with_tasks.add(handle.env.id)
        elif handle.env.kind == "TaskEnvironment":
            foreign.setdefault((handle.module.path, handle.env.id), (handle, task))
    for env in ctx.facts.envs:
        if env.id not in with_tasks or env.kind not in ("TaskEnvironment",):
            continue  # serialization only happens for tasks
        for span, message in _problems(ctx, EnvHandle(ctx.facts, env)):
            yield ctx.diagnostic(CODE, SEVERITY, span, message, anchor=env.span)
    # A task here of an environment made in another module (``@Envs.etl.task``): the deploy of this task fails,
    # so it is reported here, where the SDK names the task; this module's findings already depend on that one.
    for handle, task in foreign.values():
        where = f"{os.path.basename(handle.module.path)}:{handle.env.span.line}"
        for _span, message in _problems(ctx, handle):
            yield ctx.diagnostic(
                CODE, SEVERITY, task.span, f"{message} (environment {fqn_label(ctx, handle)} at {where})",
                noqa_lines=(task.statement_line,),
            )  # fmt: skip


def _problems(ctx: ModuleContext, handle: EnvHandle) -> Iterator[tuple[Span, str]]:
    """What fails when a task of the environment is serialized: (where it is written, message)."""
    given = ctx.env_given(handle, "env_vars")
    if given.arg is not None:
        problem = env_vars_problem(given.arg.value)
        if problem:
            yield given.arg.span, problem
    yield from _secret_elements(ctx.env_given(handle, "secrets").arg)
    if ctx.target.lacks("resources-quantity-strings"):
        yield from _deferred_resources(ctx, ctx.env_given(handle, "resources").arg)
    given = ctx.env_given(handle, "interruptible")
    if given.arg is not None and isinstance(given.arg.value, Lit) and isinstance(given.arg.value.value, str):
        yield (
            given.arg.span,
            (
                f"interruptible={given.arg.value.value!r} is a string: deploying a task of this environment fails "
                "with \"'str' object cannot be interpreted as an integer\". Use True or False"
            ),
        )
    member = to_python(given.arg.value) if given.arg is not None else None
    if given.arg is not None and isinstance(member, spec.EnumMember):
        yield (
            given.arg.span,
            (
                f"interruptible={member} is a plain Enum's member: deploying a task of this environment fails with "
                f"\"'{type(member).__name__}' object cannot be interpreted as an integer\". Use True or False"
            ),
        )


def _secret_elements(arg: Arg | None) -> Iterator[tuple[Span, str]]:
    if arg is None or not isinstance(arg.value, Seq) or arg.value.kind != "list":
        return
    for item in arg.value.items:
        python = to_python(item)  # a plain Enum's member is no key either
        if isinstance(python, spec.EnumMember) or (
            isinstance(item, Lit) and item.value is not None and not isinstance(item.value, str)
        ):
            yield (
                arg.span,
                (
                    f"secrets element {python!r} is neither a string nor a flyte.Secret: deploying a task of this "
                    f"environment fails with \"'{type(python).__name__}' object has no attribute 'group'\""
                ),
            )
            return


def _deferred_resources(ctx: ModuleContext, arg: Arg | None) -> Iterator[tuple[Span, str]]:
    """flyte < 2.8 accepts these Resources values at construction and fails when a task is serialized."""
    if arg is None or not isinstance(arg.value, Obj) or arg.value.callee != "flyte.Resources":
        return
    names = ("cpu", "memory", "gpu", "disk", "shm")
    given = {names[i]: a for i, a in enumerate(arg.value.args.positional) if i < len(names)}
    given.update({a.keyword: a for a in arg.value.args.keywords if a.keyword})
    for field, value_arg in given.items():
        value = value_arg.value
        member = to_python(value)
        if not isinstance(value, (Lit, Seq)) and not isinstance(member, spec.EnumMember):
            continue
        python = value.value if isinstance(value, Lit) else member
        problem = None
        if (
            field in ("memory", "disk", "shm")
            and not isinstance(value, Seq)
            and not isinstance(python, (str, type(None)))
        ):
            problem = "bad argument type for built-in operation"  # a plain Enum's member is no str either
        elif field == "gpu" and isinstance(value, Lit) and isinstance(python, float):
            problem = "'float' object has no attribute 'quantity'"
        elif field == "gpu" and isinstance(value, Seq):
            problem = f"'{value.kind}' object has no attribute 'quantity'"
        elif field == "gpu" and isinstance(value, Lit) and python == 0 and not isinstance(python, bool):
            if ctx.target.lacks("gpu-zero-no-gpu"):  # from flyte 2.7, gpu=0 means no GPU
                problem = "GPU quantity must be at least 1"
        if problem:
            yield (
                value_arg.span,
                (
                    f"Resources({field}={_show(python, value)}) is accepted at construction before flyte 2.8, but "
                    f"deploying a task of this environment fails with '{problem}'"
                ),
            )
            return


def _show(python: object, value: Value) -> str:
    return "(...)" if isinstance(value, Seq) else repr(python)
