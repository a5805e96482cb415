"""
## What it does
Checks the values given to `flyte.Resources(...)` — negative CPU or GPU counts, request/limit tuples that
are not pairs, accelerator strings the SDK does not know (such as `"A100"` without a count), and, in
flyte >= 2.12, `memory` / `disk` / `shm` that are not Kubernetes quantity strings — and the quantity and
device name given to `flyte.GPU(...)` / `flyte.Device(...)`.

## Why is this bad?
`Resources.__post_init__`, `GPU()` and `Device.__post_init__` validate these values when they are
constructed and raise `ValueError` (for example `memory must be a Kubernetes quantity string such as '1Gi',
'512Mi' or '2G', got int: 1024` or `GPU quantity must be at least 1`), so a module-level definition makes
the module fail to import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="train", resources=flyte.Resources(cpu=-1, gpu="A100"))
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="train", resources=flyte.Resources(cpu=1, gpu="A100:1"))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Obj
from .base import NOT_CONSTANT, ModuleContext, bind_arguments, bound_fields, field_arg, to_python

CODE = "FLY051"
NAME = "resources-value"
SUMMARY = "Resources / GPU / Device value the SDK rejects"
SEVERITY: Severity = "error"

_HINTS = {
    "cpu": "use a non-negative core count (1, 0.5), a quantity string ('500m') or a (request, limit) pair of them",
    "memory": "use a Kubernetes quantity string such as '1Gi' or '512Mi' (or a (request, limit) pair of strings)",
    "disk": "use a Kubernetes quantity string such as '10Gi'",
    "shm": "use a Kubernetes quantity string such as '1Gi', or 'auto'",
    "gpu": "use a device count (1), an accelerator string with a count such as 'A100:1' or 'T4:1', "
    "or flyte.GPU(device, quantity)",
}
_GPU_PARAMS = ("device", "quantity", "partition")
_DEVICE_PARAMS = ("quantity", "device_class", "device", "partition")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee == "flyte.Resources":
            yield from _check_resources(ctx, obj)
        elif obj.callee == "flyte.GPU":
            yield from _check_gpu(ctx, obj)
        elif obj.callee == "flyte.Device":
            yield from _check_device(ctx, obj)


def _check_resources(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    results: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        fields = bound_fields(obj, profile)
        if fields is None:
            return None
        result = spec.resources_error(fields, profile)
        if result is None:
            return None
        results[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is None:
        return
    field = results[ctx.target.profiles[-1]][0]
    arg = field_arg(obj, ctx.target.profiles[-1], field)
    text = f"flyte.Resources(...) raises ValueError when constructed (at import): {message}. Fix: {_HINTS[field]}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span if arg else obj.span, text, noqa_lines=(obj.span.line,))


def _check_gpu(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    if obj.args.star_args or obj.args.star_kwargs or len(obj.args.positional) > len(_GPU_PARAMS):
        return
    if any(arg.keyword not in _GPU_PARAMS for arg in obj.args.keywords):
        return
    device_arg = bind_arguments(obj.args, _GPU_PARAMS, "device").arg
    quantity_arg = bind_arguments(obj.args, _GPU_PARAMS, "quantity").arg
    if device_arg is None or quantity_arg is None:
        return  # a TypeError (missing argument) instead
    device, quantity = _plain(device_arg), _plain(quantity_arg)
    partition_arg = bind_arguments(obj.args, _GPU_PARAMS, "partition").arg
    partition = _plain(partition_arg) if partition_arg is not None else None
    results: dict[spec.Profile, tuple[str, str]] = {}

    def error(profile: spec.Profile) -> str | None:
        result = spec.gpu_error(device, quantity, profile, partition)
        if result is None:
            return None
        results[profile] = result
        return result[1]

    message = ctx.target.fails(error)
    if message is None:
        return
    which = results[ctx.target.profiles[-1]][0]
    if which == "quantity":
        arg, hint = quantity_arg, "request at least 1 GPU (leave the GPU out of Resources for none)"
    elif which == "partition" and partition_arg is not None:
        arg, hint = partition_arg, "use one of the MIG partitions listed for that GPU"
    else:
        arg, hint = device_arg, "use one of the GPU names listed (they depend on the flyte version)"
    text = f"flyte.GPU(...) raises ValueError when called (at import): {message}. Fix: {hint}."
    yield ctx.diagnostic(CODE, SEVERITY, arg.span, text, noqa_lines=(obj.span.line,))


def _check_device(ctx: ModuleContext, obj: Obj) -> Iterator[Diagnostic]:
    if obj.args.star_args or obj.args.star_kwargs or len(obj.args.positional) > len(_DEVICE_PARAMS):
        return
    if any(arg.keyword not in _DEVICE_PARAMS for arg in obj.args.keywords):
        return
    if bind_arguments(obj.args, _DEVICE_PARAMS, "device_class").arg is None:
        return  # a TypeError (missing argument) instead
    quantity_arg = bind_arguments(obj.args, _DEVICE_PARAMS, "quantity").arg
    if quantity_arg is None:
        return
    quantity = _plain(quantity_arg)
    message = ctx.target.fails(lambda profile: spec.device_error(quantity))
    if message is None:
        return
    text = f"flyte.Device(...) raises ValueError when constructed (at import): {message}. "
    text += "Fix: use a quantity of 1 or more."
    yield ctx.diagnostic(CODE, SEVERITY, quantity_arg.span, text, noqa_lines=(obj.span.line,))


def _plain(arg: Arg) -> object:
    value = to_python(arg.value)
    return spec.UNKNOWN if value is NOT_CONSTANT else value
