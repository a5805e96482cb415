"""
## What it does
Checks `links=` of `@env.task(...)` and of a called `task.override(...)`: a link must be an object with
`get_link` (a `flyte.Link`), not a URL string; and before flyte 2.2 the decorator takes one link or a tuple of
links, not a list.

## Why is this bad?
`flyte deploy` fails for the task when it renders the links (a real deploy; `--dry-run` skips them), and so does
the submission of an overridden task on the cluster: `AttributeError: 'str' object has no attribute
'get_link'`, or before flyte 2.2, for a list, `'list' object has no attribute 'get_link'`.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task(links="https://grafana.example.com/d/etl")
async def load(n: int) -> int:
    return n
```

## Use instead
```python
import flyte


class Grafana:
    name = "grafana"
    icon_uri = ""

    def get_link(self, run_name, project, domain, context, parent_action_name, action_name, pod_name, **kwargs):
        return f"https://grafana.example.com/d/etl?run={run_name}"


env = flyte.TaskEnvironment(name="etl")


@env.task(links=(Grafana(),))
async def load(n: int) -> int:
    return n
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Arg, Lit, Seq, Span
from ._override import override_targets
from .base import ModuleContext, task_environment

CODE = "FLY120"
NAME = "links-form"
SUMMARY = "links given as strings (or, before flyte 2.2, as a list) fail when the task is deployed"
SEVERITY: Severity = "error"

_PHASE = "`flyte deploy` fails for this task when it renders its links (a real deploy; --dry-run skips them)"
_OVERRIDE_PHASE = "the submission of the overridden task fails when it renders its links (deploy / cluster)"
_FIX = "Fix: pass objects with a get_link() method (flyte.Link), one or a tuple: links=(my_link,)."


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for task in ctx.facts.tasks:
        arg = task.args.keyword("links")
        if arg is None or task_environment(ctx, task) is None:
            continue
        yield from _report(ctx, arg, "decorator", _PHASE, task.span)
    for target in override_targets(ctx):
        arg = target.call.args.keyword("links")
        if arg is None or not target.call.invoked:
            continue  # an override that is never called is never serialized
        yield from _report(ctx, arg, "override", _OVERRIDE_PHASE, target.call.span)


def _report(ctx: ModuleContext, arg: Arg, level: str, phase: str, anchor: Span) -> Iterator[Diagnostic]:
    found: dict[spec.Profile, tuple[str, Span]] = {}

    def error(profile: spec.Profile) -> str | None:
        result = _links_error(arg, level, profile)
        if result is not None:
            found[profile] = result
            return result[0]
        return None

    message = ctx.target.fails(error)
    if message is None:
        return
    span = found[ctx.target.profiles[-1]][1]
    text = f"links: {phase} with AttributeError: {message}. {_FIX}"
    yield ctx.diagnostic(CODE, SEVERITY, span, text, anchor=anchor, noqa_lines=(arg.span.line,))


def _links_error(arg: Arg, level: str, profile: spec.Profile) -> tuple[str, Span] | None:
    """The rendering error and where it comes from, for links as the release stores them."""
    value = arg.value
    if isinstance(value, Lit) and isinstance(value.value, str):
        return (spec.links_error("str"), arg.span) if value.value or level == "decorator" else None
    if not isinstance(value, Seq) or value.kind == "set":
        return None
    if value.kind == "list" and level == "decorator" and not spec.links_list_converted(profile):
        return spec.links_error("list"), arg.span
    for index, item in enumerate(value.items):
        if isinstance(item, Lit) and isinstance(item.value, str):
            spans = value.item_spans
            return spec.links_error("str"), spans[index] if index < len(spans) else arg.span
    return None
