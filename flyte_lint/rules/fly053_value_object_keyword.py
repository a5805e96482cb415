"""
## What it does
Checks the arguments of Flyte's value objects (`Resources`, `ReusePolicy`, `Cache`, `Secret`, `PodTemplate`,
`RetryStrategy`, `Timeout`, `Trigger`) against their real signatures in the target flyte version: unknown
keywords, more positional arguments than the class takes, an argument passed both by position and by
keyword, and missing required arguments. Several fields exist only in newer releases
(`ReusePolicy(scope=)`, `Cache(max_age=)`, `Timeout(deadline=)`, `Trigger(max_action_concurrency=)`), and
some arguments are required only in older ones (`Timeout(max_runtime)` and `Trigger(automation)` in 2.1).

## Why is this bad?
These classes are plain dataclasses: a call that does not match the signature raises `TypeError` (for
example `Resources.__init__() got an unexpected keyword argument 'cpus'`) when it runs, so a module-level
definition makes the module fail to import.

## Example
```python
import flyte

env = flyte.TaskEnvironment(name="etl", resources=flyte.Resources(cpus=2, memory="4Gi"))
```

## Use instead
```python
import flyte

env = flyte.TaskEnvironment(name="etl", resources=flyte.Resources(cpu=2, memory="4Gi"))
```
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import Obj, Span
from ..spec.releases import release_key
from .base import ModuleContext

CODE = "FLY053"
NAME = "value-object-keyword"
SUMMARY = "Value object called with an unknown keyword, too many positionals or a missing argument"
SEVERITY: Severity = "error"

# A finding: (kind, detail) -> (span, SDK message)
_Key = tuple[str, str]


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee not in spec.VALUE_OBJECTS:
            continue
        if not ctx.target.exact and len({spec.value_object_fields(obj.callee, p) for p in spec.PROFILES}) > 1:
            # The signature changed between the probed releases; the target also covers releases in between,
            # whose signature is not known.
            continue
        per_profile = [_errors(obj, profile) for profile in ctx.target.profiles]
        newest = per_profile[-1]
        for key, (span, message) in newest.items():
            if not all(key in errors for errors in per_profile):
                continue
            text = f"{obj.callee}(...) raises TypeError when called (at import): {message}."
            hint = _hint(obj, key, ctx.target.profiles[-1])
            if hint:
                text += f" {hint}"
            yield ctx.diagnostic(CODE, SEVERITY, span, text, noqa_lines=(obj.span.line,))


def _errors(obj: Obj, profile: spec.Profile) -> dict[_Key, tuple[Span, str]]:
    """Every signature mismatch of ``obj`` under ``profile``, with Python's TypeError text for each."""
    names = spec.value_object_fields(obj.callee, profile) or ()
    required = spec.value_object_required(obj.callee, profile)
    cls = obj.callee.rsplit(".", 1)[1]
    args = obj.args
    found: dict[_Key, tuple[Span, str]] = {}
    positional_names = names[: len(args.positional)]
    for arg in args.keywords:
        if arg.keyword is None:
            continue
        if arg.keyword not in names:
            message = f"{cls}.__init__() got an unexpected keyword argument '{arg.keyword}'"
            found[("unexpected", arg.keyword)] = (arg.full_span or arg.span, message)
        elif arg.keyword in positional_names and not args.star_args:
            message = f"{cls}.__init__() got multiple values for argument '{arg.keyword}'"
            found[("multiple", arg.keyword)] = (arg.full_span or arg.span, message)
    if len(args.positional) > len(names):
        extra = args.positional[len(names) :]
        span = Span(extra[0].span.line, extra[0].span.column, extra[-1].span.end_line, extra[-1].span.end_column)
        found[("positional", "")] = (span, _too_many_message(cls, len(names), len(required), len(args.positional)))
    if not args.star_args and not args.star_kwargs and not found:
        given = set(positional_names) | set(args.keyword_names())
        missing = [name for name in required if name not in given]
        if missing:
            found[("missing", ",".join(missing))] = (obj.span, _missing_message(cls, missing))
    return found


def _too_many_message(cls: str, total: int, required: int, given: int) -> str:
    # CPython counts ``self``.
    low, high = required + 1, total + 1
    takes = f"from {low} to {high}" if low != high else f"{high}"
    plural = "argument" if high == 1 and low == high else "arguments"
    were = "was" if given + 1 == 1 else "were"
    return f"{cls}.__init__() takes {takes} positional {plural} but {given + 1} {were} given"


def _missing_message(cls: str, missing: list[str]) -> str:
    quoted = [f"'{name}'" for name in missing]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    plural = "argument" if len(missing) == 1 else "arguments"
    return f"{cls}.__init__() missing {len(missing)} required positional {plural}: {listed}"


def _hint(obj: Obj, key: _Key, profile: spec.Profile) -> str | None:
    kind, detail = key
    names = spec.value_object_fields(obj.callee, profile) or ()
    if kind == "unexpected":
        other = [p for p in spec.PROFILES if p != profile]
        for other_profile in other:
            if detail in (spec.value_object_fields(obj.callee, other_profile) or ()):
                newer = "newer" if release_key(other_profile) > release_key(profile) else "older"
                return f"`{detail}` exists only in {newer} flyte releases ({other_profile}); remove it or upgrade."
        match = spec.close_match(detail, names)
        if match:
            return f"Did you mean `{match}`?"
        return f"Valid keywords: {', '.join(names)}."
    if kind == "multiple":
        return f"Pass `{detail}` once, either by position or by keyword."
    if kind == "positional":
        return f"Pass the extra values by keyword ({', '.join(names)})."
    if kind == "missing":
        return "Pass " + ", ".join(f"`{name}`" for name in detail.split(",")) + "."
    return None
