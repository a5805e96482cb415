"""
## What it does
Checks the `command` and `arguments` lists of a `flyte.extras.ContainerTask(...)`: every element must be a
string. A number, `None`, a nested list or a plain Enum's member among them is reported.

## Why is this bad?
`ContainerTask.__init__` refuses the list when the module is imported (every release):
`ValueError: All elements in the command list must be strings.` (or `arguments list`). A number read from a
settings module (`"-t", THREADS`) is the usual way in: the container would get its text, so write it as one.

## Example
```python
from flyte.extras import ContainerTask

THREADS = 8

align = ContainerTask(
    name="align_reads",
    image="ghcr.io/acme/bwa:0.7.17",
    command=["bwa", "mem", "-t", THREADS, "/var/inputs/ref.fa"],
)
```

## Use instead
```python
from flyte.extras import ContainerTask

THREADS = 8

align = ContainerTask(
    name="align_reads",
    image="ghcr.io/acme/bwa:0.7.17",
    command=["bwa", "mem", "-t", str(THREADS), "/var/inputs/ref.fa"],
)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Seq, Span
from .base import NOT_CONSTANT, ModuleContext, bind_arguments, to_python, value_objects_of

CODE = "FLY058"
NAME = "container-task-arguments"
SUMMARY = "ContainerTask command or arguments element that is not a string"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for obj in value_objects_of(ctx, "flyte.extras.ContainerTask"):
        for field in ("command", "arguments"):
            arg = bind_arguments(obj.args, spec.CONTAINER_TASK_PARAMETERS, field).arg
            if arg is None or not isinstance(arg.value, Seq):
                continue
            items = [to_python(item) for item in arg.value.items]
            known = [spec.UNKNOWN if item is NOT_CONSTANT else item for item in items]
            message = spec.container_task_list_error(field, known)
            if message is None:
                continue
            bad = next(i for i, item in enumerate(known) if item is not spec.UNKNOWN and not isinstance(item, str))
            spans = arg.value.item_spans
            at: Span = spans[bad] if len(spans) == len(items) else arg.span
            text = (
                f"ContainerTask(...) raises ValueError when constructed (at import): {message} "
                f"Element {bad} is {known[bad]!r}. Fix: write it as a string ({field} items are passed to the "
                "container as text)."
            )
            yield ctx.diagnostic(CODE, SEVERITY, at, text, noqa_lines=(obj.span.line, arg.span.line))
            break  # the SDK checks command first and stops there
