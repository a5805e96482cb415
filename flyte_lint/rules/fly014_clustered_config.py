"""
## What it does
Checks `flyte.clustered.ClusteredTaskEnvironment(...)`: `replicas` and `nproc_per_node` must be given and be
at least 1, the environment cannot be `reusable`, a GPU count in `resources` must be at least
`nproc_per_node`, and `interconnect` can only be `"tcp"`. With a release before 2.5 as the target it reports
that `flyte.clustered` does not exist there.

## Why is this bad?
The module fails at import with the SDK's own error: `ValueError: replicas must be >= 1`,
`ValueError: nproc_per_node must be >= 1`, `ValueError: ClusteredTaskEnvironment does not support reusable
environments`, `ValueError: resources.gpu (2) must be >= nproc_per_node (4)`, `TypeError:
ClusteredTaskEnvironment.__init__() missing 1 required keyword-only argument: 'replicas'`; before flyte 2.5
`ModuleNotFoundError: No module named 'flyte.clustered'`.

## Example
```python
import flyte
from flyte.clustered import ClusteredTaskEnvironment

env = ClusteredTaskEnvironment(
    name="train", replicas=2, nproc_per_node=4, resources=flyte.Resources(gpu="A100:2")
)
```

## Use instead
```python
import flyte
from flyte.clustered import ClusteredTaskEnvironment

env = ClusteredTaskEnvironment(
    name="train", replicas=2, nproc_per_node=2, resources=flyte.Resources(gpu="A100:2")
)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import EnvDef, Lit, Obj, Span
from ..link import EnvHandle
from .base import NOT_CONSTANT, ModuleContext, _field_value, object_fields, to_python

CODE = "FLY014"
NAME = "clustered-config"
SUMMARY = "ClusteredTaskEnvironment settings the SDK rejects at import"
SEVERITY: Severity = "error"

_HINTS = {
    "reusable": "drop reusable= (clustered environments start fresh pods for every run)",
    "replicas": "use replicas=1 or more (the number of pods)",
    "nproc_per_node": "use nproc_per_node=1 or more (processes per pod)",
    "resources": "request at least nproc_per_node GPUs per pod, or lower nproc_per_node",
    "interconnect": 'use interconnect="tcp" (the only one supported)',
}


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    missing_module_reported = False
    for env in ctx.facts.envs:
        if env.kind != "ClusteredTaskEnvironment" or env.origin != "constructor":
            continue
        handle = EnvHandle(ctx.facts, env)
        if ctx.target.fails(lambda p: None if spec.clustered_exists(p) else "missing") is not None:
            if not missing_module_reported:
                missing_module_reported = True
                yield from _missing_module(ctx, env)
            continue
        if not ctx.target.accepts(lambda p: spec.clustered_exists(p)):
            continue  # some release of the target has no flyte.clustered: its error is another one
        yield from _check_env(ctx, handle)


def _missing_module(ctx: ModuleContext, env: EnvDef) -> Iterator[Diagnostic]:
    """Releases before 2.5 have no ``flyte.clustered``: the import (or the attribute access) fails. Said only when the
    environment is made unconditionally at module level, so the import cannot be a guarded one."""
    if env.scope != "module" or env.alternatives:
        return
    local = env.class_name.rsplit(".", 1)[-1]
    for fact in ctx.facts.imports:
        if fact.module.startswith("flyte.clustered") and fact.level == 0:
            span = Span(fact.line, 1, fact.line, 1)
            first = _first_release()
            text = (
                f"flyte.clustered is new in flyte {first}: before it, this import fails with ModuleNotFoundError: "
                f"{spec.CLUSTERED_MODULE_MISSING}. Fix: target flyte >= {first}, or use flyte.TaskEnvironment"
            )
            yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=(fact.line,))
            return
    if fact_free_access(ctx, local):
        first = _first_release()
        text = (
            f"flyte.clustered is new in flyte {first}: before it, this fails at import with AttributeError: "
            f"{spec.CLUSTERED_ATTRIBUTE_MISSING}. Fix: target flyte >= {first}, or use flyte.TaskEnvironment"
        )
        yield ctx.diagnostic(CODE, SEVERITY, env.callee_span, text, noqa_lines=(env.span.line,))


def _first_release() -> str:
    """The minor release flyte.clustered arrived in (changes.toml ``clustered``)."""
    return ".".join(spec.CHANGES["clustered"].split(".")[:2])


def fact_free_access(ctx: ModuleContext, local: str) -> bool:
    """The class is reached as ``flyte.clustered.<Class>`` through ``import flyte`` (no import names it)."""
    return not any(fact.local == local for fact in ctx.facts.imports)


def _check_env(ctx: ModuleContext, handle: EnvHandle) -> Iterator[Diagnostic]:
    env = handle.env
    args = env.args
    if args.star_kwargs:
        return
    missing = tuple(name for name in spec.CLUSTERED_REQUIRED if args.keyword(name) is None)
    if missing:
        text = f"ClusteredTaskEnvironment(...) raises TypeError at import: {spec.clustered_missing_message(missing)}"
        text += f". Fix: pass {', '.join(f'{name}=...' for name in missing)} (keyword-only)."
        yield ctx.diagnostic(CODE, SEVERITY, env.callee_span, text, noqa_lines=(env.span.line,), anchor=env.span)
        return
    reusable_arg = args.keyword("reusable")
    reusable: object = False
    if reusable_arg is not None:
        value = to_python(reusable_arg.value)
        if isinstance(reusable_arg.value, Obj):
            reusable = True
        elif value is NOT_CONSTANT:
            reusable = spec.UNKNOWN
        else:
            reusable = value is not None
    replicas = _plain(args.keyword("replicas"))
    nproc = _plain(args.keyword("nproc_per_node"))
    interconnect_arg = args.keyword("interconnect")
    interconnect = _plain(interconnect_arg) if interconnect_arg is not None else "tcp"
    gpu = _gpu_count(args.keyword("resources"))
    result = spec.clustered_error(reusable, replicas, nproc, gpu, interconnect)
    if result is None:
        return
    field, message = result
    arg = args.keyword(field)
    span = arg.span if arg is not None else env.callee_span
    text = f"ClusteredTaskEnvironment(...) raises ValueError at import: {message}. Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=(env.span.line,), anchor=env.span)


def _plain(arg: object) -> object:
    from ..facts import Arg

    if not isinstance(arg, Arg):
        return spec.UNKNOWN
    return _field_value(arg.value)


def _gpu_count(arg: object) -> object:
    from ..facts import Arg

    if arg is None:
        return None
    if not isinstance(arg, Arg):
        return spec.UNKNOWN
    value = arg.value
    if isinstance(value, Lit) and value.value is None:
        return None
    if not isinstance(value, Obj) or value.callee != "flyte.Resources":
        return spec.UNKNOWN
    fields = object_fields(value, spec.NEWEST_RELEASE)
    if fields is None:
        return spec.UNKNOWN
    gpu = fields.get("gpu")
    return spec.UNKNOWN if gpu is spec.UNKNOWN else spec.clustered_gpu_count(gpu)
