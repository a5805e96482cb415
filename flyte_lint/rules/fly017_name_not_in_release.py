"""
## What it does
Flags `from flyte import X` (or `from flyte.<module> import X`) where the target release has no class or
constant `X`: a misspelt name (`TaskEnviroment`), or one added after the release the project pins
(`from flyte.extras import Sleep` with flyte 2.0, `from flyte import Backoff` before 2.3).

## Why is this bad?
The module fails at import (`ImportError: cannot import name 'TaskEnviroment' from 'flyte'`), so nothing in it
can be run or deployed. A name that exists only in newer releases than the one you pin usually means a stale
pin or code copied from newer docs. The names are those each release's package provides, probed from the
release itself. Not judged: names that could be modules (a lower-case first letter) and `import flyte.<x>`,
since other distributions may install modules into the `flyte` package (flyte-sdk's own migration example
imports `flyte.migrate`); submodules that make their names on demand or could not be imported when probing;
imports inside a `try` whose handler catches the failure, and under `if TYPE_CHECKING:`.

## Example
```python
import flyte
from flyte.extras import ContainerTaks

env = flyte.TaskEnvironment(name="etl")
```

## Use instead
```python
import flyte
from flyte.extras import ContainerTask

env = flyte.TaskEnvironment(name="etl")
```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import spec
from ..diagnostics import Diagnostic, Severity
from ..facts import ImportFact, Span
from .base import ModuleContext

CODE = "FLY017"
NAME = "name-not-in-release"
SUMMARY = "Import of a flyte class or constant the target release does not have"
SEVERITY: Severity = "error"


def check(ctx: ModuleContext) -> Iterator[Diagnostic]:
    if ctx.target.beyond:
        return  # a release newer than the newest probed may have added the name
    for fact in ctx.facts.imports:
        if not (fact.module == "flyte" or fact.module.startswith("flyte.")) or fact.level or fact.optional:
            continue
        if fact.local in ctx.facts.type_checking_only or fact.name == "*":
            continue
        message = ctx.target.fails(_missing(fact))
        if message is None:
            continue
        yield ctx.diagnostic(CODE, SEVERITY, _where(fact), _text(ctx, fact, message), noqa_lines=(fact.line,))


def _missing(fact: ImportFact) -> Callable[[spec.Profile], str | None]:
    return lambda profile: spec.missing_flyte_import(profile, fact.module, fact.name)


def _text(ctx: ModuleContext, fact: ImportFact, message: str) -> str:
    releases = ", ".join(ctx.target.profiles)
    text = f"ImportError: {message} (flyte {releases}; raised at import)"
    wanted = fact.module if fact.name is None else f"{fact.module}.{fact.name}"
    newer = spec.accepted_since(wanted, _importable)
    if newer is not None:
        return f"{text}; {wanted} needs flyte >= {newer} (set target-version if you use it)"
    if fact.name is not None:
        known = spec.public_flyte_names(ctx.target.profiles[-1], fact.module)
        guess = spec.close_match(fact.name, known)
        if guess is not None:
            return f"{text}; did you mean {guess!r}?"
    return text


def _importable(profile: spec.Profile) -> tuple[str, ...]:
    """Every dotted name importable from flyte in ``profile`` (``flyte.extras.Sleep``, ``flyte.io``...)."""
    return spec.importable_flyte_names(profile)


def _where(fact: ImportFact) -> Span:
    return fact.span if fact.span is not None else Span(fact.line, 1, fact.line, 1)
