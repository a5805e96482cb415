from __future__ import annotations

from pathlib import Path

import pytest
from _shared import NEW, OLD, check_docstring_examples, rule_findings

from flyte_lint.api import lint_paths
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly124_async_task_in_sync as rule

HEAD = (
    "import asyncio\n"
    "import flyte\n"
    'env = flyte.TaskEnvironment(name="prices")\n'
    "\n"
    "@env.task\n"
    "async def fetch(n: int) -> float:\n"
    "    return n * 1.5\n"
    "\n"
    "@env.task\n"
    "def scale(x: float) -> float:\n"
    "    return x * 2\n"
    "\n"
)


def findings(body: str, version: str = NEW, *, caller: str = "def") -> list[Diagnostic]:
    source = HEAD + f"@env.task\n{caller} report(n: int) -> float:\n" + body
    return rule_findings(rule.CODE, source, version)


def test_docstring_examples() -> None:
    check_docstring_examples(rule, NEW)
    check_docstring_examples(rule, OLD)


@pytest.mark.parametrize(
    "body",
    [
        "    return fetch(n)\n",
        "    return fetch.override(retries=2)(n)\n",
        "    return fetch.aio(n)\n",
    ],
)
def test_returning_the_call_of_an_async_task_from_a_sync_task_is_an_error(body: str) -> None:
    for version in (NEW, OLD):
        found = findings(body, version)
        assert [(d.line, d.severity) for d in found] == [(15, "error")], found
        assert "sync task 'report' returns" in found[0].message and "'fetch' never runs" in found[0].message


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("    return fetch(n) if n > 1 else 0.0\n", 15),
        ("    try:\n        return fetch(n)\n    except ValueError:\n        return 0.0\n", 16),
        ("    return scale.aio(2.0)\n", 15),
    ],
)
def test_a_conditional_return_a_try_and_aio_of_a_sync_task_are_errors_too(body: str, line: int) -> None:
    # A try catches nothing: the coroutine fails when the task's result is serialized, after the body returned.
    found = findings(body)
    assert [(d.line, d.severity) for d in found] == [(line, "error")], found


def test_a_call_as_a_statement_of_its_own_is_a_warning() -> None:
    found = findings("    fetch(n)\n    return 1.0\n")
    assert [(d.line, d.severity) for d in found] == [(15, "warning")]
    assert "'fetch' never runs" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "    return asyncio.run(fetch(n))\n",
        "    pending = fetch(n)\n    return 1.0\n",
        "    return scale(2.0)\n",
        "    def inner() -> float:\n        return fetch(n)\n    return 1.0\n",
    ],
)
def test_other_uses_and_sync_callees_are_not_judged(body: str) -> None:
    assert findings(body) == []


def test_an_async_parent_awaiting_the_call_is_accepted() -> None:
    assert findings("    return await fetch(n)\n", caller="async def") == []


def test_a_helper_function_returning_the_call_is_not_a_task_result() -> None:
    source = HEAD + "def helper(n: int) -> float:\n    return fetch(n)\n\n@env.task\ndef report(n: int) -> float:\n"
    assert rule_findings(rule.CODE, source + "    return helper(n)\n") == []


def test_the_callee_may_live_in_another_module(tmp_path: Path) -> None:
    (tmp_path / "lib.py").write_text(
        'import flyte\nenv = flyte.TaskEnvironment(name="lib")\n\n'
        "@env.task\nasync def fetch(n: int) -> float:\n    return n * 1.5\n",
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        "import flyte\nfrom lib import fetch, env as lib_env\n"
        'env = flyte.TaskEnvironment(name="app", depends_on=[lib_env])\n\n'
        "@env.task\ndef report(n: int) -> float:\n    return fetch(n)\n",
        encoding="utf-8",
    )
    found = [d for d in lint_paths([tmp_path], target_version=NEW) if d.code == rule.CODE]
    assert [(Path(d.path).name, d.line, d.severity) for d in found] == [("app.py", 7, "error")]
