"""
## What it does
Flags an environment that sets both `reusable` and `plugin_config`.

## Why is this bad?
Construction raises `ValueError: Cannot set plugin_config when environment is reusable.` In flyte 2.12 a
plugin whose task class declares `supports_reuse_policy` is allowed (none in flyte itself; the Ray plugin
is one): list such config classes under `reuse-capable-plugin-configs` in `[tool.flyte-lint]`.

## Example
```python
import flyte
from flyte.extras import Sleep

env = flyte.TaskEnvironment(name="waiter", plugin_config=Sleep(), reusable=flyte.ReusePolicy(replicas=2))
```

## Use instead
```python
import flyte
from flyte.extras import Sleep

env = flyte.TaskEnvironment(name="waiter", plugin_config=Sleep())
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic
from ..facts import Obj
from ..link import EnvHandle
from .base import NOT_CONSTANT, ModuleContext, known_non_none, unregistered_local_class

CODE = "FLY006"
NAME = "env-reusable-plugin-config"
SUMMARY = "reusable and plugin_config cannot be combined"
SEVERITY = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for env in ctx.facts.envs:
        if env.kind not in ("TaskEnvironment",):
            continue
        handle = EnvHandle(ctx.facts, env)
        reusable = ctx.env_value(handle, "reusable")
        plugin = ctx.env_value(handle, "plugin_config")
        if reusable is NOT_CONSTANT or plugin is NOT_CONSTANT:
            continue
        if not (known_non_none(reusable) and isinstance(plugin, Obj)):  # type: ignore[arg-type]
            continue
        callee = plugin.callee
        # A class of this module that the module registers no plugin for: no plugin supports reuse for it.
        unregistered = unregistered_local_class(ctx, plugin) is not None
        message = ctx.target.fails(lambda profile: spec.reusable_plugin_config_error(callee, profile, unregistered))
        if message is None:
            continue
        given = ctx.env_given(handle, "reusable")
        span = given.arg.full_span or given.arg.span if given.arg is not None else env.span
        yield ctx.diagnostic(
            CODE, SEVERITY, span,
            f"ValueError at import: {message} Drop reusable, or use a plugin whose tasks support reuse",
            anchor=env.span,
        )  # fmt: skip
