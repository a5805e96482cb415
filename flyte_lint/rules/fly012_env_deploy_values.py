"""
## What it does
Checks environment values that construct fine but break when a task of the environment is serialized for
deploy (or submitted from a parent on the cluster): `env_vars` keys and values that are not strings, and
`interruptible` given as a string.

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

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import Dict, Lit
from ..link import EnvHandle
from .base import ModuleContext

CODE = "FLY012"
NAME = "env-deploy-value"
SUMMARY = "Environment value that fails when its tasks are deployed"
SEVERITY = "error"


def env_vars_problem(value: object) -> str | None:
    """A reason when an env_vars dict literal has a non-str key or value."""
    if not isinstance(value, Dict):
        return None
    for key, item in value.items:
        for part, what in ((key, "key"), (item, "value")):
            if isinstance(part, Lit) and not isinstance(part.value, str):
                return f"env_vars {what} {part.value!r} is not a string"
    return None


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    with_tasks = set()
    for task in ctx.facts.tasks:
        handle = ctx.task_env(task)
        if handle is not None and handle.module is ctx.facts:
            with_tasks.add(handle.env.id)
    for env in ctx.facts.envs:
        if env.id not in with_tasks or env.kind not in ("TaskEnvironment",):
            continue  # serialization only happens for tasks
        handle = EnvHandle(ctx.facts, env)
        given = ctx.env_given(handle, "env_vars")
        if given.arg is not None:
            problem = env_vars_problem(given.arg.value)
            if problem:
                yield ctx.diagnostic(
                    CODE, SEVERITY, given.arg.span,
                    f"{problem}: deploying a task of this environment fails with 'bad argument type for built-in "
                    "operation'. Quote it",
                    anchor=env.span,
                )  # fmt: skip
        given = ctx.env_given(handle, "interruptible")
        if given.arg is not None and isinstance(given.arg.value, Lit) and isinstance(given.arg.value.value, str):
            yield ctx.diagnostic(
                CODE, SEVERITY, given.arg.span,
                f"interruptible={given.arg.value.value!r} is a string: deploying a task of this environment fails "
                "with \"'str' object cannot be interpreted as an integer\". Use True or False",
                anchor=env.span,
            )  # fmt: skip
