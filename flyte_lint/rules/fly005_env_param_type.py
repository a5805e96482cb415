"""
## What it does
Checks the types the SDK enforces when an environment is constructed (or cloned): `image` (str or Image),
`secrets` (str, Secret or a list), `env_vars` (a dict), `resources` (a `flyte.Resources`), `pod_template`
(str or PodTemplate), `cache` (str or Cache), `reusable` (a `flyte.ReusePolicy`), `depends_on` (a list of
environments), `include` (a sequence of paths), `description` (something with a length) and, on 2.12,
`service_account` (str). Only literal values are judged.

## Why is this bad?
Each of these raises `TypeError` in the environment's `__post_init__`, so the module fails to import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl", resources={"cpu": 2})
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl", resources=flyte.Resources(cpu=2))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Dict, Lit, Seq, Span
from ..link import EnvHandle
from .base import NOT_CONSTANT, ModuleContext, to_python

CODE = "FLY005"
NAME = "env-param-type"
SUMMARY = "Environment parameter has a type the SDK rejects"
SEVERITY = "error"

_CHECKED = ("image", "secrets", "depends_on", "resources", "env_vars", "pod_template", "service_account",
            "description", "include", "reusable", "cache")  # fmt: skip
_CLONE_CHECKED = ("image", "secrets", "depends_on", "resources", "env_vars", "service_account", "description",
                  "include", "reusable", "cache")  # fmt: skip


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.kind == "AppEnvironment":
            continue
        handle = EnvHandle(ctx.facts, env)
        params = _CLONE_CHECKED if env.origin == "clone_with" else _CHECKED
        for param in params:
            if env.kind == "Environment" and param in ("reusable", "cache"):
                continue
            given = ctx.env_given(handle, param)
            if given.arg is None:
                continue
            value = given.arg.value
            if param == "depends_on" and isinstance(value, Dict) and value.complete:
                # ``depends_on=ENVS`` with ENVS a dict: the SDK iterates it and meets its keys
                value = Seq("list", tuple(key for key, _ in value.items))
            if param == "depends_on" and isinstance(value, Seq):
                for item in value.items:
                    if isinstance(item, Lit):
                        message = spec.depends_on_element_error(item.value) or ""
                        yield _report(ctx, env.span, given.arg.span, param, message)
                        break
                continue
            if param == "depends_on" and ctx.env(value) is not None:
                cls = ctx.env(value).env.class_name.rsplit(".", 1)[1]  # type: ignore[union-attr]
                yield _report(ctx, env.span, given.arg.span, param, f"'{cls}' object is not iterable")
                continue
            if env.origin == "clone_with" and isinstance(value, Lit) and value.value is None:
                continue  # None on a clone means "inherit"
            python = to_python(value)
            if python is NOT_CONSTANT:
                continue
            current = python

            def check_type(profile: spec.Profile, param: str = param, current: object = current) -> str | None:
                return spec.env_literal_type_error(param, current, profile)

            failure = ctx.target.fails(check_type)
            if failure:
                yield _report(ctx, env.span, given.arg.span, param, failure)


def _report(ctx: ModuleContext, anchor: Span, span: Span, param: str, message: str) -> Diagnostic:
    return ctx.diagnostic(
        CODE, SEVERITY, span, f"{param}: the SDK raises TypeError: {message} (at import)", anchor=anchor
    )
