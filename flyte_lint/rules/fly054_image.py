"""
## What it does
Checks how `flyte.Image` objects are built: calling `flyte.Image(...)` directly, adding layers
(`with_pip_packages`, `with_apt_packages`, `with_requirements`, ...) to an image made by
`Image.from_base(...)`, `Image.from_ref_name(...)` or `Image.from_dockerfile(...)` (which are not
extendable), and `with_requirements(...)` with a file that does not end in `.txt`.

## Why is this bad?
The SDK raises when the image is built, which for a module-level image is at import:
`TypeError: Direct instantiation of Image not allowed, please use one of the various from_...() methods
instead`, `ValueError: Cannot add additional layers to a non-extendable image. ...`, or
`ValueError: Requirements file reqs.in must have a .txt extension`.

## Example
```python
import flyte

image = flyte.Image.from_base("python:3.12-slim").with_pip_packages("pandas")
```

## Use instead
```python
import flyte

image = flyte.Image.from_debian_base(python_version=(3, 12)).with_pip_packages("pandas")
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Lit, Obj, Span
from .base import ModuleContext, bind_arguments

CODE = "FLY054"
NAME = "image-construction"
SUMMARY = "Image built in a way the SDK rejects"
SEVERITY: Severity = "error"

_REQUIREMENTS_PARAMS = ("file", "index_url", "extra_index_urls", "pre", "extra_args", "secret_mounts")


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee == "flyte.Image":
            text = (
                f"flyte.Image(...) raises TypeError when called (at import): {spec.IMAGE_DIRECT_MESSAGE}. "
                "Fix: start from a constructor such as flyte.Image.from_debian_base() or flyte.Image.from_base(uri)."
            )
            yield ctx.diagnostic(CODE, SEVERITY, obj.span, text, noqa_lines=(obj.span.line,))
            continue
        if not obj.callee.startswith("flyte.Image."):
            continue
        parts = obj.callee.split(".")
        if len(parts) < 4:
            continue  # a constructor alone
        constructor, methods = parts[2], parts[3:]
        method = methods[-1]
        if method == "with_requirements":
            requirements = _requirements_error(obj)
            if requirements is not None:
                yield ctx.diagnostic(CODE, SEVERITY, requirements[0], requirements[1], noqa_lines=(obj.span.line,))
                continue  # checked before the layer is added
        if (
            len(methods) == 1
            and constructor in spec.IMAGE_NON_EXTENDABLE_CONSTRUCTORS
            and method in spec.IMAGE_LAYER_METHODS
        ):
            text = (
                f"Image.{constructor}(...).{method}(...) raises ValueError when the image is built (at import): "
                f"{spec.IMAGE_NON_EXTENDABLE_MESSAGE} Images from {constructor}() cannot take layers. Fix: start "
                "from flyte.Image.from_debian_base(...) (or another extendable constructor) to add layers"
            )
            if constructor != "from_dockerfile":
                text += f", or call .clone(name=..., extendable=True) before .{method}(...)"
            else:
                text += ", or put the step in the Dockerfile"
            yield ctx.diagnostic(CODE, SEVERITY, obj.span, text + ".", noqa_lines=(obj.span.line,))


def _requirements_error(obj: Obj) -> tuple[Span, str] | None:
    given = bind_arguments(obj.args, _REQUIREMENTS_PARAMS, "file")
    arg = given.arg
    if arg is None or not isinstance(arg.value, Lit):
        return None
    message = spec.requirements_ext_error(arg.value.value)
    if message is None:
        return None
    text = (
        f"with_requirements({arg.value.value!r}) raises ValueError when the image is built (at import): {message}. "
        "Fix: pass a pip requirements .txt file (compile a .in file first, e.g. with `uv pip compile`), or use "
        "with_uv_project / with_poetry_project for project files."
    )
    return arg.span, text
