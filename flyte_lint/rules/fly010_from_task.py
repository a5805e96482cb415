"""
## What it does
Checks `TaskEnvironment.from_task(name, *tasks)`: every task passed must be a template that belongs to no
environment yet (a `ContainerTask`, say), passed one by one.

## Why is this bad?
Every `@env.task` task already has an environment, so `from_task` raises
`ValueError: Tasks cannot assigned to multiple environments.` at import; a list argument raises
`AttributeError: 'list' object has no attribute 'parent_env'`; templates whose images differ (compared by
value) raise `ValueError: Tasks must have the same image to be in the same environment.`

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(x: int) -> int:
    return x


again = flyte.TaskEnvironment.from_task("again", load)
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(x: int) -> int:
    return x


again = env.clone_with(name="again")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..facts import FunctionRef, Lit, Obj, Seq
from .base import ModuleContext

CODE = "FLY010"
NAME = "from-task-invalid"
SUMMARY = "from_task() with a task that already has an environment, a list, or tasks of different images"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.origin != "from_task":
            continue
        for arg in env.args.positional[1:]:
            if isinstance(arg.value, Seq):
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    f"AttributeError at import: '{arg.value.kind}' object has no attribute 'parent_env'; pass the "
                    "tasks one by one: from_task(name, a, b)",
                    anchor=env.span,
                )  # fmt: skip
                break
            if isinstance(arg.value, FunctionRef):
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    "AttributeError at import: 'function' object has no attribute 'parent_env'; from_task takes "
                    "tasks: decorate the function with an environment's @env.task first",
                    anchor=env.span,
                )  # fmt: skip
                break
            task = ctx.task(arg.value)
            if task is None and _images(ctx, env.args.positional[1:]) is not None:
                images = _images(ctx, env.args.positional[1:])
                assert images is not None
                if len(set(images)) > 1:
                    yield ctx.diagnostic(
                        CODE, SEVERITY, env.span,
                        "ValueError at import: Tasks must have the same image to be in the same environment. The "
                        f"tasks use {sorted(set(images))}; give them one image",
                        anchor=env.span,
                    )  # fmt: skip
                break
            if task is not None:
                yield ctx.diagnostic(
                    CODE, SEVERITY, arg.span,
                    "ValueError at import: Tasks cannot assigned to multiple environments. This task already "
                    "belongs to the environment it was declared in; use clone_with or depends_on instead",
                    anchor=env.span,
                )  # fmt: skip
                break


def _images(ctx: ModuleContext, args: tuple[object, ...]) -> list[str] | None:
    """The literal images of ContainerTask arguments, when every argument is one with a string image."""
    from ..facts import Arg, EnvRef, FunctionRef, ImportedRef, TaskRef, Unknown

    del EnvRef, FunctionRef, ImportedRef, TaskRef, Unknown
    images: list[str] = []
    for arg in args:
        assert isinstance(arg, Arg)
        value = arg.value
        if not isinstance(value, Obj) or value.callee != "flyte.extras.ContainerTask":
            return None
        image = value.args.keyword("image")
        if image is None or not isinstance(image.value, Lit) or not isinstance(image.value.value, str):
            return None
        images.append(image.value.value)
    return images
